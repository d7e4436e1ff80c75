"""Inputs a reviewer tried against this round's rules: each false claim must not be verified, and each
true one must not be called contradicted. Every one of them was mishandled by a first version of a rule."""

from __future__ import annotations

import pytest
from helpers.verdicts import judge

from assistant.verifier import Verifier

FALSE = [
    ("Pruning 50% of the heads does not hurt accuracy on GLUE.", "Pruning 50% of the heads significantly hurts accuracy on GLUE."),  # noqa: E501
    ("There is no drop in accuracy.", "There is a large drop in accuracy."),
    ("The method leads to no loss in accuracy.", "The method leads to a large loss in accuracy."),
    ("The findings are not at odds with the theory.", "The findings are at odds with the theory."),
    ("Latency is no less than 20 ms.", "Latency is no more than 20 ms."),
    ("The method reduces cost 5x over the range of budgets.", "Budgets range from $200 to $1000. The method reduces cost by 2x."),  # noqa: E501
    ("On COCO, the method yields roughly a 50% relative improvement.", "It improves accuracy from 40.1% to 45.3% on ImageNet and from 60.2% to 62.0% on COCO."),  # noqa: E501
    ("Fine-tuning requires around 160 GPU-hours.", "Pre-training takes 80 hours on 8 GPUs, and fine-tuning takes 2 hours on 2 GPUs."),  # noqa: E501
    ("Training takes about 120 GPU-days.", "This enables us to train the model in less than 15 hours with eight A100 GPUs."),  # noqa: E501
    ("The model does not use masked inputs.", "The model uses masked and unmasked inputs."),
    ("The model uses no labeled data.", "The model uses unlabeled and labeled data."),
    ("One in four answers is wrong.", "4% of the answers are wrong."),
    ("Each class has 102 images.", "Each class has between one hundred and two hundred images."),
    ("The system never crashes.", "The system runs without crashes in 95% of trials."),
    ("The reward model is trained only on fully-correct samples, discarding partially-correct ones.", "We train the reward model on its correct and partially-correct samples, discarding incorrect ones."),  # noqa: E501
    ("The method improves results at all in-domain settings.", "The method improves results at most in-domain settings."),  # noqa: E501
    ("Fast-dLLM v2 decodes up to 2.5x faster than Dream.", "This represents a 500x reduction in training data compared to full-attention diffusion LLMs such as Dream (580B tokens). Fast-dLLM v2 achieves up to 2.5x speedup over standard AR decoding without compromising generation quality."),  # noqa: E501
]
TRUE = [
    ("The method is two to three orders of magnitude faster than MCMC.", "Our sampler is 150x to 2000x faster than MCMC."),  # noqa: E501
    ("The benchmark contains a hundred two-layer models.", "The benchmark contains 100 two-layer models."),
    ("Unlike LoRA, standard fine-tuning updates all weights.", "Unlike standard fine-tuning, which updates all weights, LoRA updates only low-rank adapters."),  # noqa: E501
    ("The image is split into two halves, processed separately.", "The image is split into 2 parts, processed separately."),  # noqa: E501
]


@pytest.mark.parametrize(("claim", "source"), FALSE)
def test_a_false_claim_is_not_verified(verifier: Verifier, claim: str, source: str) -> None:
    assert judge(verifier, claim, source).status != "supported"


@pytest.mark.parametrize(("claim", "source"), TRUE)
def test_a_true_claim_is_not_contradicted(verifier: Verifier, claim: str, source: str) -> None:
    verdict = judge(verifier, claim, source)
    assert verdict.status != "contradicted", verdict.reason
