"""Reference libraries: BibTeX and CSL-JSON in (Zotero, Better BibTeX, Mendeley), BibTeX out.

Read with bibtexparser 2 and its LaTeX-decoding middleware (`{\\"u}` -> ü, `{LM}` keeps its
case). Each entry becomes a paper with its authors, year, venue, DOI, arXiv id and URL; an entry
whose `file` field names a PDF that exists is indexed with that PDF's full text, else with its
abstract, and an entry with neither is indexed as metadata only (title, authors, venue) and said
so. Identifiers are normalised: DOIs lower-case without a resolver prefix, arXiv ids bare
(version kept apart).

Nothing is dropped in silence: an entry whose key repeats is kept beside the first, and an entry
the parser cannot read (unbalanced braces) is named by line and key in the notes, the rest read.
A library that came as an upload may name only files of the same upload (see `attachment`).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import UnreadableFile
from index.identifiers import arxiv_id, doi
from index.papers import Paper, new_paper

# fields written back on export as they were read, so that @inproceedings keeps its booktitle and pages
KEPT: tuple[str, ...] = ("journal", "booktitle", "publisher", "volume", "number", "pages", "editor", "series")
KEPT += ("edition", "address", "organization", "institution", "school", "howpublished", "month", "isbn")
KEPT += ("issn",)
_VENUES = ("journal", "booktitle", "publisher")  # where an entry's venue is read from, in this order
_CSL_KINDS = {"paper-conference": "inproceedings", "article-journal": "article", "book": "book",
              "chapter": "incollection", "thesis": "phdthesis", "report": "techreport"}  # fmt: skip
_KEY_STOP = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards", "toward"}


@dataclass
class Entry:
    """One reference, as the library file gave it."""

    key: str
    title: str
    authors: list[str] = field(default_factory=list)  # "Last, First"
    year: str = ""
    venue: str = ""
    doi: str = ""
    arxiv: str = ""
    version: int = 0
    url: str = ""
    abstract: str = ""
    files: list[str] = field(default_factory=list)  # files named by the entry, as written
    kind: str = ""  # the entry type: "inproceedings", "article", ... ("" : not said)
    fields: dict[str, str] = field(default_factory=dict)  # KEPT fields as read: {"pages": "1--9"}


@dataclass
class Reading:
    """A reference library as read: its entries, and what a person should hear about the file
    itself (entries that could not be read, keys that repeat), without the file's name."""

    entries: list[Entry]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Upload:
    """Where a reference library that came as an upload may find the files its entries name:
    the folder it was copied to, and the files uploaded with it (name as uploaded, path now)."""

    folder: Path
    files: tuple[tuple[str, Path], ...] = ()


def attachment(name: str, upload: Upload | None) -> Path | None:
    """Where to read a file that an entry's `file` field names; None: it may not be read.

    A person's own library (no upload) may name any of their files: the path as written, with ~
    expanded. An uploaded library may name only a file of the same upload: one uploaded with it,
    found by its name whatever folder the path gives (a Zotero path from the uploader's machine
    names the PDF uploaded beside the .bib), or a path relative to its folder that stays inside it.
    Anything else, the server's own files above all, is not read.
    """
    if upload is None:
        return Path(name).expanduser()
    if "\x00" in name:
        return None
    base = re.split(r"[\\/\n]", name)[-1].strip()  # LaTeX decoding turns a \\ into a line break
    for uploaded, where in upload.files:
        if base and base in (uploaded, where.name):
            return where
    if name.startswith("~") or Path(name).is_absolute():
        return None
    folder = upload.folder.resolve()
    inside = (folder / name).resolve()
    return inside if inside.is_relative_to(folder) else None


def read_bib(path: Path, text: str) -> Reading:
    """The entries of a BibTeX file (its decoded `text`), and notes on what could not be read as
    it was; UnreadableFile if no entry can be read."""
    import bibtexparser

    _quiet_parser()
    try:
        library = bibtexparser.parse_string(text, append_middleware=_middleware())
    except Exception as exc:  # the parser's own failure on a strange file: said once, not a traceback
        raise UnreadableFile(
            str(path), f"the BibTeX parser failed on it ({exc.__class__.__name__}); check the file's syntax"
        ) from None
    reading = _classify(library.blocks, library.strings, 0)
    if not reading.entries:
        why = f" ({reading.notes[0]})" if reading.notes else " (is it a .bib export?)"
        raise UnreadableFile(str(path), f"no BibTeX entry in it could be read{why}")
    return reading


def _middleware() -> list[Any]:
    from bibtexparser import middlewares

    return [middlewares.LatexDecodingMiddleware(keep_braced_groups=False), middlewares.SeparateCoAuthors()]


