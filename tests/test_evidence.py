"""The quotes come from the paper the question describes, not from the neighbour retrieval ranked first."""

from __future__ import annotations

from dataclasses import replace

from assistant import evidence
from assistant.answer import Source
from assistant.verifier import Verifier
from index.embeddings import Embedder

# retrieval put the neighbour first; the question paraphrases the second paper's whole account, and its
# asked number sits in a sentence that says little else
NEIGHBOUR = Source(
    1, "pB", "Rectified flows", "b",
    "Rectified flows learn straight paths from noise to data so that sampling takes one step. "
    "With reflow and distillation, the one-step FID on CIFAR-10 is 3.07.",
    "cB",
)  # fmt: skip
ASKED = Source(
    2, "pA", "Consistency training", "a",
    "Consistency models map any noise level directly to data. "
    "We improve their training recipe so that no distillation from a teacher is needed. "
    "The single-step FID on CIFAR-10 is 2.51.",
    "cA",
)  # fmt: skip
QUESTION = (
    "What single-step FID on CIFAR-10 does a better recipe for training models that map any noise level "
    "straight to data, without distillation from a teacher, reach?"
)


def test_the_first_quote_comes_from_the_paper_the_question_describes(embedder: Embedder) -> None:
    verifier = Verifier(embedder)
    quotes = evidence.select(QUESTION, [NEIGHBOUR, ASKED], verifier)
    assert quotes[0].paper_id == "pA" and "2.51" in quotes[0].quote
    # the paper's share of the question's words is what decides: without it the neighbour's quote leads
    without = evidence.select(QUESTION, [NEIGHBOUR, ASKED], verifier, replace(evidence.Weights(), paper=0.0))
    assert without[0].paper_id == "pB"


def test_the_parts_of_a_score_are_kept_for_tuning(embedder: Embedder) -> None:
    found = evidence.candidates(QUESTION, [NEIGHBOUR, ASKED], Verifier(embedder))
    assert len(found) == 5
    assert all(c.number == ("FID" in c.sentence) for c in found)  # a quantity is asked for
    share = {c.source.paper_id: c.paper for c in found}  # one share per paper, for each of its sentences
    assert share["pA"] > share["pB"]
