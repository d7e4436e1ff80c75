"""Parse scraped paper listings (four formats) into `Paper` records.

Formats, told apart by content:
- newsletter: a header line "Name - Weekday, Month Dth YYYY", then title and summary lines;
- daily: a daily-papers page, blank-line separated blocks of title, abstract and an optional
  metadata block ("• 7 authors" or an organisation line, "·", "May 19, 2023 7");
- title-abstract: title and abstract lines, a page header glued to the first title;
- abstracts: one abstract a line and no titles at all.
"""

from __future__ import annotations

import re

from index.papers import Paper, new_paper

_FURNITURE = re.compile(
    r"^(new|subscribe|daily papers|byak and the research community|"
    r"get trending papers in your email inbox( once a day)?!)$",
    re.IGNORECASE,
)
# glued furniture in front of a title: "SubscribePELA: ..." -> "PELA: ..."
_GLUED = re.compile(r"^(Get trending papers in your email inbox( once a day)?!|Subscribe)+", re.I)
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
_DATE = re.compile(rf"^(?P<date>{_MONTH} \d{{1,2}}(, \d{{4}})?)(?: (?P<upvotes>\d+))?$")
_AUTHORS = re.compile(r"^[•·*-]?\s*(?P<n>\d+) authors?$")
_NEWSLETTER = re.compile(r"^(?P<name>.+?) - (?P<date>(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*, .+\d{4})$")
_DOT = "·"


def parse_listing(text: str, source: str) -> list[Paper]:
    """Parse one listing file's text; the format is detected from the content."""
    fmt = detect_format(text)
    if fmt == "daily":
        return _parse_daily(text, source)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if fmt == "newsletter":
        header = _NEWSLETTER.match(lines[0])
        assert header
        meta: dict[str, str | int] = {"newsletter": header["name"], "date": header["date"]}
        return _pairs(lines[1:], source, fmt, meta)
    if fmt == "abstracts":
        return [new_paper(None, line, source, fmt) for line in lines]
    lines = [_GLUED.sub("", ln).strip() for ln in lines if not _FURNITURE.match(ln)]
    return _pairs([ln for ln in lines if ln], source, fmt, {})


def detect_format(text: str) -> str:
    """newsletter | daily | title-abstract | abstracts | "" (not a listing)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return ""
    if _NEWSLETTER.match(lines[0]) and len(lines) >= 3:
        return "newsletter"
    if any(_FURNITURE.match(ln) for ln in lines[:8]) and "\n\n" in text:
        return "daily"
    content = [_GLUED.sub("", ln) for ln in lines if not _FURNITURE.match(ln)]
    long = [_is_abstract(ln) for ln in content]
    if len(content) >= 2 and all(long):
        return "abstracts"
    alternating = all(long[i] != (i % 2 == 0) for i in range(len(long)))
    if len(content) >= 2 and len(content) % 2 == 0 and alternating:
        return "title-abstract"
    return ""


def _is_abstract(line: str) -> bool:
    """A line long and sentence-like enough to be an abstract, not a title."""
    return len(line) > 250 or (len(line) > 120 and line.count(". ") >= 2)


def _pairs(lines: list[str], source: str, fmt: str, meta: dict[str, str | int]) -> list[Paper]:
    papers = []
    for title, body in zip(lines[0::2], lines[1::2], strict=False):
        papers.append(new_paper(title, body, source, fmt, meta=dict(meta)))
    return papers


def _parse_daily(text: str, source: str) -> list[Paper]:
    """Walk the non-blank lines: title, abstract, then an optional metadata block."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    i = 0
    # page header: furniture lines and the page's own date ("Dec 9")
    while i < len(lines) and (_FURNITURE.match(lines[i]) or _DATE.match(lines[i])):
        i += 1
    papers: list[Paper] = []
    while i + 1 < len(lines):
        title, abstract = lines[i], lines[i + 1]
        i += 2
        meta: dict[str, str | int] = {}
        i = _read_meta(lines, i, meta)
        papers.append(new_paper(title, abstract, source, "daily", meta=meta))
    return papers


def _read_meta(lines: list[str], i: int, meta: dict[str, str | int]) -> int:
    """Consume "• N authors" or "<organisation>", then "·", then "date [upvotes]"."""
    if i < len(lines) and (m := _AUTHORS.match(lines[i])):
        meta["authors"] = int(m["n"])
        i += 1
    elif i + 1 < len(lines) and lines[i + 1] == _DOT:
        meta["organization"] = lines[i]
        i += 1
    if i < len(lines) and lines[i] == _DOT:
        i += 1
    if i < len(lines) and (d := _DATE.match(lines[i])):
        meta["date"] = d["date"]
        if d["upvotes"]:
            meta["upvotes"] = int(d["upvotes"])
        i += 1
    return i
