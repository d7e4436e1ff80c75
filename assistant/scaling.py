"""What a gain grows with: "more gains on larger models" is no "the larger the dataset, the bigger the
gains".
"""

from __future__ import annotations

import re

from assistant import claims as read

_MORE = r"(?:larger|bigger|more|greater|higher|longer|deeper|wider)"
_GAIN = r"(?:gains?|improvements?|benefits?|advantages?|speed-?ups?)"
_THING = r"((?:[\w-]+\s+){0,2}[\w-]+)"
# "the larger the pre-training dataset, the bigger ...", "gains grow with the size of the model",
# "more gains on larger models", "scales with model size"
_GROWS = [
    re.compile(rf"\bthe {_MORE} (?:the )?{_THING}\s*,\s*the {_MORE}\b", re.I),
    re.compile(
        rf"\b{_GAIN}\s+(?:\w+\s+){{0,2}}?(?:grow|increase|rise|scale)s?\s+with\s+(?:the\s+)?(?:size\s+of\s+)?"
        rf"(?:the\s+)?{_THING}(?=[\s,;.)]|$)",
        re.I,
    ),
    re.compile(
        rf"\b{_MORE}\s+{_GAIN}\s+(?:on|for|with|from|at)\s+{_MORE}\s+{_THING}(?=[\s,;.)]|$)", re.IGNORECASE
    ),
]
# what grows, less the words of growing
_SIZE = frozenset(
    read.content("size sizes scale capacity amount number larger bigger more greater higher longer deeper")
    | read.content("wider")
)


def _grows_with(text: str) -> str:
    """What the text's gain grows with, as written, or "".

    Example:
        >>> _grows_with("We observe more gains on larger models.")
        'models'
        >>> _grows_with("The larger the pre-training dataset, the bigger the gains.")
        'pre-training dataset'
    """
    for pattern in _GROWS:
        if m := pattern.search(text):
            return m.group(1)
    return ""


def scaled_otherwise(claim: str, source: str) -> tuple[str, str] | None:
    """(what the claim's gain grows with, what the source's does) when the two differ.

    Example:
        >>> scaled_otherwise("The larger the dataset, the bigger the gains.", "It brings more gains on larger models.")
        ('dataset', 'models')
        >>> scaled_otherwise("Its gains grow with model size.", "It brings more gains on larger models.")
    """  # noqa: E501
    mine, theirs = _grows_with(claim), _grows_with(source)
    a, b = read.content(mine) - _SIZE, read.content(theirs) - _SIZE
    if not a or not b or a & b:
        return None
    return mine, theirs
