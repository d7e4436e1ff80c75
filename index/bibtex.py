"""Reference libraries: BibTeX and CSL-JSON in (Zotero, Better BibTeX, Mendeley), BibTeX out.

Read with bibtexparser 2 and its LaTeX-decoding middleware (`{\\"u}` -> ü, `{LM}` keeps its
case). Each entry becomes a paper with its authors, year, venue, DOI, arXiv id and URL; an entry
whose `file` field names a PDF that exists is indexed with that PDF's full text, else with its
abstract, and an entry with neither is indexed as metadata only (title, authors, venue) and said
so. Identifiers are normalised: DOIs lower-case without a resolver prefix, arXiv ids bare
(version kept apart).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import UnreadableFile
from index.identifiers import arxiv_id, doi
from index.papers import Paper, new_paper

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
    files: list[str] = field(default_factory=list)  # PDFs named by the entry


def read_bib(path: Path, text: str) -> list[Entry]:
    """The entries of a BibTeX file (its decoded `text`); UnreadableFile if it holds none."""
    import bibtexparser
    from bibtexparser import middlewares

    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(keep_braced_groups=False),
            middlewares.SeparateCoAuthors(),
        ],
    )
    entries = []
    for e in library.entries:
        fields = {k.lower(): v.value for k, v in e.fields_dict.items()}
        entries.append(_entry(e.key, fields))
    if not entries:
        raise UnreadableFile(str(path), "no BibTeX entries in it (is it a .bib export?)")
    return entries


def read_csl(path: Path, text: str) -> list[Entry]:
    """The items of a CSL-JSON file (Zotero's and Better BibTeX's JSON export), from its `text`."""
    try:
        items = json.loads(text)
    except ValueError as exc:
        raise UnreadableFile(str(path), f"not CSL-JSON ({exc})") from None
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
        fields = {
            "title": str(item.get("title", "")),
            "author": names,
            "year": str(parts[0][0]) if parts and parts[0] else "",
            "journal": str(item.get("container-title", "")),
            "doi": str(item.get("DOI", "")),
            "url": str(item.get("URL", "")),
            "abstract": str(item.get("abstract", "")),
            "note": str(item.get("note", "")),
            "file": str(item.get("file", "")),
            "eprint": str(item.get("number", ""))
            if "arxiv" in str(item.get("publisher", "")).lower()
            else "",
        }
        entries.append(_entry(str(item.get("citation-key") or item.get("id") or ""), fields))
    if not entries:
        raise UnreadableFile(str(path), "no items in this CSL-JSON file")
    return entries


def _arxiv_number(item: dict[str, Any]) -> str:
    """Zotero's CSL for an arXiv preprint: publisher "arXiv", the id in `number`."""
    return str(item.get("number", "")) if "arxiv" in str(item.get("publisher", "")).lower() else ""


def read(path: Path, text: str) -> list[Entry]:
    """A reference library's entries: BibTeX by its name, else CSL-JSON."""
    return read_bib(path, text) if path.suffix.lower() == ".bib" else read_csl(path, text)


def is_csl(path: Path) -> bool:
    """A .json file holding a JSON array (CSL-JSON), not JSON Lines."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(256).lstrip().startswith(b"[")


def papers(entries: list[Entry], source: str, read_pdf: Any) -> list[Paper]:
    """Each entry as a paper: its PDF's text when a named file exists, else its abstract, else
    metadata only. Flags say what happened: "missing-file:PATH", "metadata-only"."""
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
            }.items()
            if v
        }
        flags: list[str] = []
        pdf = next((Path(f) for f in e.files if f.lower().endswith(".pdf") and Path(f).is_file()), None)
        missing = [f for f in e.files if f.lower().endswith(".pdf") and not Path(f).is_file()]
        flags += [f"missing-file:{f}" for f in missing]
        if pdf is not None:
            try:
                full = read_pdf(pdf)
            except UnreadableFile as exc:
                flags.append(f"unreadable-file:{exc.path}")
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


def _flagged(paper: Paper, flags: list[str]) -> Paper:
    from dataclasses import replace

    return replace(paper, flags=(*paper.flags, *flags)) if flags else paper


def _entry(key: str, f: dict[str, Any]) -> Entry:
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
    )


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
    return [str(Path(p).expanduser()) for p in paths]


def _plain(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").split())


# -- BibTeX out -------------------------------------------------------------------------------
def cite_key(authors: str, year: str, title: str) -> str:
    """first author's last name, year, first title word: ascii, lower-case.

    Example: cite_key("Müller, Jörg; Smith, Anna", "2023", "On Naïve Bayes") -> "muller2023naive"
    """
    first = authors.split(";")[0].strip()
    last = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
    words = [w for w in re.findall(r"[A-Za-z0-9]+", _ascii(title).lower()) if w not in _KEY_STOP]
    key = re.sub(r"[^a-z0-9]", "", _ascii(last).lower()) or "anon"
    return f"{key}{year}{words[0] if words else 'untitled'}"


def to_bibtex(records: list[dict[str, Any]]) -> str:
    """BibTeX entries for paper records (title, meta, paper_id); keys stable and unique.

    Non-ASCII letters are written as LaTeX (ü -> {\\"u}); the title sits in an extra pair of
    braces so that BibTeX styles keep its case. Parsing the output back gives the same titles.
    """
    import bibtexparser
    from bibtexparser.model import Entry as BibEntry
    from bibtexparser.model import Field
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    latex = UnicodeToLatexEncoder(non_ascii_only=True, replacement_latex_protection="braces-all")
    library = bibtexparser.Library()
    seen: dict[str, int] = {}
    for r in records:
        meta = r.get("meta") or {}
        named = meta.get("authors")
        authors = named if isinstance(named, str) else ""  # a listing gives a count, not names
        year = m.group(0) if (m := re.search(r"\b(19|20)\d\d\b", str(meta.get("date", "")))) else ""
        key = str(meta.get("bibtex_key") or cite_key(authors, year, str(r["title"])))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}{chr(ord('a') + seen[key] - 2)}"
        arxiv = str(meta.get("arxiv_id", ""))
        fields = {
            "title": "{" + latex.unicode_to_latex(_escape(str(r["title"]))) + "}",
            "author": latex.unicode_to_latex(" and ".join(a.strip() for a in authors.split(";") if a)),
            "year": year,
            "journal": latex.unicode_to_latex(_escape(str(meta.get("venue", "")))),
            "doi": str(meta.get("doi", "")),
            "eprint": arxiv,
            "archiveprefix": "arXiv" if arxiv else "",
            "url": str(meta.get("url", "")) or (f"https://arxiv.org/abs/{arxiv}" if arxiv else ""),
            "note": f"papers id {r['paper_id']}",
        }
        kind = "article" if fields["journal"] else "misc"
        library.add(BibEntry(kind, key, [Field(k, v) for k, v in fields.items() if v]))
    return bibtexparser.write_string(library)


def _escape(text: str) -> str:
    """Characters BibTeX reads as markup, escaped; braces dropped.

    Example: _escape("50% & more") -> "50\\% \\& more"
    """
    return re.sub(r"([%&#_$])", r"\\\1", text.replace("{", "").replace("}", ""))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
