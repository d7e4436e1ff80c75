"""What replaces what, which step comes first, what turns into what and who teaches whom, in the forms people
write: each source with claims that keep its relation (verified) and claims that swap it (not verified).
Each swapped claim marked "before" was verified before this round, and the first true one was not."""

from __future__ import annotations

import pytest
from helpers.verdicts import assert_read_right

from assistant.verifier import Verifier

CASES = [
    (
        "ConvLLaVA replaces the Vision Transformer encoder of the LMM with ConvNeXt, a hierarchical "
        "backbone.",
        [
            "ConvLLaVA swaps the LMM's Vision Transformer encoder for ConvNeXt.",
            "In ConvLLaVA, ConvNeXt takes the place of the Vision Transformer as the LMM's visual encoder.",
            "ConvLLaVA uses ConvNeXt instead of a Vision Transformer as the visual encoder.",
        ],
        [
            "ConvLLaVA replaces ConvNeXt with a Vision Transformer as the LMM's encoder.",  # before
            "ConvLLaVA swaps ConvNeXt for a Vision Transformer encoder.",
            "In ConvLLaVA, a Vision Transformer takes the place of ConvNeXt as the visual encoder.",  # before
            "ConvLLaVA uses a Vision Transformer instead of ConvNeXt as the visual encoder.",  # before
        ],
    ),
    (
        "In the first stage, the student model is trained on real images; the synthetic images are then used "
        "to fine-tune it in the second stage.",
        [
            "The student is first trained on real images and later fine-tuned on synthetic ones.",
            "Training starts with real images, and synthetic images are used afterwards for fine-tuning.",
        ],
        [
            "The student is first trained on synthetic images and later fine-tuned on real ones.",  # before
            # before
            "Training starts with synthetic images, and real images are used afterwards for fine-tuning.",
        ],
    ),
    (
        "The teacher model generates pseudo-labels that supervise the student model.",
        [
            "The student learns from pseudo-labels that the teacher generates.",  # not verified before
            "Pseudo-labels produced by the teacher supervise the student.",
        ],
        [
            "The student model generates pseudo-labels that supervise the teacher model.",
            "Pseudo-labels produced by the student supervise the teacher.",
            "The teacher learns from pseudo-labels that the student generates.",
        ],
    ),
    (
        "GPT-4 is used to convert the image captions into instruction-following data.",
        [
            "The captions are turned into instruction-following data with GPT-4.",
            "GPT-4 transforms image captions into instruction-following data.",
        ],
        [
            "GPT-4 is used to convert instruction-following data into image captions.",
            "Instruction-following data is turned into image captions by GPT-4.",  # before
        ],
    ),
]


@pytest.mark.parametrize(("source", "kept", "swapped"), CASES)
def test_relations_kept_are_verified_and_swapped_are_not(
    verifier: Verifier, source: str, kept: list[str], swapped: list[str]
) -> None:
    assert_read_right(verifier, source, kept, swapped, "ConvLLaVA")
