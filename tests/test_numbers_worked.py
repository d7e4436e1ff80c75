"""Numbers people work out of a paper's numbers: a gap, a multiple, GPU-hours, a share of a total, a count
in other words. Each is verified when the paper's numbers come to it, and not when they do not. Every
case was misjudged before this round (the true ones unsupported, four of them called contradicted)."""

from __future__ import annotations

import pytest
from helpers.verdicts import assert_read_right, judge

from assistant import relations
from assistant.verifier import Verifier

RERANKER = (
    "We present FlashRank, a reranker distilled from a 7B teacher into a 22M-parameter student. "
    "On MS MARCO, FlashRank reaches an MRR@10 of 39.4, compared with 40.1 for the teacher and 33.2 for BM25. "
    "Reranking 100 passages takes 45 ms on a single CPU core, against 1.2 seconds for the teacher on an A100 "
    "GPU. Training took 6 hours on 8 A100 GPUs. "
    "In a user study, annotators preferred FlashRank's rankings in 62% of the 500 queries."
)
DIFFUSION = (
    "TinyDiff generates a 512x512 image in 4 sampling steps instead of the 50 steps its teacher uses. "
    "Its FID on COCO rises from 12.3 to 13.1, while sampling becomes 11.8 times faster. "
    "The model has 860M parameters and was trained on 12 million image-text pairs for 3 days on 64 GPUs. "
    "About 18% of generated images were flagged by the safety filter, compared with 25% for the baseline."
)
CASES = [
    (
        RERANKER,
        [
            "FlashRank beats BM25 by about 6 points of MRR@10 on MS MARCO.",  # was contradicted (6 hours)
            "On reranking 100 passages, FlashRank on a CPU core is roughly 25 times faster than the teacher "
            "on an A100.",  # 1.2 s against 45 ms, in one unit
            "Training took 48 GPU-hours in total.",  # not hedged: 6 hours on 8 GPUs
            "Training ran for a quarter of a day on eight A100s.",  # "A100s" names A100 GPUs
            "In the user study, annotators chose FlashRank's rankings for about 310 of the 500 queries.",
        ],
        [
            "FlashRank beats BM25 by about 16 points of MRR@10 on MS MARCO.",
            "Training took 48 GPU-days in total.",
            "In the user study, annotators chose FlashRank's rankings for about 410 of the 500 queries.",
        ],
    ),
    (
        DIFFUSION,
        [
            "TinyDiff cuts the sampling steps by more than a factor of ten compared with its teacher.",
            "TinyDiff needs less than a tenth of its teacher's sampling steps.",  # 8%
            "TinyDiff uses 46 fewer sampling steps than its teacher.",  # was contradicted (4 steps)
            # was contradicted: 12M counts pairs, it names no model size
            "TinyDiff was trained on about 12M image-text pairs for 72 hours on 64 GPUs.",
            "TinyDiff has under a billion parameters.",
            # was contradicted: "the baseline's" sits by 25%, not by 18%
            "The safety filter flagged about a quarter of the baseline's images.",
        ],
        [
            "TinyDiff uses 36 fewer sampling steps than its teacher.",
            "TinyDiff has over a billion parameters.",
            "Fewer than one in ten TinyDiff images were flagged by the safety filter.",
            "TinyDiff needs less than a twentieth of its teacher's sampling steps.",
        ],
    ),
    (
        "On semantic segmentation, OverLoCK-T improves UniRepLKNet-T by 1.7% in mIoU, and it cuts latency by "
        "12%. For each PDF page, the layout annotations provide labelled bounding-boxes with a choice of 11 "
        "distinct classes. DD reduces the generation from 256 steps to 2 for LlamaGen, with FID rising from "
        "25.70 to 28.95.",
        [
            "On semantic segmentation, OverLoCK-T beats UniRepLKNet-T by close to two points of mIoU.",
            "Each page is labelled with boxes from nearly a dozen layout classes.",
            "For LlamaGen, DD cuts the number of generation steps 128-fold while FID rises by a bit over "
            "3 points.",
        ],
        [
            "On semantic segmentation, OverLoCK-T beats UniRepLKNet-T by about 12 points of mIoU.",
            "Each page is labelled with boxes from nearly a dozen layout pages.",
            "For LlamaGen, DD cuts the number of generation steps 64-fold.",
        ],
    ),
]


@pytest.mark.parametrize(("source", "right", "wrong"), CASES)
def test_worked_out_numbers(verifier: Verifier, source: str, right: list[str], wrong: list[str]) -> None:
    assert_read_right(verifier, source, right, wrong, "FlashRank, TinyDiff, OverLoCK, DocLayNet, DD")


