"""PDF to `Paper` through pypdf: text per page (page numbers kept), hostile files refused."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from index.errors import UnreadableFile
from index.papers import Paper, new_paper


def read_pdf_limited(
    path: Path, data: bytes, max_pages: int, seconds: float = 60, memory_mb: int = 1536
) -> Paper:
    """read_pdf in a separate process with a time and an address-space limit.

    A PDF that decompresses into gigabytes hits the memory limit, one that loops the parser hits
    the time limit; either is refused with a clear message and the indexing process is unharmed.
    """
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # no fork of a process with torch's threads
    pool = ctx.Pool(1, initializer=_limit_memory, initargs=(memory_mb,))
    try:
        return pool.apply_async(read_pdf, (path, data, max_pages)).get(timeout=seconds)
    except multiprocessing.TimeoutError:
        raise UnreadableFile(
            str(path), f"reading the PDF took over {seconds:.0f} s and was stopped"
        ) from None
    except MemoryError:
        raise UnreadableFile(
            str(path), f"the PDF expands to more than {memory_mb} MB of data; refused"
        ) from None
    finally:
        pool.terminate()


def _limit_memory(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def read_pdf(path: Path, data: bytes, max_pages: int) -> Paper:
    """One paper from a PDF; encrypted, corrupt and text-less PDFs raise UnreadableFile."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    name = str(path)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(name, "the PDF is encrypted; save an unencrypted copy and add that")
        pages = [_page_text(page) for page in reader.pages[:max_pages]]
        truncated = len(reader.pages) > max_pages
        title = _meta_title(reader)
        hidden = any(_hides_text(page) for page in reader.pages[:max_pages])
    except UnreadableFile:
        raise
    except LimitReachedError:
        raise UnreadableFile(
            name, "the PDF expands to more data than pypdf allows (a decompression bomb?)"
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        why = f"the PDF is damaged and cannot be read ({exc.__class__.__name__})"
        raise UnreadableFile(name, why) from None
    if not any(p.strip() for p in pages):
        raise UnreadableFile(name, "the PDF has no extractable text (scanned images?); OCR it first")
    first_line = next((ln.strip() for ln in pages[0].splitlines() if ln.strip()), "") if pages else ""
    title = title or (first_line if 0 < len(first_line) <= 200 else None) or path.stem
    flags = ("truncated",) * truncated + ("hidden-text",) * hidden
    paper = new_paper(
        title, "\n\n".join(pages), name, "pdf", pages=tuple(pages), meta=first_page_ids(pages[0])
    )
    return paper if not flags else _with_flags(paper, flags)


def _page_text(page: object) -> str:
    text = page.extract_text() or ""  # type: ignore[attr-defined]
    return text.replace("\x00", "")


def first_page_ids(text: str) -> dict[str, str | int]:
    """The arXiv id (and version) and DOI printed on a paper's first page, normalised.

    Example:
        >>> first_page_ids("arXiv:2401.01234v3 [cs.CL]")
        {'arxiv_id': '2401.01234', 'arxiv_version': 3}
    """
    from index.identifiers import arxiv_id, doi

    found: dict[str, str | int] = {}
    if (m := re.search(r"arXiv:\s*(\S+)", text)) and (ident := arxiv_id(m.group(1))):
        found["arxiv_id"], found["arxiv_version"] = ident[0], ident[1] or ""
        found = {k: v for k, v in found.items() if v != ""}
    if d := doi(text[:5000]):
        found["doi"] = d
    return found


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


_HIDDEN = re.compile(rb"(?<![\d.])3\s+Tr\b")


def _hides_text(page: object) -> bool:
    """Invisible text (text render mode 3) in the page's content stream."""
    try:
        contents = page.get_contents()  # type: ignore[attr-defined]
        return bool(contents is not None and _HIDDEN.search(contents.get_data()))
    except Exception:  # an unreadable stream hides nothing we could read
        return False
