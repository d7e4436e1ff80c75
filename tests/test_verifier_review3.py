"""Inputs a reviewer tried against the round that read claims in the paper's voice (its method as "our
method", reasons across two sentences, bounded shares, lists read through "these two datasets", sibling
words by clause, what a gain grows with): each false claim must not be verified, each true one must be.
Every one was misjudged by a first version of a rule of that round and judged right before it, but the
first: a rival's count credited to the paper, which both misjudged and the reviewer saw the voice view
make likelier."""

from __future__ import annotations

import pytest
from helpers.verdicts import judge

from assistant.verifier import Verifier

FALSE = [
    (
        "SortedNet trains 160 sub-models at once.",
        "Our method trains many sub-models at once. Compared with Once-for-All, which trains 160 sub-models at once, our method trains 10 sub-models.",  # noqa: E501
        "SortedNet: A Scalable and Generalized Framework",
    ),
    (
        "SortedNet maintains 96% of the performance of the original model.",
        "Our method trains many sub-models at once. Prior work LayerDrop maintains 96% of the performance of the original model, while our method maintains 99%.",  # noqa: E501
        "SortedNet: A Scalable and Generalized Framework",
    ),
    (
        "QLoRA reduces memory by 4x.",
        "Prior quantization methods reduce memory by 4x. In contrast, our method reduces memory by 2x while keeping full accuracy.",  # noqa: E501
        "QLoRA: Efficient Finetuning of Quantized LLMs",
    ),
    (
        "SlimNet is 4x smaller since it uses 8 heads instead of 32.",
        "SlimNet uses 8 attention heads instead of 32. SlimNet is 4x smaller than the baseline because it shares weights across layers.",  # noqa: E501
        "SlimNet",
    ),
    (
        "Accuracy drops by 6 points since the model sees 2 views instead of 8.",
        "The model sees 2 views instead of 8 during training. Accuracy drops by 6 points when labels are noisy.",  # noqa: E501
        "ViewNet",
    ),
    (
        "The encoder of ZipVL outperforms CLIP on zero-shot classification.",
        "In ZipVL, contrastive learning improves pretraining of the encoder, which beats the baseline on zero-shot classification.",  # noqa: E501
        "ZipVL",
    ),
    (
        "MixFormer trains a teacher, a student and a critic, and combines the three.",
        "MixFormer trains a teacher and a student, and combines the two.",
        "MixFormer",
    ),
    (
        "GuideDiff improves FID by about 3 FID points.",
        "GuideDiff lowers FID from 12.1 to 10.5 and IS by 3 points.",
        "GuideDiff",
    ),
    (
        "PatchLM encodes 512x512 images with about 1,024 pixels per visual token.",
        "PatchLM encodes 512x512 images into visual tokens and is trained with a batch size of 256.",
        "PatchLM",
    ),
    (
        "UniLM improves every task in the benchmark.",
        "UniLM improves all the tasks it was trained on; on the benchmark's held-out tasks it is worse.",
        "UniLM",
    ),
]
TRUE = [
    (
        "SortedNet trains 10 sub-models at once, fewer than Once-for-All.",
        "Our method trains many sub-models at once. Compared with Once-for-All, which trains 160 sub-models at once, our method trains 10 sub-models.",  # noqa: E501
        "SortedNet: A Scalable and Generalized Framework",
    ),
    (
        "With extra data, DetX reaches 42.0 AP on LVIS.",
        "We evaluate DetX on COCO and LVIS. DetX reaches 50.1 and 51.0 AP with ResNet-50 and Swin-L backbones, respectively. With extra data, DetX reaches 52.3 and 42.0 AP on these two datasets.",  # noqa: E501
        "DetX",
    ),
    (
        "DetX reaches 42.0 AP on LVIS with extra data.",
        "DetX reaches 50.1 and 40.3 AP on COCO and LVIS, respectively. With a Swin-L backbone, it reaches 53.0 AP on COCO. With extra data, it reaches 52.3 and 42.0 AP on the two benchmarks.",  # noqa: E501
        "DetX",
    ),
    (
        "FastGAN closes the gap with diffusion models on CIFAR-10.",
        "FastGAN narrows the gap with diffusion models on ImageNet and closes it entirely on CIFAR-10.",
        "FastGAN",
    ),
    (
        "RobustNet improves robustness with no accuracy cost.",
        "Unlike prior defenses that improve robustness at the expense of accuracy, RobustNet improves robustness with no accuracy cost.",  # noqa: E501
        "RobustNet",
    ),
    (
        "GraphAug improves accuracy with no memory overhead.",
        "GraphAug improves accuracy with no memory overhead; unlike DropEdge, which improves accuracy at the cost of memory.",  # noqa: E501
        "GraphAug",
    ),
    (
        "SparK is the first to bring masked pretraining to convolutional networks.",
        "SparK is the first to successfully apply BERT-style masked image modeling to convolutional networks using sparse convolution.",  # noqa: E501
        "SparK: Designing BERT for Convolutional Networks",
    ),
    (
        "EdgeViT is the first to deploy ViTs on microcontrollers.",
        "EdgeViT is the first vision transformer to run on microcontrollers with under 256KB of memory.",
        "EdgeViT",
    ),
    (
        "SparseGPT prunes half the weights with no loss in model accuracy.",
        "SparseGPT retains 50% of the model weights with no loss in model accuracy.",
        "SparseGPT",
    ),
    (
        "ImageNet-Tiny contains hundreds of images per class.",
        "ImageNet-Tiny is built from millions of images crawled from the web, keeping 500 images per class.",
        "ImageNet-Tiny",
    ),
    (
        "The longer the training, the bigger the gains of LongRun.",
        "The gains of LongRun grow with longer training schedules.",
        "LongRun",
    ),
]


@pytest.mark.parametrize(("claim", "source", "title"), FALSE)
def test_a_false_claim_is_not_verified(verifier: Verifier, claim: str, source: str, title: str) -> None:
    v = judge(verifier, claim, source, title)
    assert v.status != "supported", v


@pytest.mark.parametrize(("claim", "source", "title"), TRUE)
def test_a_true_claim_is_verified(verifier: Verifier, claim: str, source: str, title: str) -> None:
    v = judge(verifier, claim, source, title)
    assert v.status == "supported", v
