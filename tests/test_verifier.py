"""The claim verifier, rule by rule, on real embeddings: numbers, names, direction, coverage."""

from __future__ import annotations

import pytest

from assistant import claims
from assistant.verifier import Verifier
from index.embeddings import Embedder

PIXART = (
    "PIXART-{\\delta} is a text-to-image synthesis framework that integrates the Latent Consistency Model. "
    "PIXART-{\\delta} achieves a breakthrough 0.5 seconds for generating 1024x1024 pixel images. "
    "It is 7x faster than PIXART-{\\alpha} and outperforms SDXL on user preference."
)
TITLE = "PIXART-δ: Fast and Controllable Image Generation with Latent Consistency Models"
DOCLAY = (
    "DocLayNet provides page-by-page layout segmentation ground-truth in COCO format. "
    "It contains 80863 manually annotated pages from diverse data sources. "
    "The annotators reached 63.2% agreement on the hardest class, and training without augmentation "
    "does not improve the mAP."
)


@pytest.fixture(scope="module")
def verifier(embedder: Embedder) -> Verifier:
    return Verifier(embedder)


def judge(verifier: Verifier, claim: str, text: str = PIXART, title: str = TITLE):  # type: ignore[no-untyped-def]
    return verifier.check(claim, verifier.passages([(text, title)])[0], "[1]")


@pytest.mark.parametrize(
    "claim",
    [
        "PIXART-δ generates a 1024×1024 image in 0.5 seconds.",
        "PixArt-delta needs 0.5 s to generate 1024x1024 pixel images.",
        "The authors report that PIXART-δ achieves 0.5 seconds for generating 1024x1024 pixel images.",
        "It is 7× faster than PIXART-α.",
    ],
)
def test_true_claims_are_supported(verifier: Verifier, claim: str) -> None:
    v = judge(verifier, claim)
    assert v.status == "supported", v.reason


def test_a_changed_number_is_contradicted_with_both_numbers(verifier: Verifier) -> None:
    v = judge(verifier, "PIXART-δ generates a 1024×1024 image in approximately 2.5 seconds.")
    assert v.status == "contradicted"
    assert v.reason == "[1] says 0.5 seconds, not about 2.5 seconds"
    assert "0.5 seconds" in v.evidence


@pytest.mark.parametrize(
    "claim",
    [
        "DocLayNet contains 80,863 manually annotated pages.",
        "DocLayNet holds 80863 pages annotated by hand from diverse sources.",
        "The annotators reached 63.2 percent agreement on the hardest class.",
    ],
)
def test_numbers_match_however_they_are_written(verifier: Verifier, claim: str) -> None:
    v = judge(
        verifier, claim, DOCLAY, "DocLayNet: A Large Human-Annotated Dataset for Document-Layout Analysis"
    )
    assert v.status == "supported", v.reason


def test_a_number_the_passage_never_states_is_not_supported(verifier: Verifier) -> None:
    v = judge(verifier, "DocLayNet contains 91,000 manually annotated pages.", DOCLAY, "DocLayNet")
    assert v.status == "contradicted"
    assert "80863" in v.reason and "91,000" in v.reason


def test_a_swapped_name_is_flagged(verifier: Verifier) -> None:
    v = judge(verifier, "PIXART-δ is 7x faster than Imagen and outperforms SDXL on user preference.")
    assert v.status == "unsupported"
    assert v.reason == "[1] does not mention Imagen"


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        (
            "It is 7x slower than PIXART-α and outperforms SDXL on user preference.",
            "[1] says faster, not slower",
        ),
        (
            "It is 7x faster than PIXART-α and underperforms SDXL on user preference.",
            "[1] says outperforms, not underperforms",
        ),
    ],
)
def test_a_flipped_comparative_is_contradicted(verifier: Verifier, claim: str, reason: str) -> None:
    v = judge(verifier, claim)
    assert (v.status, v.reason) == ("contradicted", reason)


def test_an_added_negation_is_contradicted(verifier: Verifier) -> None:
    v = judge(
        verifier, "PIXART-δ does not integrate the Latent Consistency Model into text-to-image synthesis."
    )
    assert v.status == "contradicted"
    assert "negation" in v.reason


def test_a_dropped_negation_is_contradicted(verifier: Verifier) -> None:
    v = judge(verifier, "Training without augmentation improves the mAP of DocLayNet.", DOCLAY, "DocLayNet")
    assert v.status == "contradicted"
    assert v.reason == "[1] says “not improve”"


def test_another_papers_sentence_is_unsupported(verifier: Verifier) -> None:
    v = judge(verifier, "We find an inverse scaling law for CLIP training with shorter token sequences.")
    assert v.status == "unsupported"
    assert v.reason


def test_the_evidence_is_the_aligned_sentence_verbatim(verifier: Verifier) -> None:
    v = judge(verifier, "It outperforms SDXL on user preference and is 7x faster than PIXART-α.")
    assert v.status == "supported"
    assert (
        v.evidence
        == "It is 7x faster than PIXART-{\\delta} and outperforms SDXL on user preference.".replace(
            "{\\delta}", "{\\alpha}"
        )
    )


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("80,863 pages", [80863.0]),
        ("63.2 percent and 63.2%", [63.2, 63.2]),
        ("7x, 7× and 7 times", [7.0, 7.0, 7.0]),
        ("15.7M parameters and 150 billion tokens", [15_700_000.0, 150_000_000_000.0]),
        (
            "1024×1024 on eight A100s with GPT-4, CIFAR-10 and CIFAR10",
            [1024.0, 1024.0, 8.0],
        ),  # names: no numbers
    ],
)
def test_numbers_are_normalised(text: str, values: list[float]) -> None:
    assert [n.value for n in claims.numbers(text)] == values


def test_names_are_one_name_however_spelled() -> None:
    keys = {claims.name_key(n) for n in ("PIXART-δ", "PIXART-delta", "PIXART-{\\delta}", "PixArt-Δ")}
    assert keys == {"pixartdelta"}
    assert claims.names("The LLMs and the model beat ViT-L/14 on ImageNet") == ["ViT-L/14", "ImageNet"]
