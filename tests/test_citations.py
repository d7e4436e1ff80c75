"""The citation checker on real embeddings: resolve, verify, add, flag, remove."""

from __future__ import annotations

import pytest

from assistant.answer import Source
from assistant.citations import check, parse_marks, strip_links
from assistant.verifier import Verifier
from index.embeddings import Embedder

SOURCES = [
    Source(
        1,
        "pA",
        "Efficient ConvBN Blocks",
        "bundled:a",
        "We propose a Tune mode for ConvBN blocks. "
        "The Tune mode is as stable as Eval mode and as efficient as Deploy mode.",
        "pA-1",
    ),
    Source(
        2,
        "pB",
        "Scaling CLIP",
        "bundled:b",
        "We find an inverse scaling law for CLIP training. "
        "Larger encoders allow shorter image and text token sequences.",
        "pB-1",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "text", "marks"),
    [
        ("ViT works well [2][1, 3].", "ViT works well.", [2, 1, 3]),
        ("No marks here.", "No marks here.", []),
        ("Twice [1] and again [1].", "Twice and again.", [1]),
    ],
)
def test_parse_marks(sentence: str, text: str, marks: list[int]) -> None:
    assert parse_marks(sentence) == (text, marks)


def test_links_survive_only_for_indexed_sources() -> None:
    text = "See [the paper](bundled:a) and ![x](http://evil.example/leak?q=secret)."
    assert strip_links(text, {"bundled:a"}) == "See [the paper](bundled:a) and x."


def test_supported_citation_is_kept(embedder: Embedder) -> None:
    checked = check(
        "The Tune mode is as stable as Eval mode and as efficient as Deploy mode [1].",
        SOURCES,
        Verifier(embedder),
    )
    assert [s.status for s in checked.sentences] == ["supported"]
    assert checked.citations[0].paper_id == "pA"
    assert "Tune mode is as stable" in checked.citations[0].sentence
    assert checked.citations[0].support > 0.8


def test_invented_number_is_removed(embedder: Embedder) -> None:
    checked = check(
        "Larger encoders allow shorter token sequences for CLIP [9].", SOURCES, Verifier(embedder)
    )
    assert checked.removed == [9]
    assert "[9]" not in checked.text
    # the claim is supported by source 2, so the checker adds that citation instead
    assert checked.sentences[0].status == "added"
    assert checked.sentences[0].cites == [2]


def test_wrong_citation_is_corrected_and_missing_one_added(embedder: Embedder) -> None:
    checked = check(
        "CLIP training follows an inverse scaling law [1]. A Tune mode makes ConvBN blocks stable.",
        SOURCES,
        Verifier(embedder),
    )
    assert [(s.status, s.cites) for s in checked.sentences] == [("added", [2]), ("added", [1])]
    assert [s.reason for s in checked.sentences] == [
        "[1] does not state it; [2] does",
        "it cited no source; [1] states it",
    ]


def test_unsupported_sentence_is_flagged(embedder: Embedder) -> None:
    checked = check(
        "The authors trained a chess engine on lunar soil samples [1].", SOURCES, Verifier(embedder)
    )
    assert checked.sentences[0].status == "unsupported"
    assert checked.unsupported == ["The authors trained a chess engine on lunar soil samples."]


def test_marks_after_the_full_stop_belong_to_the_sentence_before(embedder: Embedder) -> None:
    checked = check(
        "We find an inverse scaling law for CLIP training. [2] It is cheap.", SOURCES, Verifier(embedder)
    )
    assert checked.sentences[0].cites == [2]
    assert checked.sentences[0].status == "supported"


def test_echoed_markup_is_dropped(embedder: Embedder) -> None:
    checked = check(
        "We find an inverse scaling law for CLIP training. <sources> <pre><code>", SOURCES, Verifier(embedder)
    )
    assert "<" not in checked.text


def test_a_name_in_another_chunk_of_the_cited_paper_is_found_and_cited(embedder: Embedder) -> None:
    chunks = [
        Source(
            1,
            "pG",
            "GlanceGAN",
            "bundled:g",
            "We search GANs in two stages. The Inception Score (IS) and FID measure quality.",
            "pG-1",
        ),  # fmt: skip
        Source(
            2,
            "pG",
            "GlanceGAN",
            "bundled:g",
            "Our searched GANs achieve IS=8.81pm0.10 and FID=9.91 on CIFAR-10.",
            "pG-2",
        ),  # fmt: skip
    ]
    checked = check(
        "The searched GANs reach an Inception Score of 8.81 on CIFAR-10 [1].", chunks, Verifier(embedder)
    )
    (sentence,) = checked.sentences
    assert sentence.status == "supported", sentence.reason
    assert sentence.cites == [2]  # the chunk that states it


def test_what_the_retrieved_chunk_lacks_is_looked_for_in_the_rest_of_its_paper(embedder: Embedder) -> None:
    chunk = Source(
        1, "pC", "CoMD", "bundled:c", "We propose CoMD, a competitive multi-modal distillation framework "
        "between teacher and student.", "pC-1",
    )  # fmt: skip
    paper = (
        "We propose CoMD, a competitive multi-modal distillation framework between teacher and student. "
        "It comprises two stages: multi-modal pre-training and multi-modal competitive distillation. "
        "The first stage pre-trains the student model on a large number of filtered multi-modal datasets. "
        "Our 7B model surpasses LLaVA-13B on a range of datasets."
    )
    said = "CoMD has two stages: multi-modal pre-training and then competitive distillation [1]."
    verifier = Verifier(embedder)
    alone = check(said, [chunk], verifier)
    assert alone.sentences[0].status != "supported"  # the chunk says nothing of stages
    whole = check(said, [chunk], verifier, papers={"pC": paper})
    (sentence,) = whole.sentences
    assert sentence.status == "supported", sentence.reason
    (cited,) = whole.citations
    assert "two stages" in cited.sentence and cited.sentence in cited.snippet  # shown, where it was found
    # and the rest of the paper does not make a false sentence true
    wrong = check("CoMD has three stages of distillation [1].", [chunk], verifier, papers={"pC": paper})
    assert wrong.sentences[0].status != "supported"
