"""The capable-model replay counts true sentences about another paper apart from those that answer."""

from __future__ import annotations

from benchmarks.replay import summary


def row(true: bool, shown: bool, answers: bool = True, reason: str = "") -> dict[str, object]:
    return {"kind": "paraphrase" if true else "scope", "true": true, "shown": shown, "answers": answers,
            "reason": reason, "cited_in_prompt": True}  # fmt: skip


def test_a_true_sentence_about_another_paper_is_counted_apart() -> None:
    rows = [
        row(True, True),
        row(True, False, reason="repeats the quote from [1]"),  # shown as the quote
        row(True, True, answers=False),  # true of a neighbour, and shown: counted on its own
        row(True, False, answers=False),
        row(False, False),
    ]
    result = summary(rows)
    assert result["true_sentences"] == 2 and result["true_shown"] == 1.0
    assert (result["off_question_shown"], result["off_question_sentences"]) == (1, 2)
    assert result["false_shown"] == 0.0
