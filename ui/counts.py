"""Counts in words for the UI's messages: "1 paper", "2 papers", never "1 papers" or "paper(s)".

Example:
    >>> count(1, "paper"), count(1200, "chunk")
    ('1 paper', '1,200 chunks')
"""

from __future__ import annotations

IRREGULAR = {"entry": "entries", "copy": "copies"}  # nouns whose plural is not noun + "s"


def count(n: int, noun: str, nouns: str = "") -> str:
    """`n` and the noun in the number it needs; `nouns` is the plural when it is not noun + "s".

    Example:
        >>> count(0, "file"), count(3, "entry")
        ('0 files', '3 entries')
        >>> count(1, "line that is not a paper", "lines that are not papers")
        '1 line that is not a paper'
    """
    word = noun if n == 1 else nouns or IRREGULAR.get(noun, noun + "s")
    return f"{n:,} {word}"