def test_a_task_the_paper_never_names_moves_the_result(verifier: Verifier) -> None:
    source = (
        "We apply SQR on Adamixer, DAB-DETR and Deformable-DETR across various settings and it consistently "
        "brings 1.4-2.8 AP improvement on COCO object detection."
    )
    assert relations.tasks("1.4-2.8 AP on instance segmentation") == ["instance segmentation"]
    assert_read_right(
        verifier,
        source,
        ["Plugged into Adamixer, DAB-DETR and Deformable-DETR, SQR consistently adds 1.4-2.8 AP on COCO "
         "object detection."],  # fmt: skip
        ["Plugged into Adamixer, DAB-DETR and Deformable-DETR, SQR consistently adds 1.4-2.8 AP on instance "
         "segmentation."],  # fmt: skip
        "SQR",
    )


def test_a_denial_in_a_joined_sentence_counts_only_of_the_claims_subject(verifier: Verifier) -> None:
    joined = (
        "Current consistency models reach their best quality by distilling from pre-trained diffusion "
        "models. "
        "We present improved techniques for consistency training, where consistency models learn directly "
        "from data without distillation."
    )
    ablation = (
        "DNA-GPT detects text written by GPT models through divergent n-gram analysis of regenerated "
        "continuations, and it matches trained classifiers on five datasets. We also study ablations; one "
        "ablation, which uses a smaller scorer, needs no training."
    )
    assert_read_right(
        verifier,
        joined,
        ["With the improved consistency training techniques, consistency models learn straight from data, so "
         "they work without distilling from a pre-trained diffusion model."],  # fmt: skip
        [],
        "Improved Techniques for Training Consistency Models",
    )
    assert_read_right(
        verifier,
        ablation,
        [],
        ["DNA-GPT detects GPT-written text through divergent n-gram analysis and needs no training."],
        "DNA-GPT",
    )


def test_what_a_gain_leaves_and_a_compound_of_the_papers_words(verifier: Verifier) -> None:
    assert_read_right(
        verifier,
        "Applying supplementary training on BERT, we attain a GLUE score of 81.8, a 1.4 point improvement "
        "over BERT. Hence researchers switched the objective of their search from arithmetic complexity to "
        "latency and produced a new wave of models that performed better.",
        ["With supplementary training, BERT reaches 81.8 on GLUE, up from roughly 80.4 before.",
         "The latency-driven search produced a new wave of models that performed better."],  # fmt: skip
        ["With supplementary training, BERT reaches 81.8 on GLUE, up from roughly 72.4 before.",
         "The clear-to-foggy search produced a new wave of models that performed better."],  # fmt: skip
        "STILTs",
    )


# found by a review of this round's rules: each was verified (or a true one contradicted) before its mend
REVIEW = [
    ("On GLUE, ELMo scores 80.0, BERT scores 83.0, and our model scores 90.0.",
     "Our model beats BERT by 3 points on GLUE."),  # a gap of two other scores
    ("On the 200 test images, the model fails on 10% of them.",
     "The model fails on 20% of the 200 test images."),
    ("The distilled model reduces sampling from 50 steps to 4 and lowers FID from 12 to 6.",
     "The distilled model reduces sampling steps 2-fold."),  # the FID's change
    ("The student is trained for 30 epochs and the teacher for 60 epochs; the student keeps 90% of the "
     "teacher's accuracy.", "The student keeps 50% of the teacher's accuracy."),
    ("The model runs at 30 FPS, 2x faster than the baseline.", "The baseline runs at 60 FPS."),
    ("The 7B answers questions with 60% accuracy, while the 13B answers them with 70% accuracy.",
     "The 13B model answers questions with 60% accuracy."),
    ("The error count falls from 40 to 30, while recall rises from 70% to 75%.",
     "The error count falls by 5."),
    ("The method improves mIoU by a relative 2% on Cityscapes.", "The method improves mIoU by 2 points."),
    ("Annotation is expensive. This would hinder scaling of the corpus, while generalization suffers from "
     "label noise.", "Generalization suffers because annotation is expensive."),
    ("The model is faster than the baseline due to pruning. It also uses distillation during training.",
     "Because it uses distillation, the model must be faster than the baseline."),
    ("Masking prevents the model from accessing the reference answers in the first stage.",
     "The model never accesses the reference answers."),
    ("DetX is trained on COCO for 12 epochs and runs at 30 FPS on a V100. DetX uses a ResNet-50 backbone. "
     "The zero-shot variant of the pipeline needs no training.",
     "DetX needs no training, runs at 30 FPS on a V100 and uses a ResNet-50 backbone."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "claim"), REVIEW)
def test_what_the_review_of_the_worked_numbers_found(verifier: Verifier, source: str, claim: str) -> None:
    assert_read_right(verifier, source, [], [claim], "A Paper")


def test_a_count_agreed_by_its_noun_is_not_held_against_another_count(verifier: Verifier) -> None:
    source = "DocLay annotates 11 distinct classes, labelled by 3 layout experts."
    verdict = judge(verifier, "DocLay annotates nearly a dozen layout classes.", source, "DocLay")
    assert verdict.status != "contradicted", verdict