class _Said(logging.Filter):
    """Drops bibtexparser's notices of blocks it could not read (the notes say them); its errors pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


def _quiet_parser() -> None:
    """Keep bibtexparser's own notices off stderr: it logs each block it cannot read, once per
    parse (and a file is parsed twice, for its fingerprint and for its papers)."""
    log = logging.getLogger("bibtexparser.splitter")
    if not any(isinstance(f, _Said) for f in log.filters):
        log.addFilter(_Said())


def _classify(blocks: list[Any], strings: list[Any], offset: int) -> Reading:
    """Entries from parsed blocks, in file order: a repeated key's entry is parsed again on its own
    and kept; a block that failed becomes a note naming its line and key."""
    from bibtexparser import model

    reading = Reading([])
    first: dict[str, int] = {}
    for block in blocks:
        line = offset + (block.start_line or 0) + 1
        if isinstance(block, model.Entry):
            first.setdefault(block.key, line)
            fields = {k.lower(): v.value for k, v in block.fields_dict.items()}
            reading.entries.append(_entry(block.key, fields, block.entry_type.lower()))
        elif isinstance(block, model.DuplicateBlockKeyBlock) and not isinstance(
            block.ignore_error_block, model.Entry
        ):
            reading.notes.append(f"line {line}: @string {block.key} repeats; its first definition is used")
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            alone = _alone(block, strings, line - 1)
            reading.entries += alone.entries
            reading.notes += alone.notes
            if alone.entries:
                where = f"lines {first[block.key]} and {line}" if block.key in first else f"line {line}"
                reading.notes.append(f"key {block.key} repeats ({where}); both entries are kept")
        elif isinstance(block, model.ParsingFailedBlock):
            reading.notes.append(_failed(block, line))
    return reading


def _alone(block: Any, strings: list[Any], offset: int) -> Reading:
    """The entry of a block set aside for its repeated key, parsed on its own with the file's
    @string macros, its lines counted from `offset`."""
    import bibtexparser

    library = bibtexparser.parse_string(
        block.raw or "", append_middleware=_middleware(), library=bibtexparser.Library(list(strings))
    )
    return _classify(library.blocks[len(strings) :], strings, offset)


def _failed(block: Any, line: int) -> str:
    """A note for a block the parser could not read: its line, its key, why, and what to do."""
    found = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s{}()]+)", block.raw or "")
    key = found.group(1) if found else "an entry with no key"
    raw = re.sub(r"\\[{}]", "", block.raw or "")
    opened, closed = raw.count("{"), raw.count("}")
    if opened != closed:
        why, fix = f"the entry's braces do not balance ({opened} opened, {closed} closed)", "its braces"
    else:
        reason = getattr(block.error, "abort_reason", "") or str(block.error)
        why, fix = f"the parser could not read it ({' '.join(str(reason).split())[:160]})", "the entry"
    return (
        f"line {line}, {key}: not read, {why}; the other entries are read; "
        f"fix {fix} and import the file again"
    )


def read_csl(path: Path, text: str) -> Reading:
    """The items of a CSL-JSON file (Zotero's and Better BibTeX's JSON export), from its `text`."""
    try:
        items = json.loads(text)
    except ValueError as exc:
        raise UnreadableFile(str(path), f"not CSL-JSON ({exc})") from None
    except RecursionError:
        raise UnreadableFile(str(path), "not CSL-JSON: nested too deeply to be a reference library") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise UnreadableFile(str(path), "not CSL-JSON (expected a list of items)")
    entries = []
    for item in items:
        names = [
            ", ".join(p for p in (a.get("family", ""), a.get("given", "")) if p) or str(a.get("literal", ""))
            for a in item.get("author", [])
            if isinstance(a, dict)
        ]
        parts = (item.get("issued") or {}).get("date-parts") or [[]]
        kind = _CSL_KINDS.get(str(item.get("type", "")), "")
        venue = "booktitle" if kind in ("inproceedings", "incollection") else "journal"
        fields = {
            "title": str(item.get("title", "")),
            "author": names,
            "year": str(parts[0][0]) if parts and parts[0] else "",
            venue: str(item.get("container-title", "")),
            "pages": str(item.get("page", "")),
            "volume": str(item.get("volume", "")),
            "number": str(item.get("issue", "")),
            "doi": str(item.get("DOI", "")),
            "url": str(item.get("URL", "")),
            "abstract": str(item.get("abstract", "")),
            "note": str(item.get("note", "")),
            "file": str(item.get("file", "")),
            "eprint": str(item.get("number", ""))
            if "arxiv" in str(item.get("publisher", "")).lower()
            else "",
        }
        entries.append(_entry(str(item.get("citation-key") or item.get("id") or ""), fields, kind))
    if not entries:
        raise UnreadableFile(str(path), "no items in this CSL-JSON file")
    return Reading(entries)


def _arxiv_number(item: dict[str, Any]) -> str:
    """Zotero's CSL for an arXiv preprint: publisher "arXiv", the id in `number`."""
    return str(item.get("number", "")) if "arxiv" in str(item.get("publisher", "")).lower() else ""


