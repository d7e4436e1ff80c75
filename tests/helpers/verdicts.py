"""One claim against one source text, through the real verifier."""

from __future__ import annotations

from assistant.verifier import Verdict, Verifier


def judge(verifier: Verifier, claim: str, text: str, title: str = "T") -> Verdict:
    """The verdict on `claim` against a paper whose stored text is `text`, cited as [1]."""
    return verifier.check(claim, verifier.passages([(text, title)])[0], "[1]")


def assert_read_right(
    verifier: Verifier, source: str, right: list[str], wrong: list[str], title: str = "T"
) -> None:
    """Each claim of `right` is verified against `source`, and none of `wrong` is."""
    for claim in right:
        v = judge(verifier, claim, source, title)
        assert v.status == "supported", (claim, v)
    for claim in wrong:
        v = judge(verifier, claim, source, title)
        assert v.status != "supported", (claim, v)
