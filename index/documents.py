"""Read user files into papers: listings, plain text, Markdown and PDF, checked by content."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from index.errors import UnreadableFile
from index.listings import detect_format, parse_listing
from index.papers import Paper, new_paper, words

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 2000
SUFFIXES = {".txt", ".md", ".markdown", ".pdf"}
_HEADING = re.compile(r"^#{1,6}\s+(.+)$", re.M)


def read_path(path: Path, max_bytes: int = MAX_BYTES) -> list[Paper]:
    """All papers in one file, whatever its name says; UnreadableFile says why not."""
    if not path.is_file():
        raise UnreadableFile(str(path), "no such file")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(str(path), "the file is empty")
    if size > max_bytes:
        raise UnreadableFile(
            str(path), f"the file is {size / 2**20:.0f} MB, over the {max_bytes / 2**20:.0f} MB limit"
        )
    data = path.read_bytes()
    if data.lstrip()[:5] == b"%PDF-":
        from index.pdf import read_pdf_limited  # pypdf only when a PDF arrives

        return [read_pdf_limited(path, data, max_pages=MAX_PAGES)]
    if path.suffix.lower() == ".pdf":
        raise UnreadableFile(str(path), "named .pdf but it is not a PDF (no %PDF header)")
    return read_text(decode(data, str(path)), str(path), path.suffix.lower())


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """The files under the given paths (folders walked, hidden files skipped), sorted."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and _wanted(child):
                    yield child
        else:
            yield path


def _wanted(path: Path) -> bool:
    from index.jsonl import SUFFIXES as BULK

    return path.suffix.lower() in SUFFIXES or path.name.lower().endswith(BULK)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (or UTF-16 with a BOM) text; binaries and unknown encodings are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise UnreadableFile(name, "this is a binary file, not text, Markdown or PDF")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            name, f"not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8 and retry"
        ) from None
    control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > 0.05 * min(len(text), 8192):
        raise UnreadableFile(name, "this looks like a binary file, not text")
    return text


def read_text(text: str, source: str, suffix: str = ".txt") -> list[Paper]:
    """A listing (any of the four formats) or a single paper; Markdown's first heading is its title."""
    if not words(text):
        raise UnreadableFile(source, "the file has no text (no letters or digits)")
    # a Markdown heading means a document; one title line and one abstract line is just a paper
    listing = "" if _HEADING.search(text) else detect_format(text)
    if listing:
        papers = parse_listing(text, source)
        if len(papers) > 1 or listing != "title-abstract":
            return papers
    fmt = "markdown" if suffix in {".md", ".markdown"} or _HEADING.search(text) else "text"
    title, body = _split_title(text, fmt)
    if not body.strip():
        body, title = title or "", None
    return [new_paper(title, body, source, fmt)]


def _split_title(text: str, fmt: str) -> tuple[str | None, str]:
    """Title from a Markdown heading or a short first line; the rest is the body."""
    if fmt == "markdown" and (m := _HEADING.search(text)):
        return m.group(1).strip(), (text[: m.start()] + text[m.end() :]).strip()
    first, _, rest = text.strip().partition("\n")
    if len(first) <= 200 and not first.rstrip().endswith((".", ",")) and rest.strip():
        return first.strip(), rest.strip()
    return None, text.strip()
