"""Claims written as people write them: the paper's method by its name where the paper says "our method",
a reason the paper gives across two sentences, a bound on what a share leaves, a hedged range, points of a
named metric; and the false ones of the same shape: a loss denied where the paper keeps 96%, a gain that
grows with another thing, a flow, a cost or a comparison turned round, a
magnitude or a factor put on another quantity. Each source is made up. 17 of the 32 claims were misjudged
at cc2e017, the start of this round; the others hold the new rules to their shape (a true claim they must
let through, a false one caught before for another reason)."""

from __future__ import annotations

import pytest
from helpers.verdicts import assert_read_right

from assistant.verifier import Verifier

CASES = [
    (  # the method by its name, where the paper says "our method"; a loss denied where it keeps 97%
        "NestNet: Training Nested Sub-Networks at Once",
        "Our experiments demonstrate the feasibility of training up to 48 nested sub-networks in one run, "
        "showing the scalability of our proposed method while maintaining 97% of the full model's accuracy.",
        ["NestNet can train as many as 48 sub-networks in one run while giving up only about 3% of the full "
         "model's accuracy."],  # fmt: skip
        ["NestNet trains as many as 48 sub-networks in one run without sacrificing any of the full model's "
         "accuracy."],  # fmt: skip
    ),
    (  # a reason given across two sentences
        "Modular Training",
        "Networks are assembled from reusable blocks, yet their training ignores this structure. "
        "Consequently, standard training offers no way to trade accuracy for compute after deployment.",
        ["Since standard training ignores the block structure networks are assembled from, it offers no way "
         "to trade accuracy for compute after deployment."],  # fmt: skip
        [],
    ),
    (  # what a share leaves, bounded; a hedged range; points of a named metric
        "QuickDet",
        "QuickDet retains 98.4% of the teacher's accuracy on long documents. "
        "Across backbones, it consistently brings 1.4-2.7 AP improvement. "
        "Cutting sampling from 100 steps to 4 raises FID from 20.10 to 23.30.",
        ["On long documents QuickDet gives up less than 2% of the teacher's accuracy.",
         "Across backbones QuickDet adds roughly 1.5 to just under 3 AP.",
         "Cutting sampling from 100 steps to 4 costs only about three FID points."],  # fmt: skip
        ["On long documents QuickDet gives up less than 1% of the teacher's accuracy.",
         "Across backbones QuickDet adds roughly 2.5 to 4 AP.",
         "Cutting sampling from 100 steps to 4 costs only about six FID points."],  # fmt: skip
    ),
    (  # a first of something narrower; what a gain grows with; no cost where the paper pays one
        "SparseMask",
        "We encode the visible patches with sparse convolution. This is the first use of sparse convolution "
        "for 2D masked modeling. We observe more gains on larger models. Replacing the convolutions raises "
        "accuracy at the expense of the throughput. Our model narrows the gap to diffusion models.",
        ["SparseMask's gains grow with model size."],
        ["The larger the pre-training dataset, the bigger the gains SparseMask brings.",
         "Replacing the convolutions raises accuracy with no real throughput cost.",
         "SparseMask closes the gap to diffusion models."],  # fmt: skip
    ),
    (  # flows and comparisons turned round; "these models" read as the sentence before names them
        "ClipVid",
        "We adapt a denoiser trained on still photos to video clips with a light adaptor. "
        "A teacher and a student exchange feedback, and the method refines the visual skills the student has "
        "acquired. "
        "We report results for a set of popular tracking models. These models fall 12% behind human "
        "annotators. Our model, ClipVid, reaches 71.2%, surpassing strong models including VidNet and "
        "FlowTrack. We employ a ConvNeXt backbone as the encoder to replace the ViT.",
        ["ClipVid outperforms VidNet and FlowTrack."],
        ["ClipVid adapts a denoiser trained on video clips to still photos.",
         "A teacher and a student exchange feedback, and the method refines the visual skills the teacher "
         "has acquired.",
         "Human annotators trail the popular tracking models by about 12%.",
         "ClipVid is outperformed by VidNet and FlowTrack.",
         "ClipVid uses a ViT as the encoder, replacing the ConvNeXt backbone."],  # fmt: skip
    ),
    (  # a magnitude in words, and a factor, put on another quantity; an acronym as words' initials
        "LiteGen",
        "LiteGen beats a detector trained on millions of texts. "
        "It synthesizes clips on a single GPU with around 64x fewer computations than VDM in FLOPs. "
        "GFlowNets relate to Monte-Carlo Markov chain methods, as they sample from an energy function.",
        ["LiteGen synthesizes clips on one GPU with about 64 times fewer computations than VDM.",
         "Like MCMC methods, GFlowNets sample from an energy function."],  # fmt: skip
        ["LiteGen beats a detector trained on thousands of texts.",
         "LiteGen uses around 64x less GPU memory than VDM."],  # fmt: skip
    ),
    (  # a list read through "these two datasets", two sentences on
        "Better Flow Training",
        "Our models reach FIDs of 3.10 and 4.02 on CIFAR-10 and LSUN respectively in one step. "
        "These scores improve on prior work threefold. "
        "With two steps, we further reduce the FIDs to 2.61 and 3.35 on these two datasets.",
        ["With two steps, the authors further reduce the FID on LSUN to 3.35."],
        ["With two steps, the authors further reduce the FID on LSUN to 2.61."],
    ),
    (  # a per-unit figure; arithmetic given as "since"; a sibling word the claim denies
        "TokenLite",
        "TokenLite supports inputs of 1024x1024 resolution while generating only 256 visual tokens. "
        "Training TokenLite takes less than 10 hours on four A100 GPUs. "
        "Such text recognizers can be trained on only unsegmented page images and their transcriptions.",
        ["TokenLite's 256 visual tokens for a 1024x1024 input come to about 4,096 pixels per token.",
         "Training TokenLite takes at most about 40 A100 GPU-hours, since it finishes in under 10 hours on "
         "four A100s.",
         "Such text recognizers need no line segmentation: they train on unsegmented page images and their "
         "transcriptions."],  # fmt: skip
        ["TokenLite's 256 visual tokens for a 1024x1024 input come to about 8,192 pixels per token."],
    ),
    (  # "two causes" names no cause; "Motivated by X, we Y" and "to improve" link a reason
        "PruneFast",
        "We attribute the slowdown to two limitations: redundant examples and oversized models. "
        "Motivated by redundancy in training examples, we train only on important data. "
        "PruneFast partitions models into blocks to enable reuse to improve computation efficiency.",
        ["The authors trace the slowdown to two causes: redundant examples and oversized models.",
         "Because training examples are redundant, the authors train only on important data.",
         "PruneFast partitions models into blocks, which makes computation more efficient."],  # fmt: skip
        [],
    ),
]


@pytest.mark.parametrize(("title", "source", "right", "wrong"), CASES)
def test_claims_as_people_write_them(
    verifier: Verifier, title: str, source: str, right: list[str], wrong: list[str]
) -> None:
    assert_read_right(verifier, source, right, wrong, title)
