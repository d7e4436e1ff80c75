# ruff: noqa: E501
"""The review of this round's readings (a helper, 272 made-up cases against 98945f0 and the code under
review) found 27 on which the new code was wrong and the old right: 21 false claims verified (two or three
dimensions read as names no check compared; "Considering/Given/In view of X" and passives read as reasons
whose halves matched opposites; "any" read as "every"; "double-buffered" as 2x; a frame stripped before an
opposite reason) and 6 true ones rejected (a win the paper states under one condition, with a bad result
under another; a short claim that is mostly names). Each was mended (the readings narrowed or dropped,
opposites and dimension words made sibling words) and is kept here. Five more true claims it found called
contradicted, before this round and after, now are not (BOTH_WAYS; they fail at 98945f0). Each source is
made up."""

from __future__ import annotations

import pytest
from helpers.verdicts import judge

from assistant.verifier import Verifier

CASES = [
    (
        "Prior retrieval methods performed well because of their reliance on exact keyword matching.",
        "Prior retrieval methods were hindered by their reliance on exact keyword matching. We instead learn dense representations.",
        "DenseRet: Learning Dense Passage Retrieval",
        False,
    ),
    (
        "Slow decoding is caused by speculative sampling with a small draft model.",
        "Fast decoding is enabled by speculative sampling with a small draft model.",
        "SpecDec: Speculative Decoding at Scale",
        False,
    ),
    (
        "Because annotation is cheap, we use weak labels.",
        "Considering the high cost of annotation, we rely on weak labels from heuristics.",
        "WeakSeg",
        False,
    ),
    (
        "Our model outperforms ViT because it uses the same compute budget.",
        "Given the same compute budget, our model outperforms ViT by 2.1% top-1 accuracy on ImageNet.",
        "EffiNet-V3",
        False,
    ),
    (
        "The retriever returns the top-k passages because of the query length.",
        "Given the query, the retriever returns the top-k passages ranked by inner product.",
        "DenseRet",
        False,
    ),
    (
        "The authors argue that because sub-networks are trained separately, training is expensive.",
        "Because sub-networks share parameters, training them jointly adds little cost.",
        "SortedNet: A Scalable and Generalized Framework for Training Modular Deep Neural Networks",
        False,
    ),
    (
        "The embeddings are projected to two dimensions for visualization.",
        "For visualization, embeddings are projected to three dimensions with t-SNE.",
        "EmbViz",
        False,
    ),
    (
        "The method operates on three-dimensional point clouds.",
        "Our method operates on two-dimensional depth images rather than point clouds.",
        "DepthNet",
        False,
    ),
    (
        "With pretraining, ViT outperforms ResNet-50.",
        "Without pretraining, ViT led to poor performance on small datasets. With ImageNet-21k pretraining, ViT outperforms ResNet-50 on all benchmarks.",
        "ViT Revisited",
        True,
    ),
    (
        "DeiT-S beats ConvNeXt-T at high resolution.",
        "DeiT-S has weaker accuracy than ConvNeXt-T at low resolution, but beats it at high resolution.",
        "ResStudy",
        True,
    ),
    (
        "BatchNorm outperforms LayerNorm in the CNN backbone.",
        "In the transformer, BatchNorm gave worse results than LayerNorm. In the CNN backbone, however, BatchNorm outperforms LayerNorm.",
        "NormStudy",
        True,
    ),
    (
        "Linear probing outperforms full fine-tuning on classification.",
        "Linear probing shows poor performance on dense tasks. On classification, linear probing outperforms full fine-tuning by 1.2%.",
        "ProbeStudy",
        True,
    ),
    (
        "Removing all components hurts accuracy.",
        "Removing any single component hurts accuracy by at least 1%.",
        "AblateAll",
        False,
    ),
    (
        "All prompts are answered correctly by the model.",
        "The model answers almost any prompt in under a second.",
        "FastChat",
        False,
    ),
    (
        "Every sample is checked by annotators.",
        "Annotators check any sample flagged by the classifier.",
        "QualityCtl",
        False,
    ),
    (
        "DocNet sets a new state of the art on FUNSD.",
        "DocNet achieves SOTA results on the FUNSD benchmark.",
        "DocNet: Document Understanding",
        True,
    ),
    (
        "Because inference is cheap, the authors distill the model.",
        "In view of the high inference cost, we distill the model into a smaller student.",
        "DistillFast",
        False,
    ),
    (
        "The method beats the baseline because it uses the same training data.",
        "Given the same training data, our method beats the baseline by 4 points.",
        "FairCompare",
        False,
    ),
    (
        "The robot arm moves in two dimensions.",
        "The robot arm moves in three dimensions with six degrees of freedom.",
        "ArmCtl",
        False,
    ),
    (
        "The toy data lies in three dimensions.",
        "The toy data is sampled in two dimensions from a mixture of Gaussians.",
        "ToyFlow",
        False,
    ),
    (
        "The PCA projection keeps two dimensions.",
        "We keep the top four dimensions of the PCA projection.",
        "PCAViz",
        False,
    ),
    (
        "Throughput improves by 2x with the pipeline.",
        "The double-buffered pipeline improves throughput by 30%.",
        "PipeX",
        False,
    ),
    (
        "Every query is answered within 10 ms.",
        "Any query whose answer is cached is answered within 10 ms.",
        "FastQA",
        False,
    ),
    (
        "All users can query the model.",
        "The model can be queried by any user with an API key.",
        "APIServe",
        False,
    ),
    (
        "The policy outputs a three-dimensional action.",
        "The policy outputs a 2-dimensional action for the planar arm.",
        "PlanarRL",
        False,
    ),
    (
        "The triple-stacked encoder makes training 3x slower.",
        "The triple-stacked encoder increases training time by 40%.",
        "StackEnc",
        False,
    ),
    (
        "Beam search beats greedy decoding on translation.",
        "On summarization, beam search yields worse results than greedy decoding. On translation, beam search beats greedy decoding by 1.5 BLEU.",
        "DecodeStudy",
        True,
    ),
]


