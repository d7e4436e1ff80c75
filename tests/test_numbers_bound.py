"""A number said of the right part of a parallel sentence ("4.48x on long text and 1.2x on short text") is
verified; one moved to the other part is not. Each case marked "before" was misjudged before this round."""

from __future__ import annotations

import pytest
from helpers.verdicts import assert_read_right

from assistant.verifier import Verifier

CASES = [
    (
        "ChunkLLM attains a maximum speedup of 4.48x on long-text benchmarks and 1.2x on short-text "
        "benchmarks compared with the vanilla Transformer.",
        [
            # before: the tail's "vanilla Transformer" was read as the 1.2x's setting alone
            "On long-text benchmarks ChunkLLM is up to about 4.5x faster than a vanilla Transformer.",
            "ChunkLLM speeds things up by at most 1.2x on short-text benchmarks relative to the vanilla "
            "Transformer.",
        ],
        [
            "On short-text benchmarks, ChunkLLM reaches a maximum speedup of 4.48x over the vanilla "
            "Transformer.",
            "ChunkLLM is up to 1.2x faster than the vanilla Transformer on long-text benchmarks.",
        ],
    ),
    (
        "The 7B model reaches 83.8% on GSM8K, while the 70B model reaches 90.7%.",
        # before: the first
        ["The 70B model scores about 91% on GSM8K.", "On GSM8K, the 7B version gets roughly 84%."],
        ["The 7B model reaches 90.7% on GSM8K.", "The 70B model scores about 84% on GSM8K."],
    ),
    (
        "Applying supplementary training to BERT yields a GLUE score of 81.8, and to GPT a score of "
        "78.0.",
        ["Supplementary training lifts BERT to 81.8 on GLUE."],
        # before: first
        ["Supplementary training lifts GPT to 81.8 on GLUE.", "Supplementary training takes BERT to 78.0."],
    ),
    (
        "The method reduces training time by 5.3x on text classification and by 2.1x on question "
        "answering.",
        ["On text classification, the method cuts training time by about 5x."],
        # before: first
        [
            "On question answering, the method cuts training time by 5.3x.",
            "It trains 2.1x faster on text classification.",
        ],
    ),
]


@pytest.mark.parametrize(("source", "right", "moved"), CASES)
def test_a_number_goes_with_its_own_part_of_the_sentence(
    verifier: Verifier, source: str, right: list[str], moved: list[str]
) -> None:
    assert_read_right(verifier, source, right, moved, "ChunkLLM")
