"""What is given up for what: "X is traded off for Y", "X at the expense of Y", "X instead of Y", a switch
"from X to Y". A claim that has the two sides the other way round ("Y is traded off for X") is not what the
source says, though every word of it is there.
"""

from __future__ import annotations

import re

from assistant import claims as read

# each pattern, and which side of it is kept (the other is given up or left behind)
_EXCHANGES = [
    (
        re.compile(
            r"\btraded?[- ]?off\s+(?:for|against|(?:in order\s+)?to\s+(?:gain|get|obtain|achieve|buy))\b|"
            r"\btraded\s+for\b",
            re.I,
        ),
        "right",
    ),
    (
        re.compile(r"\bat the (?:expense|cost) of\b|\binstead of\b|\brather than\b|\bin place of\b", re.I),
        "left",
    ),
    (re.compile(r"\bin exchange for\b|\bin favou?r of\b", re.I), "right"),
]
# a switch: what is left behind follows "from" (or "away from"), what is taken up follows "to"/"toward"
_SWITCH = re.compile(
    r"\b(?:away\s+)?from\s+(?P<old>[^,;.()\d]{3,60}?)\s+(?:and\s+)?(?:to|towards?)\s+(?P<new>[^,;.()\d]{3,60})",
    re.I,
)
_SWITCHING = re.compile(r"\b(?:switch\w*|mov\w*|shift\w*|chang\w*|turn\w*|went|go\w*)\b", re.I)
_CUT = re.compile(r"[,;:.()]|\b(?:and|but|while|which|that|because|so)\b", re.I)
_AUX = re.compile(
    r"\b(?:can|could|may|might|must|is|are|was|were|be|been|being|has|have|had|will|would)\b", re.I
)


def _near(text: str, at: int, before: bool, most: int = 4) -> set[str]:
    """Content words of up to `most` words beside `at`, within the clause; auxiliaries skipped."""
    if before:
        part = _CUT.split(text[:at])[-1]
        words = _AUX.sub(" ", part).split()[-most:]
    else:
        part = _CUT.split(text[at:])[0]
        words = _AUX.sub(" ", part).split()[:most]
    return read.content(" ".join(words)) - read.PLAIN


def sides(text: str) -> list[tuple[set[str], set[str]]]:
    """(kept, given up) content words of each exchange or switch in `text`.

    Example:
        >>> [(sorted(k), sorted(g)) for k, g in sides("Reliability can be traded off for real-time use.")]
        [(['real', 'real-tim', 'time'], ['reliabl'])]
    """
    out = []
    for pattern, kept in _EXCHANGES:
        for m in pattern.finditer(text):
            if re.search(
                r"\b(?:not|never|no|without)\s+(?:\w+\s+)?$", text[max(0, m.start() - 20) : m.start()], re.I
            ):
                continue  # "not at the expense of accuracy" exchanges nothing
            left, right = _near(text, m.start(), True), _near(text, m.end(), False)
            if left and right:
                out.append((right, left) if kept == "right" else (left, right))
    for m in _SWITCH.finditer(text):
        if _SWITCHING.search(text[max(0, m.start() - 60) : m.start()]):
            new, old = read.content(m.group("new")) - read.PLAIN, read.content(m.group("old")) - read.PLAIN
            if new and old:
                out.append((new, old))
    return out


def exchanged(claim: str, sentences: list[str]) -> tuple[str, str] | None:
    """(what the source gives up, what it keeps), as the claim words them, when the claim has them the
    other way round.

    Example:
        >>> exchanged("Real-time learning can be traded off for system reliability.",
        ...           ["We proved that system reliability could be traded-off for real-time learning."])
        ('real-time learning', 'system reliability')
        >>> exchanged("System reliability can be given up for real-time learning.",
        ...           ["We proved that system reliability could be traded-off for real-time learning."])
    """
    theirs = [pair for s in sentences for pair in sides(s)]
    for kept, given in sides(claim):
        if any(kept & k and given & g for k, g in theirs):
            continue  # the source has it this way round too ("synthetic rather than real" in one of two)
        for their_kept, their_given in theirs:
            if kept & their_given and given & their_kept and not (kept & their_kept or given & their_given):
                return _words(claim, given), _words(claim, kept)
    return None


def _words(text: str, stems: set[str]) -> str:
    """The stretch of `text` from the first word whose stem is in `stems` to the last, with a plain word
    right after it ("real-time learning"), as written."""
    words = re.findall(r"[\w-]+", text)
    at = [i for i, w in enumerate(words) if read.content(w) & stems]
    if not at:
        return ""
    end = at[-1] + 1
    if end < len(words) and read.content(words[end]) <= read.PLAIN and read.content(words[end]):
        end += 1
    return " ".join(words[at[0] : end]).lower()
