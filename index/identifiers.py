"""Paper identifiers: arXiv ids (new and old style, with version, or as arXiv's own DOI) and DOIs,
found and normalised.

Example:
    >>> arxiv_id("arXiv:2301.00001v2"), doi("https://doi.org/10.1234/ABC")
    (('2301.00001', 2), '10.1234/abc')
    >>> arxiv_id("https://doi.org/10.48550/arXiv.2106.09685")
    ('2106.09685', 0)
"""

from __future__ import annotations

import re

_NEW_ARXIV = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(v(\d+))?(?![\w.])")
_OLD_ARXIV = re.compile(r"(?<![\w.-])([a-z-]+(?:\.[A-Z]{2})?/\d{7})(v(\d+))?(?!\w)")
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.", re.I)  # arXiv's DOI: the prefix, then the id
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>{}]+", re.I)


def arxiv_id(text: str) -> tuple[str, int] | None:
    """The first arXiv id in `text`, bare, and its version (0: none given)."""
    text = _ARXIV_DOI.sub("", text.strip())
    for pattern in (_NEW_ARXIV, _OLD_ARXIV):
        if m := pattern.search(text.removeprefix("arXiv:").removeprefix("arxiv:")):
            return m.group(1), int(m.group(3) or 0)
    return None


def doi(text: str) -> str:
    """A DOI as it is compared: lower-case, no resolver prefix or trailing punctuation; "" if none."""
    m = _DOI.search(text)
    return m.group(0).rstrip(".,;)").lower() if m else ""
