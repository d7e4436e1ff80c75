"""The `Paper` record, its stable id, derived titles and duplicate detection."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# zero-width, bidi controls and Unicode tag characters: invisible, and a way to hide instructions
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
_WORD = re.compile(r"[a-z0-9]+")
TEXT_RECIPE = "tidy1"  # how text is cleaned before chunking: a change re-indexes every source
# scraping debris: "77. 7%" (a decimal split at its point), "217.8times" (a unit glued on), LaTeX
# Greek ("PIXART-{\\delta}") and a web page's e-mail obfuscation standing where text was
_SPLIT_DECIMAL = re.compile(
    r"(?<![\d.])(\d{1,3})\. (\d{1,2})(?=\s?(?:%|percent\b|times\b|x\b|×|ms\b|points?\b))"
)  # noqa: E501
_GLUED_UNIT = re.compile(r"(\d)(times|fold)\b")
_LATEX_GREEK = re.compile(
    r"\{?\\(alpha|beta|gamma|delta|epsilon|zeta|eta|theta|kappa|lambda|mu|pi|rho|sigma|tau|phi|chi|psi|omega|Sigma|Delta)\}?"
)  # noqa: E501
_GREEK = dict(zip(
    "alpha beta gamma delta epsilon zeta eta theta kappa lambda mu pi rho sigma tau phi chi psi omega Sigma Delta".split(),  # noqa: E501, SIM905
    "αβγδεζηθκλμπρστφχψωΣΔ", strict=True))  # fmt: skip
_OBFUSCATED = re.compile(r"\[email(?:\s|\xa0)?protected\]")


@dataclass(frozen=True)
class Paper:
    """One paper as read from a listing or a file.

    `text` is the abstract (listings) or the whole text (files); `pages` keeps a PDF's text per
    page so that chunks can cite page numbers. `meta` holds what the listing had, as written:
    authors (count), date, upvotes, organization, newsletter.
    """

    paper_id: str
    title: str
    text: str
    source: str  # file name (bundled listings) or path (user files)
    fmt: str  # newsletter | daily | title-abstract | abstracts | text | markdown | pdf | jsonl
    title_derived: bool = False
    meta: dict[str, str | int] = field(default_factory=dict)
    pages: tuple[str, ...] = ()
    duplicate_of: str | None = None
    flags: tuple[str, ...] = ()  # e.g. "invisible-characters", "hidden-text"


def clean_text(text: str) -> tuple[str, bool]:
    r"""NFKC-normalise, drop invisible characters; say whether any were found.

    Example:
        >>> clean_text("ab\u200bc")
        ('abc', True)
    """
    text = unicodedata.normalize("NFKC", text)
    cleaned = _INVISIBLE.sub("", text)
    return tidy(cleaned), cleaned != text


def tidy(text: str) -> str:
    r"""Scraped text made readable: split decimals joined, glued units parted, LaTeX Greek as letters.

    Example:
        >>> tidy("PIXART-{\\delta} reaches 77. 7% and is 217.8times faster")
        'PIXART-δ reaches 77.7% and is 217.8 times faster'
    """
    text = _SPLIT_DECIMAL.sub(r"\1.\2", text)
    text = _GLUED_UNIT.sub(r"\1 \2", text)
    text = re.sub(r"\\([%&$#_])", r"\1", text)  # LaTeX escapes: "30.5\\%", "IAM \\& ICDAR"
    text = _LATEX_GREEK.sub(lambda m: _GREEK[m.group(1)], text)
    return _OBFUSCATED.sub("[…]", text)


def words(text: str) -> list[str]:
    """Lower-cased alphanumeric words.

    Example:
        >>> words("ViT-L/14!")
        ['vit', 'l', '14']
    """
    return _WORD.findall(text.lower())


def make_id(key: str) -> str:
    """Stable id from a title (or text): the same on every run and machine.

    Example:
        >>> make_id("Attention Is All You Need") == make_id("attention is all  you need.")
        True
    """
    digest = hashlib.sha256(" ".join(words(key)).encode()).hexdigest()
    return "p" + digest[:11]


_CLAIM = re.compile(r"\b(we (propose|present|introduce)|this paper (proposes|presents|introduces))\b", re.I)
_LEAD_IN = re.compile(
    r"^.*?\b(we (propose|present|introduce)|this paper (proposes|presents|introduces))\s+(a |an |the )?",
    re.I,
)


def derive_title(text: str, limit: int = 80) -> str:
    """A display title from the abstract's claim sentence ("we propose X ..."), else its first.

    Example:
        >>> derive_title("Old models fail. We propose FooNet, a fast net.")
        'FooNet, a fast net'
    """
    sentences = re.split(r"(?<=[.!?])\s", text.strip())
    first = next((s for s in sentences if _CLAIM.search(s)), sentences[0]).strip()
    first = _LEAD_IN.sub("", first, count=1)
    first = first[:1].upper() + first[1:]
    if not words(first):
        return "Untitled paper"
    if len(first) <= limit:
        return first.rstrip(".")
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def new_paper(title: str | None, text: str, source: str, fmt: str, **extra: object) -> Paper:
    """Build a Paper with its id; a missing title is derived from the text and marked so."""
    text, hidden = clean_text(text.strip())
    flags = ("invisible-characters",) if hidden else ()
    if title:
        title, hidden_t = clean_text(" ".join(title.split()))
        flags = flags or (("invisible-characters",) if hidden_t else ())
        return Paper(make_id(title), title, text, source, fmt, flags=flags, **extra)  # type: ignore[arg-type]
    return Paper(
        make_id(text),
        derive_title(text),
        text,
        source,
        fmt,
        True,
        flags=flags,
        **extra,  # type: ignore[arg-type]
    )


def identifiers(paper: Paper) -> dict[str, str]:
    """The paper's DOI and arXiv id, as normalised when read.

    Example:
        >>> meta = {"doi": "10.1/X", "arxiv_id": "2401.01234"}  # as read from doi and eprint 2401.01234v2
        >>> identifiers(Paper("p1", "A title", "", "a.bib", "bibtex", meta=meta))
        {'doi': '10.1/x', 'arxiv_id': '2401.01234'}
    """
    return {k: str(paper.meta[k]).lower() for k in ("doi", "arxiv_id") if paper.meta.get(k)}


def version(paper: Paper) -> int:
    """The arXiv version a paper came as (0: not said)."""
    return int(str(paper.meta.get("arxiv_version", 0) or 0))


def same_paper(a: Paper, b: Paper) -> bool:
    """True when b repeats a: the same identifier (DOI or arXiv id, whatever the versions), else
    the same id, near-identical text, or an earlier version.

    Identifiers come first: two papers with different DOIs (or arXiv ids) are two papers.

    An earlier version (another name, reworded abstract) is caught when one paper's title phrase
    appears in the other's text and their vocabularies overlap: "UniVL: A Unified Video and
    Language Pre-Training Model ..." vs "We propose UniViLM: a Unified Video and Language ...".
    """
    ida, idb = identifiers(a), identifiers(b)
    shared = ida.keys() & idb.keys()
    if any(ida[k] == idb[k] for k in shared):
        return True
    if shared:  # both say who they are, and they differ
        return False
    if a.paper_id == b.paper_id:
        return True
    sa, va, _ = _features(a.text)
    sb, vb, _ = _features(b.text)
    if _overlap(sa, sb) >= 0.6 and len(sa & sb) >= 25:  # short texts sharing boilerplate are not one paper
        return True
    return _overlap(va, vb) >= 0.35 and (_title_in(a, b) or _title_in(b, a))


def _title_in(a: Paper, b: Paper) -> bool:
    phrase = title_phrase(a)
    return len(phrase) >= 5 and " ".join(phrase) in _features(b.text)[2]


def title_phrase(paper: Paper) -> list[str]:
    """The words of a given title after any colon, which an earlier version may have in its text.

    Example:
        >>> title_phrase(Paper("p1", "UniVL: A Unified Video", "", "a.md", "markdown"))
        ['a', 'unified', 'video']
        >>> title_phrase(Paper("p1", "UniVL: A Unified Video", "", "a.md", "markdown", title_derived=True))
        []
    """
    return [] if paper.title_derived else words(paper.title.split(":", 1)[-1])


def shingles(w: list[str]) -> frozenset[tuple[str, ...]]:
    """Word 3-shingles; a text of fewer than three words is one shingle of what it has.

    Example:
        >>> sorted(shingles(["a", "b", "c", "d"])), shingles([])
        ([('a', 'b', 'c'), ('b', 'c', 'd')], frozenset({()}))
    """
    return frozenset(zip(w, w[1:], w[2:], strict=False)) if len(w) >= 3 else frozenset({tuple(w)})


@lru_cache(maxsize=4096)
def _features(text: str) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]], str]:
    """(word 3-shingles, vocabulary, normalised text) of a paper's text, cached."""
    w = words(text[:3000])
    return shingles(w), frozenset((x,) for x in w), " ".join(w)


def _overlap(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Containment of the smaller set in the larger: catches a shortened earlier version."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
