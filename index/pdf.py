"""PDF to `Paper` through pypdf: text per page (page numbers kept), hostile files refused."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from assistant.errors import UnreadableFile
from index.papers import Paper, new_paper


def read_pdf(path: Path, data: bytes, max_pages: int) -> Paper:
    """One paper from a PDF; encrypted, corrupt and text-less PDFs raise UnreadableFile."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    name = str(path)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(name, "the PDF is encrypted; save an unencrypted copy and add that")
        pages = [_page_text(page) for page in reader.pages[:max_pages]]
        truncated = len(reader.pages) > max_pages
        title = _meta_title(reader)
    except UnreadableFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        why = f"the PDF is damaged and cannot be read ({exc.__class__.__name__})"
        raise UnreadableFile(name, why) from None
    if not any(p.strip() for p in pages):
        raise UnreadableFile(name, "the PDF has no extractable text (scanned images?); OCR it first")
    first_line = next((ln.strip() for ln in pages[0].splitlines() if ln.strip()), "") if pages else ""
    title = title or (first_line if 0 < len(first_line) <= 200 else None) or path.stem
    flags = ("truncated",) if truncated else ()
    paper = new_paper(title, "\n\n".join(pages), name, "pdf", pages=tuple(pages))
    return paper if not flags else _with_flags(paper, flags)


def _page_text(page: object) -> str:
    text = page.extract_text() or ""  # type: ignore[attr-defined]
    return text.replace("\x00", "")


def _meta_title(reader: object) -> str | None:
    meta = getattr(reader, "metadata", None)
    title = getattr(meta, "title", None) if meta else None
    placeholder = ("microsoft word", "untitled")
    if isinstance(title, str) and 3 <= len(title.strip()) <= 300:
        return None if title.lower().startswith(placeholder) else title.strip()
    return None


def _with_flags(paper: Paper, flags: tuple[str, ...]) -> Paper:
    from dataclasses import replace

    return replace(paper, flags=paper.flags + flags)
