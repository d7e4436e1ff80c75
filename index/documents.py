"""Read user files into papers: listings, plain text, Markdown and PDF, checked by content."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import UnreadableFile
from index.listings import detect_format, parse_listing
from index.papers import Paper, new_paper, words
from index.sources import Read

if TYPE_CHECKING:
    from index.bibtex import Upload

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 2000
SUFFIXES = {".txt", ".md", ".markdown", ".pdf", ".bib"}
WESTERN = ("cp1252", "latin_1", "iso8859_15")
_UNDEFINED = {
    0x81,
    0x8D,
    0x8F,
    0x90,
    0x9D,
}  # bytes cp1252 leaves undefined: read as latin-1  # preferred when an encoding guess is a tie
_HEADING = re.compile(r"^#{1,6}\s+(.+)$", re.M)


def read_path(path: Path, max_bytes: int = MAX_BYTES) -> list[Paper]:
    """All papers in one file, whatever its name says; UnreadableFile says why not."""
    return read_file(path, max_bytes).papers


def read_file(path: Path, max_bytes: int = MAX_BYTES, upload: Upload | None = None) -> Read:
    """All papers in one file and notes on the file itself; UnreadableFile says why not.

    `upload`: the file came as an upload, and a reference library may name only files of the same
    upload (see index.bibtex.attachment); without it, a person's own library names their files.
    """
    if not path.is_file():
        raise UnreadableFile(str(path), "no such file")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(str(path), "the file is empty")
    check_size(path, size, max_bytes, upload is not None)
    data = path.read_bytes()
    if data.lstrip()[:5] == b"%PDF-":
        from index.pdf import read_pdf_limited  # pypdf only when a PDF arrives

        return Read([read_pdf_limited(path, data, max_pages=MAX_PAGES)])
    if path.suffix.lower() == ".pdf":
        raise UnreadableFile(str(path), "named .pdf but it is not a PDF (no %PDF header)")
    from index import bibtex

    if path.suffix.lower() == ".bib" or bibtex.is_csl(path):
        text, _ = decode(data, str(path))
        library = bibtex.read(path, text)
        attached = partial(_attached_pdf, max_bytes=max_bytes, uploaded=upload is not None)
        return Read(bibtex.papers(library.entries, str(path), attached, upload), library.notes)
    if path.name.lower().endswith((".json", ".jsonl", ".ndjson")):
        raise UnreadableFile(
            str(path), "not a CSL-JSON array of references, nor JSON Lines of papers (one object per line)"
        )
    text, encoding = decode(data, str(path))
    papers = read_text(text, str(path), path.suffix.lower())
    if encoding != "utf-8":  # said in the index report: "read as cp1252"
        papers = [replace(p, flags=(*p.flags, f"encoding:{encoding}")) for p in papers]
    return Read(papers)


def check_size(path: Path, size: int, max_bytes: int, uploaded: bool) -> None:
    """Refuse a file over the limit before reading it, naming the setting that raises it.

    Example:
        >>> check_size(Path("big.pdf"), size=2 * 2**30, max_bytes=50 * 2**20, uploaded=False)
        Traceback (most recent call last):
        index.errors.UnreadableFile: big.pdf: the file is 2,048 MB, over the 50 MB limit for a file
        `papers index` reads (set PAPERS_MAX_FILE_MB to raise it)
    """
    if size <= max_bytes:
        return
    what, setting = (
        ("an upload", "PAPERS_MAX_UPLOAD_MB")
        if uploaded
        else ("a file `papers index` reads", "PAPERS_MAX_FILE_MB")
    )  # noqa: E501
    raise UnreadableFile(
        str(path),
        f"the file is {size / 2**20:,.0f} MB, over the {max_bytes / 2**20:,.0f} MB limit for {what} "
        f"(set {setting} to raise it)",
    )


def _attached_pdf(path: Path, max_bytes: int = MAX_BYTES, uploaded: bool = False) -> Paper:
    """A PDF a reference library names, read with the same limits as any PDF: its size is checked
    before a byte is read."""
    from index.pdf import read_pdf_limited

    check_size(path, path.stat().st_size, max_bytes, uploaded)
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)  # the file may have grown since
    check_size(path, len(data), max_bytes, uploaded)
    if data.lstrip()[:5] != b"%PDF-":
        raise UnreadableFile(str(path), "not a PDF (no %PDF header)")
    return read_pdf_limited(path, data, max_pages=MAX_PAGES)


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


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 or a BOM's UTF-16/32 first, else what charset-normalizer finds
    (cp1252, latin-1, ...); binaries and text in no known encoding are refused, saying why.

    Example:
        >>> decode("Résumé, naïve".encode("latin-1"), "a.txt")[0]
        'Résumé, naïve'
    """
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                raise UnreadableFile(name, f"it starts with a {codec} mark but is not {codec} text") from None
    if b"\x00" in data[:8192]:
        raise UnreadableFile(name, "this is a binary file, not text, Markdown or PDF")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        if mixed := by_line(data):
            return mixed
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        # short texts read well in several code pages; a Western one (what most such files are
        # in) wins unless it reads clearly worse
        western = from_bytes(data, cp_isolation=list(WESTERN)).best()
        if western is not None and (best is None or western.chaos <= best.chaos + 0.05):
            best = western
        if best is None or best.chaos > 0.2:
            raise UnreadableFile(
                name,
                f"not text in any encoding I can tell (not UTF-8: bad byte at offset {exc.start}); "
                "save it as UTF-8 and retry",
            ) from None
        text, encoding = str(best), best.encoding
        with contextlib.suppress(UnicodeDecodeError):
            if encoding not in WESTERN and data.decode("cp1252") == text:
                encoding = "cp1252"  # the same text either way: name the common one
    control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > 0.05 * min(len(text), 8192):
        raise UnreadableFile(name, "this looks like a binary file, not text")
    return text, encoding


def by_line(data: bytes) -> tuple[str, str] | None:
    r"""Text whose lines are partly UTF-8 and partly cp1252 (pasted together from two editors),
    each line decoded on its own; None when no line is UTF-8 beyond ASCII. In a line that is not
    UTF-8, what is UTF-8 is read as such and each other byte as cp1252. The encoding says how many
    lines were which, for the index report.

    Example:
        >>> by_line("café\n".encode() + "naïve\n".encode("cp1252"))
        ('café\nnaïve\n', 'mixed: 1 line UTF-8, 1 cp1252')
    """
    utf8, western, out = 0, 0, []
    for line in data.splitlines(keepends=True):
        try:
            out.append(line.decode("utf-8"))
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            out.append(_utf8_else_cp1252(line))
            western += 1
    if not utf8:
        return None
    return "".join(out), f"mixed: {_lines(utf8)} UTF-8, {western} cp1252"


def _utf8_else_cp1252(line: bytes) -> str:
    r"""A line's UTF-8 runs as UTF-8, every byte between them as cp1252 (latin-1 for the five it lacks).

    Example:
        >>> _utf8_else_cp1252("café ".encode() + "naïve".encode("cp1252"))
        'café naïve'
    """
    out, pos = [], 0
    while True:
        try:
            out.append(line[pos:].decode("utf-8"))
            return "".join(out)
        except UnicodeDecodeError as exc:
            out.append(line[pos : pos + exc.start].decode("utf-8"))
            bad = line[pos + exc.start : pos + exc.end]
            out += [chr(b) if b in _UNDEFINED else bytes([b]).decode("cp1252") for b in bad]
            pos += exc.end


def _lines(n: int) -> str:
    return f"{n} line" if n == 1 else f"{n} lines"


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