def read(path: Path, text: str) -> Reading:
    """A reference library's entries and notes: BibTeX by its name, else CSL-JSON."""
    return read_bib(path, text) if path.suffix.lower() == ".bib" else read_csl(path, text)


def is_csl(path: Path) -> bool:
    """A .json file holding a JSON array (CSL-JSON), not JSON Lines."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(256).lstrip().startswith(b"[")


def papers(entries: list[Entry], source: str, read_pdf: Any, upload: Upload | None = None) -> list[Paper]:
    """Each entry as a paper: its PDF's text when a named file exists (and may be read, see
    `attachment`), else its abstract, else metadata only. Flags say what happened:
    "missing-file:PATH", "unreadable-file:PATH", "outside-upload:PATH", "metadata-only"."""
    out = []
    for e in entries:
        meta: dict[str, str | int] = {
            k: v
            for k, v in {
                "authors": "; ".join(e.authors),
                "date": e.year,
                "venue": e.venue,
                "doi": e.doi,
                "arxiv_id": e.arxiv,
                "arxiv_version": e.version or "",
                "url": e.url,
                "bibtex_key": e.key,
                "bibtex_type": e.kind,
                "venue_field": next((k for k in _VENUES if e.fields.get(k) and e.venue), ""),
                **{k: v for k, v in e.fields.items() if k not in _VENUES or _plain(v) != e.venue},
            }.items()
            if v
        }
        pdf, flags = _attached(e.files, upload)
        if pdf is not None:
            try:
                full = read_pdf(pdf)
            except UnreadableFile as exc:
                flags.append(f"unreadable-file:{exc.path} ({exc.why})")
                full = None
            if full is not None:
                paper = new_paper(
                    e.title or full.title, full.text, source, "bibtex", meta=meta, pages=full.pages
                )
                out.append(_flagged(paper, flags))
                continue
        text = e.abstract
        if not text.strip():
            flags.append("metadata-only")
            text = ". ".join(p for p in (e.title, ", ".join(e.authors), e.venue, e.year) if p)
        out.append(_flagged(new_paper(e.title or None, text, source, "bibtex", meta=meta), flags))
    return out


def _attached(files: list[str], upload: Upload | None) -> tuple[Path | None, list[str]]:
    """The first named PDF that exists and may be read, and flags for the named files that are
    missing or outside the upload."""
    pdf, flags = None, []
    for name in files:
        where = attachment(name, upload)
        if where is None:
            flags.append(f"outside-upload:{name}")
        elif name.lower().endswith(".pdf") or where.suffix.lower() == ".pdf":
            if not _is_file(where):
                flags.append(f"missing-file:{name}")
            elif pdf is None:
                pdf = where
    return pdf, flags


def _is_file(path: Path) -> bool:
    """Whether a named file exists; a name the system refuses (too long, a NUL) names none."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _flagged(paper: Paper, flags: list[str]) -> Paper:
    from dataclasses import replace

    return replace(paper, flags=(*paper.flags, *flags)) if flags else paper


def _entry(key: str, f: dict[str, Any], kind: str = "") -> Entry:
    authors = f.get("author", [])
    if isinstance(authors, str):
        authors = [a.strip() for a in re.split(r"\s+and\s+", authors) if a.strip()]
    authors = [" ".join(str(a).split()) for a in authors]
    ident = arxiv_id(
        " ".join(str(f.get(k, "")) for k in ("eprint", "arxivid", "arxiv", "note", "url", "journal"))
    )
    ident = (
        ident if ident and (f.get("eprint") or "arxiv" in " ".join(map(str, f.values())).lower()) else None
    )
    year = str(f.get("year") or f.get("date", ""))[:4]
    return Entry(
        key=key,
        title=_plain(str(f.get("title", ""))),
        authors=authors,
        year=year if year.isdigit() else "",
        venue=_plain(str(f.get("journal") or f.get("booktitle") or f.get("publisher") or "")),
        doi=doi(str(f.get("doi", ""))),
        arxiv=ident[0] if ident else "",
        version=ident[1] if ident else 0,
        url=str(f.get("url", "")).strip(),
        abstract=_plain(str(f.get("abstract", ""))),
        files=_files(str(f.get("file", ""))),
        kind=kind,
        fields={k: v for k in KEPT if (v := _plain(_joined(f.get(k, ""))))},
    )


def _joined(value: Any) -> str:
    """A field's value as text: a list of names (editors) joined with "and"."""
    return " and ".join(map(str, value)) if isinstance(value, list) else str(value)