@pytest.mark.parametrize(("claim", "source", "title", "true"), CASES)
def test_the_review_cases_are_read_right(
    verifier: Verifier, claim: str, source: str, title: str, true: bool
) -> None:
    v = judge(verifier, claim, source, title)
    assert (v.status == "supported") == true, v
    assert not (true and v.status == "contradicted"), v


# true claims beside a sentence that denies the word of one thing and states it of another: the review
# found them called contradicted (before this round too); which one the claim means the check cannot tell
BOTH_WAYS = [
    (
        "GPT-4V struggles to count objects in cluttered scenes.",
        "Even GPT-4V struggles to count objects in cluttered scenes, and smaller MLLMs fail to count objects in cluttered scenes entirely.",
        "CountBench",
    ),
    (
        "Both LLaVA and MiniGPT-4 struggle to follow multi-step instructions.",
        "We find that LLaVA struggles to follow multi-step instructions, and MiniGPT-4 also fails to follow multi-step instructions.",
        "InstructEval",
    ),
    (
        "ResNet-50 outperforms ViT-B when trained with strong augmentation.",
        "Without augmentation, ResNet-50 showed worse performance than ViT-B; with strong augmentation it outperforms ViT-B.",
        "AugCNN",
    ),
    (
        "The student model struggles to match the teacher on long sequences.",
        "On short sequences the student matches the teacher, but on long sequences the student struggles to match the teacher's accuracy, and BERT-base also fails to match it.",
        "TinyDistil",
    ),
    (
        "Gemini struggles to ground referring expressions.",
        "Gemini answers questions well, but it struggles to ground referring expressions, as do Qwen-VL and other MLLMs that fail to ground referring expressions precisely.",
        "GroundEval",
    ),
]


@pytest.mark.parametrize(("claim", "source", "title"), BOTH_WAYS)
def test_a_word_denied_of_one_thing_and_stated_of_another_accuses_no_one(
    verifier: Verifier, claim: str, source: str, title: str
) -> None:
    assert judge(verifier, claim, source, title).status != "contradicted"
