"""Choosing and ordering papers for a listing: filter by words, year, author and identifier; sort by
a column. Used by `papers list` and the library tab alike.

Example:
    >>> years("2019-2021")
    (2019, 2021)
    >>> year_of({"date": "2023-05-01"})
    2023
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from index.dates import day_number
from index.errors import Hint, PapersError
from index.identifiers import arxiv_id, doi
from index.limits import SORTS

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RANGE = re.compile(r"^\s*(\d{4})?\s*(?:(-|–|—|\.\.|to)\s*(\d{4})?)?\s*$")


class Record(Protocol):
    paper_id: str
    title: str
    source: str
    meta: dict[str, Any]
    chunks: int


@dataclass(frozen=True)
class Selection:
    """What a person asked to see: every field empty shows every paper, by listing then title."""

    words: str = ""
    years: str = ""  # "2021", "2019-2021", "2020-", "-2018"
    author: str = ""
    identifier: str = ""  # an arXiv id, a DOI, a URL, a BibTeX key or a paper id
    sort: str = ""  # one of SORTS; "" keeps listing then title
    descending: bool = False

    @property
    def filtered(self) -> bool:
        return any(s.strip() for s in (self.words, self.years, self.author, self.identifier))


def years(text: str) -> tuple[int | None, int | None]:
    """A year or a range of years, either end open.

    Example:
        >>> years("2020-")
        (2020, None)
    """
    m = _RANGE.match(text or "")
    if not m or not (m.group(1) or m.group(3)):
        if (text or "").strip():
            raise PapersError(
                f"Cannot read {text.strip()!r} as a year or a range of years",
                Hint("do", "write 2021, 2019-2021, 2020- or -2018"),
            )
        return None, None
    lo, dash, hi = m.group(1), m.group(2), m.group(3)
    if not dash:
        return int(lo), int(lo)
    if lo and hi and int(lo) > int(hi):  # "2021-2019" means the same years
        lo, hi = hi, lo
    return (int(lo) if lo else None), (int(hi) if hi else None)


def year_of(meta: dict[str, Any]) -> int | None:
    """The paper's year from its date or year field; None when it has none."""
    m = _YEAR.search(str(meta.get("date") or meta.get("year") or ""))
    return int(m.group(1)) if m else None


def date_key(meta: dict[str, Any]) -> int | None:
    """A sortable YYYYMMDD: the full date when there is one, else the year's start; None without a year.

    Example:
        >>> date_key({"date": "May 19, 2023"}), date_key({"date": "2021"})
        (20230519, 20210000)
    """
    full = day_number(str(meta.get("date") or ""))
    year = year_of(meta)
    return full if full is not None else (year * 10000 if year is not None else None)


_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """Lower case without accents, so "muller" finds "Müller" and "lukasz" "Łukasz".

    Example:
        >>> fold("Müller"), fold("Łukasz Søren")
        ('muller', 'lukasz soren')
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def authors_of(meta: dict[str, Any]) -> list[str]:
    """The named authors; listings give only a count, which names no one."""
    named = meta.get("authors")
    return [a.strip() for a in named.split(";") if a.strip()] if isinstance(named, str) else []


def identifiers_of(r: Record) -> list[str]:
    """Everything a person might paste to find this paper, as it is stored."""
    out = [r.paper_id]
    for field in ("arxiv_id", "doi", "url", "bibtex_key", "id"):
        value = str(r.meta.get(field, "") or "")
        if value:
            out.append(value)
    return out


def arxiv_of(text: str) -> str:
    """The bare arXiv id in `text`, any version; "" when there is none.

    Example:
        >>> arxiv_of("math.GT/0309136v2")
        'math.GT/0309136'
    """
    found = arxiv_id(text)
    return found[0] if found else ""


def _matches_identifier(r: Record, query: str) -> bool:
    query = query.strip()
    if not query:
        return True
    if wanted := arxiv_of(query):
        return any(arxiv_of(i) == wanted for i in identifiers_of(r))
    if wanted := doi(query):
        return any(doi(i) == wanted for i in identifiers_of(r))
    return any(query.lower() in i.lower() for i in identifiers_of(r))


def _matches_words(r: Record, words: str) -> bool:
    hay = fold(" ".join([r.title, r.paper_id, r.source, *map(str, r.meta.values())]))
    return all(word in hay for word in fold(words).split())


def _first_author_surname(meta: dict[str, Any]) -> str:
    names = authors_of(meta)
    if not names:
        return ""
    first = names[0]
    return fold(first.split(",")[0] if "," in first else first.split()[-1])


def short_source(source: str) -> str:
    """A listing or file as a person reads it: 'bundled:001.txt' stays, a path becomes its file name."""
    return Path(source).name if "/" in source or "\\" in source else source


def select(records: list[Any], sel: Selection) -> list[Any]:
    """The records `sel` asks for, in its order. Papers without the sorted field (no date, no named
    author) come last in either direction."""
    lo, hi = years(sel.years)
    author = fold(sel.author.strip())
    out = []
    for r in records:
        if sel.words.strip() and not _matches_words(r, sel.words):
            continue
        if lo is not None or hi is not None:
            y = year_of(r.meta)
            if y is None or (lo is not None and y < lo) or (hi is not None and y > hi):
                continue
        if author and not any(author in fold(a) for a in authors_of(r.meta)):
            continue
        if not _matches_identifier(r, sel.identifier):
            continue
        out.append(r)
    if not sel.sort:
        return out[::-1] if sel.descending else out
    if sel.sort not in SORTS:
        raise PapersError(f"Cannot sort by {sel.sort!r}", Hint("do", f"sort by one of: {', '.join(SORTS)}"))
    keys: dict[str, Any] = {
        "title": lambda r: fold(r.title),
        "date": lambda r: date_key(r.meta),
        "author": lambda r: _first_author_surname(r.meta) or None,
        "listing": lambda r: fold(short_source(r.source)),
        "chunks": lambda r: r.chunks,
        "id": lambda r: r.paper_id,
    }
    keyed = sorted(((keys[sel.sort](r), r) for r in out), key=lambda kr: fold(kr[1].title))
    known = [kr for kr in keyed if kr[0] is not None]  # in title order, kept for ties below
    known.sort(key=lambda kr: kr[0], reverse=sel.descending)
    return [r for _, r in known] + [r for k, r in keyed if k is None]