def _files(field_value: str) -> list[str]:
    """Paths in a `file` field: Zotero's "Title:path:mime;..." or plain paths separated by ;."""
    paths = []
    for part in field_value.split(";"):
        part = part.strip()
        if not part:
            continue
        bits = part.split(":")
        if len(bits) >= 3 and "/" in bits[-1]:  # description:path:mime (a Windows drive adds a colon)
            paths.append(":".join(bits[1:-1]))
        else:
            paths.append(part)
    return paths


def _plain(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").split())


# -- BibTeX out -------------------------------------------------------------------------------
def cite_key(authors: str, year: str, title: str) -> str:
    """first author's last name, year, first title word: ascii, lower-case.

    Example:
        >>> cite_key("Müller, Jörg; Smith, Anna", "2023", "On Naïve Bayes")
        'muller2023naive'
    """
    first = authors.split(";")[0].strip()
    last = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
    words = [w for w in re.findall(r"[A-Za-z0-9]+", _ascii(title).lower()) if w not in _KEY_STOP]
    key = re.sub(r"[^a-z0-9]", "", _ascii(last).lower()) or "anon"
    return f"{key}{year}{words[0] if words else 'untitled'}"


def _year(meta: dict[str, Any]) -> str:
    return m.group(0) if (m := re.search(r"\b(19|20)\d\d\b", str(meta.get("date", "")))) else ""


def _authors(meta: dict[str, Any]) -> str:
    named = meta.get("authors")
    return named if isinstance(named, str) else ""  # a listing gives a count, not names


def unique_keys(records: list[dict[str, Any]]) -> list[str]:
    """Each record's citation key: its imported BibTeX key, else `cite_key`; a key that repeats gets
    a, b, ... in record order.

    Example:
        >>> paper = {"title": "Attention Is All You Need", "meta": {"authors": "Vaswani, A.", "date": "2017"}}
        >>> unique_keys([paper, paper, {"title": "X", "meta": {"bibtex_key": "k1"}}])
        ['vaswani2017attention', 'vaswani2017attentiona', 'k1']
    """
    seen: dict[str, int] = {}
    out = []
    for r in records:
        meta = r.get("meta") or {}
        key = str(meta.get("bibtex_key") or cite_key(_authors(meta), _year(meta), str(r["title"])))
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}{chr(ord('a') + seen[key] - 2)}")
    return out


def to_bibtex(records: list[dict[str, Any]], keys: list[str] | None = None) -> str:
    """BibTeX entries for paper records (title, meta, paper_id), under `keys` (default: `unique_keys`).

    Non-ASCII letters are written as LaTeX (ü -> {\\"u}); the title sits in an extra pair of
    braces so that BibTeX styles keep its case. Parsing the output back gives the same titles.
    """
    import bibtexparser
    from bibtexparser.model import Entry as BibEntry
    from bibtexparser.model import Field
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    latex = UnicodeToLatexEncoder(non_ascii_only=True, replacement_latex_protection="braces-all")
    library = bibtexparser.Library()
    for r, key in zip(records, keys or unique_keys(records), strict=True):
        meta = r.get("meta") or {}
        authors, year = _authors(meta), _year(meta)
        arxiv = str(meta.get("arxiv_id", ""))
        # the venue in the field it came in (booktitle of an @inproceedings), then the entry's own
        kept = {str(meta.get("venue_field") or "journal"): meta.get("venue", "")}
        kept |= {k: meta[k] for k in KEPT if meta.get(k) and k not in kept}
        if "pages" in kept:  # read as "1–9" (LaTeX's -- decoded): written back as BibTeX's range
            kept["pages"] = str(kept["pages"]).replace("–", "--")
        fields = {
            "title": "{" + latex.unicode_to_latex(_escape(str(r["title"]))) + "}",
            "author": latex.unicode_to_latex(" and ".join(a.strip() for a in authors.split(";") if a)),
            "year": year,
            **{k: latex.unicode_to_latex(_escape(str(v))) for k, v in kept.items() if k in KEPT},
            "doi": str(meta.get("doi", "")),
            "eprint": arxiv,
            "archiveprefix": "arXiv" if arxiv else "",
            "url": str(meta.get("url", "")) or (f"https://arxiv.org/abs/{arxiv}" if arxiv else ""),
            "note": f"papers id {r['paper_id']}",
        }
        kind = str(meta.get("bibtex_type") or ("article" if fields.get("journal") else "misc"))
        library.add(BibEntry(kind, key, [Field(k, v) for k, v in fields.items() if v]))
    return bibtexparser.write_string(library)


def _escape(text: str) -> str:
    r"""Characters BibTeX reads as markup, escaped; braces dropped.

    Example:
        >>> print(_escape("50% & more {x}"))
        50\% \& more x
    """
    return re.sub(r"([%&#_$])", r"\\\1", text.replace("{", "").replace("}", ""))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
