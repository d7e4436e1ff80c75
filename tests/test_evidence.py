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
    # the paper's share of the question's words, and the part that asks ("single-step", not "one-step"),
    # decide: without both the neighbour's quote leads
    plain = replace(evidence.Weights(), paper=0.0, focus=0.0)
    without = evidence.select(QUESTION, [NEIGHBOUR, ASKED], verifier, plain)
    assert without[0].paper_id == "pB"


def test_the_parts_of_a_score_are_kept_for_tuning(embedder: Embedder) -> None:
    found = evidence.candidates(QUESTION, [NEIGHBOUR, ASKED], Verifier(embedder))
    assert len(found) == 5
    assert all(c.number == ("FID" in c.sentence) for c in found)  # a quantity is asked for
    share = {c.source.paper_id: c.paper for c in found}  # one share per paper, for each of its sentences
    assert share["pA"] > share["pB"]


# the question describes the paper at length and asks one thing at its end; the sentence that answers
# shares little of the description, much of the part that asks
SEGMENTER = Source(
    1, "pS", "A universal segmenter", "s",
    "We propose a universal image segmentation framework that unifies semantic, instance and panoptic "
    "segmentation with a multi-task train-once design. "
    "A task token conditions the model on the task at hand, and a query-text contrastive loss separates "
    "tasks and classes during training. "
    "With new ConvNeXt and DiNAT backbones, we observe even more performance improvement.",
    "cS",
)  # fmt: skip
ASKING = (
    "A single segmenter trained once for semantic, instance and panoptic segmentation, conditioned on a "
    "task token and using a query-text contrastive loss, improved further with which two new backbones?"
)


def test_the_part_that_asks_picks_the_sentence_that_answers(embedder: Embedder) -> None:
    assert evidence.asked(ASKING) == "improved further with which two new backbones"
    verifier = Verifier(embedder)
    quotes = evidence.select(ASKING, [SEGMENTER], verifier)
    assert "ConvNeXt" in quotes[0].quote
    # without the part that asks, the description's closest sentence leads
    without = evidence.select(ASKING, [SEGMENTER], verifier, replace(evidence.Weights(), focus=0.0))
    assert "ConvNeXt" not in without[0].quote


# another paper states the part that asks almost word for word, of its own method; the question describes
# the segmenter
OTHER_BACKBONES = Source(
    2, "pO", "A detector", "o",
    "Our detector is improved further with two new backbones, Swin and EVA.",
    "cO",
)  # fmt: skip


def test_the_part_that_asks_counts_in_the_paper_the_question_describes(embedder: Embedder) -> None:
    found = evidence.candidates(ASKING, [SEGMENTER, OTHER_BACKBONES], Verifier(embedder))
    other = next(c for c in found if c.source.paper_id == "pO")
    answer = next(c for c in found if "ConvNeXt" in c.sentence)
    # the other paper's sentence has more of the part that asks, but its paper little of the question
    assert other.focus < answer.focus
    quotes = evidence.pick(found)
    assert quotes[0].paper_id == "pS" and "ConvNeXt" in quotes[0].quote
