"""Claims of the shapes fresh dev batches (dev-aa, dev-ab) showed the checker misread: a reason the
paper gives in the sentence after the one the claim matches ("To tackle these challenges"), "hundreds
of" for a vague count, "in two dimensions" for 2D, a fold range of what the range measures ("a fivefold
range of compute"); and the false ones: roles swapped with three words before "as input", synthetic for
real-world, another paper's idea under this paper's name; who struggles, who fared badly, a frame that
names the paper, "lacks the flexibility to adapt" as a denial of adapting, points of a named metric.
Each source is made up. Four of the six tests fail at 98945f0, the round's start; the others hold the
new readings to their shape. (A passive reason, "hindered by", and "any" for "every" were read too, then
dropped after review: tests/test_verifier_review4.py.)"""

from __future__ import annotations

import pytest
from helpers.verdicts import assert_read_right, judge

from assistant.verifier import Verifier

CASES = [
    (  # the reason in the sentence before, the effect after "To tackle these challenges"
        "Direct Consistency Training",
        "Consistency models reach their best sample quality by distilling from pre-trained diffusion "
        "models. However, distillation limits the quality of consistency models to that of the "
        "pre-trained diffusion model. To tackle these challenges, we present techniques for consistency "
        "training, where consistency models learn directly from data without distillation.",
        ["Since distillation caps a consistency model at the quality of its diffusion teacher, the authors "
         "train consistency models directly from data instead."],  # fmt: skip
        [],
    ),
    (  # a vague count; a fold range of what the range measures
        "WideNAS",
        "Diffusion priors rely on hundreds of denoising iterations. "
        "From one set of shared weights we obtain child models whose sizes range from 300 to 1500 MFLOPs.",
        ["Diffusion priors need several hundred denoising steps.",
         "WideNAS child models span a fivefold range of compute from one set of weights."],  # fmt: skip
        ["WideNAS child models span a tenfold range of compute from one set of weights.",
         "Diffusion priors need a few dozen denoising steps."],  # fmt: skip
    ),
    (  # roles swapped, with three words before "as input"; synthetic for real-world
        "TrueSwap",
        "During training we take synthetic images as input and the real face as reliable supervision. "
        "The perceptual loss leads to improved restoration quality, particularly in real-world scenarios.",
        [],
        ["TrueSwap feeds real faces in as input and uses the synthesized faces as the supervision signal.",
         "The perceptual loss improves restoration most markedly on synthetic degradations."],  # fmt: skip
    ),
    (  # who struggles; who fared badly; a frame naming the paper; points of a named metric
        "TagLens",
        "Despite the strong results of GPT-4V, we observe that other MLLMs struggle to understand these "
        "visual tags. Conversely, classic DC led to poor performance with both backbones, while our "
        "method gains 1.2 points. Training ignores the modular structure of networks. Consequently, "
        "standard training lacks the flexibility to adapt the computational load during inference. "
        "On semantic segmentation, TagLens-T improves UniNet-T by 1.7% in mIoU. "
        "Few data with short answers can lead the model to respond shortly to any instructions.",
        ["The TagLens paper argues that because standard training ignores the modular structure of "
         "networks, models cannot adapt their computational load at inference.",
         "On segmentation TagLens-T comes out close to two mIoU points ahead of UniNet-T."],  # fmt: skip
        ["GPT-4V has trouble understanding the visual tags, unlike other MLLMs that handle them well.",
         "On both backbones, classic dilated convolution (DC) beats the method."],  # fmt: skip
    ),
]


@pytest.mark.parametrize(("title", "source", "right", "wrong"), CASES)
def test_links_and_counts_as_people_write_them(
    verifier: Verifier, title: str, source: str, right: list[str], wrong: list[str]
) -> None:
    assert_read_right(verifier, source, right, wrong, title)


def test_two_dimensions_is_no_count(verifier: Verifier) -> None:
    source = "The number of parameters, which scales quadratically with the kernel size in 2D, grows."
    claim = "In two dimensions the parameter count grows quadratically with the kernel size."
    v = judge(verifier, claim, source)
    assert "does not state 2" not in v.reason, v


def test_a_shared_name_alone_does_not_verify(verifier: Verifier) -> None:
    """Another paper's idea under this paper's name, beside a sentence that only shares the name."""
    source = (
        "We propose ChunkNet, a lightweight and pluggable training framework. "
        "ChunkNet selects chunks of the context at inference."
    )
    claim = (
        "ChunkNet is a lightweight plug-in training framework whose hierarchical cache keeps a block-level "
        "cache of past context plus a sub-block cache for parallel decoding."
    )
    assert judge(verifier, claim, source, "ChunkNet").status != "supported"
