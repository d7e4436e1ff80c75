"""Claims in the words people use for a paper's words ("beats" for "outperforms", "bigger" for "larger"),
and sweeping words ("none of") the paper does not use; each pair was misjudged before this round."""

from __future__ import annotations

from helpers.verdicts import assert_read_right, judge

from assistant import claims as read
from assistant.verifier import Verifier

SPARK = (
    "Our method called Sparse masKed modeling (SparK) is general: it can be used directly on any "
    "convolutional model without backbone modifications."
)
OTO = (
    "We demonstrate the generality and autonomy of OTOv2 on a variety of model architectures such as VGG, "
    "ResNet and DenseNet, the majority of which cannot be handled by other methods without extensive "
    "handcrafting efforts."
)
CHART = "Their ChartPaLI-5B model outperforms even 10x larger models on the ChartQA benchmark."


def test_a_claim_that_denies_what_the_paper_denies_agrees_with_it(verifier: Verifier) -> None:
    v = judge(verifier, "SparK does not require any changes to the backbone of a convolutional model.", SPARK, "SparK")  # noqa: E501
    assert v.status != "contradicted" and "backbone" not in v.reason, v


def test_a_denied_word_the_claim_states_plainly_is_still_contradicted(verifier: Verifier) -> None:
    v = judge(verifier, "SparK requires backbone modifications to be used on a convolutional model.", SPARK, "SparK")  # noqa: E501
    assert v.status == "contradicted", v


def test_none_of_a_set_is_an_overclaim_beside_the_majority(verifier: Verifier) -> None:
    said = "OTOv2 is shown on VGG, ResNet and DenseNet, none of which other methods can handle without extensive handcrafting."  # noqa: E501
    v = judge(verifier, said, OTO, "OTOv2")
    assert v.status != "supported" and "majority" in v.reason, v


def test_none_of_a_set_the_source_denies_whole_is_no_overclaim(verifier: Verifier) -> None:
    src = "Each of its three stages is training-free: every stage runs by few-shot prompting large models."
    v = judge(verifier, "None of its three stages needs training: every stage runs by few-shot prompting large models.", src, "X")  # noqa: E501
    assert "None" not in v.reason and "none" not in v.reason, v


def test_everyday_words_count_as_the_papers(verifier: Verifier) -> None:
    v = judge(verifier, "On ChartQA, ChartPaLI-5B beats models ten times bigger than itself.", CHART, "ChartPaLI")  # noqa: E501
    assert v.status == "supported", v
    # the same words with the roles swapped are still not verified
    swapped = judge(verifier, "On ChartQA, models ten times bigger beat ChartPaLI-5B.", CHART, "ChartPaLI")
    assert swapped.status != "supported", swapped


def test_a_denial_said_in_other_words(verifier: Verifier) -> None:
    cl = (
        "Continual learning (CL) can help VLMs effectively adapt to new data distributions without joint training, "  # noqa: E501
        "but faces challenges of catastrophic forgetting and generalization forgetting."
    )
    said = "Continual learning helps VLMs adapt to new data distributions without training on everything jointly, but faces catastrophic forgetting and generalization forgetting."  # noqa: E501
    assert judge(verifier, said, cl, "MulKI").status == "supported"
    oto = "OTOv2 is automatic and pluggable into various deep learning applications, and requires almost minimal engineering efforts from the users."  # noqa: E501
    nearly = "You can drop OTOv2 into many kinds of deep learning applications, and it asks next to no engineering work from the person using it."  # noqa: E501
    assert judge(verifier, nearly, oto, "OTOv2").status != "contradicted"  # "next to no" is a degree, no denial  # noqa: E501
    flat = "OTOv2 can be plugged into various deep learning applications, and it requires no minimal engineering efforts from the users."  # noqa: E501
    assert judge(verifier, flat, oto, "OTOv2").status != "supported"


def test_words_that_sweep_nothing(verifier: Verifier) -> None:
    from assistant.overclaims import overclaim

    assert overclaim("The model is trained lacking any labels.", "The model is trained without labels.") is None  # noqa: E501
    assert overclaim("The model ignores any token outside the window.", "The model ignores most tokens outside the window.")  # noqa: E501
    gpus = "This enables us to train a Large Language and Vision Assistant for BioMedicine (LLaVA-Med) in less than 15 hours (with eight A100s)."  # noqa: E501
    v = judge(verifier, "All in all, training LLaVA-Med takes fewer than 120 A100 GPU-hours.", gpus, "LLaVA-Med")  # noqa: E501
    assert "All" not in v.reason, v


def test_who_beats_whom_in_other_words(verifier: Verifier) -> None:
    big = "Our discovered model family, BigNASModels, achieve top-1 accuracies ranging from 76.5% to 80.9%, surpassing state-of-the-art models in this range including EfficientNets and Once-for-All networks."  # noqa: E501
    edge = judge(verifier, "In the same size range, EfficientNets and Once-for-All networks have the edge over the BigNASModels family in top-1 accuracy.", big, "BigNAS")  # noqa: E501
    assert edge.status != "supported", edge
    right = judge(verifier, "In the same size range, the BigNASModels family has the edge over EfficientNets and Once-for-All networks in top-1 accuracy.", big, "BigNAS")  # noqa: E501
    assert right.status == "supported", right
    iam = "On IAM we even surpass single line methods that use accurate localization information during training."  # noqa: E501
    passive = judge(verifier, "On IAM, OrigamiNet is surpassed even by single line methods that use accurate localization information during training.", iam, "OrigamiNet")  # noqa: E501
    assert passive.status != "supported", passive


FASTDET = "On the COCO benchmark, FastDet outperforms RetinaNet by 2.1 AP while running 1.8x faster."


def test_who_beats_whom_in_the_words_people_use(verifier: Verifier) -> None:
    said_right = [
        "FastDet edges out RetinaNet on COCO by 2.1 AP while being 1.8x faster.",
        "RetinaNet is outperformed by FastDet on COCO by 2.1 AP, and FastDet runs 1.8x faster.",
        "RetinaNet trails FastDet by 2.1 AP on COCO, while FastDet runs 1.8x faster.",
        "RetinaNet falls 2.1 AP behind FastDet on COCO, and FastDet is 1.8x faster.",
        "FastDet comes out ahead of RetinaNet on COCO by 2.1 AP and runs nearly twice as fast.",
        "Compared with RetinaNet, FastDet scores 2.1 AP higher on COCO and runs 1.8x faster.",
    ]
    for claim in said_right:
        assert judge(verifier, claim, FASTDET, "FastDet").status == "supported", claim
    # the same words with who wins swapped; the last two were verified before this round
    said_wrong = [
        "RetinaNet edges out FastDet on COCO by 2.1 AP while being 1.8x faster.",
        "FastDet trails RetinaNet by 2.1 AP on COCO, while running 1.8x faster.",
        "RetinaNet comes out ahead of FastDet on COCO by 2.1 AP.",
        "FastDet falls 2.1 AP behind RetinaNet on COCO but is 1.8x faster.",
        "Compared with FastDet, RetinaNet scores 2.1 AP higher on COCO.",
    ]
    for claim in said_wrong:
        v = judge(verifier, claim, FASTDET, "FastDet")
        assert v.status == "contradicted" and "FastDet" in v.reason, (claim, v)


FILTER = (
    "On a diverse set of benchmarks, our method reduces the required training examples by up to 5.3 times "
    "and training time by up to 6.8 times, while only seeing minor accuracy degradation."
)


def test_plain_verbs_count_as_the_papers_and_crossed_numbers_still_show(verifier: Verifier) -> None:
    assert read.content("keeps, lets, cuts, produces, speeds up, merges, raises, starts") == read.content(
        "retains, allows, reduces, generates, accelerates up, combines, increases, begins"
    )
    right = "The method cuts the required training examples by up to 5.3x and training time by up to 6.8x."
    assert judge(verifier, right, FILTER, "Multistage filtering").status == "supported"
    # the verb goes with the same number in both, the nouns are crossed (verified before this round)
    crossed = "The method needs up to 6.8x fewer training examples and reduces training time by up to 5.3x."
    v = judge(verifier, crossed, FILTER, "Multistage filtering")
    assert v.status != "supported" and "5.3" in v.reason, v


def test_barely_any_says_little_not_any(verifier: Verifier) -> None:
    src = (
        "On ResNet50, DCLS increases ImageNet accuracy at the expense of throughput, while on ConvNeXt the "
        "cost on throughput is negligible."
    )
    little = judge(verifier, "Swapping DCLS into ConvNeXt barely costs any throughput.", src, "DCLS")
    assert little.status == "supported", little
    sweeping = judge(verifier, "DCLS raises accuracy on any backbone at no throughput cost.", src, "DCLS")
    assert sweeping.status != "supported", sweeping


NEGATIONS = [
    (
        "SparK can be used directly on any convolutional model without backbone modifications.",
        # before: called contradicted ("[1] says 'not backbone'")
        ["SparK does away with backbone modifications for convolutional models."],
        ["SparK requires backbone modifications to work on convolutional models."],
    ),
    (
        "OTOv2 requires minimal engineering efforts from the users.",
        ["OTOv2 needs next to no engineering work from users."],  # before: unsupported
        # before: the second was verified
        ["OTOv2 requires no engineering effort at all.", "OTOv2 needs extensive engineering effort."],
    ),
    (
        "The distilled model matches the teacher's quality while being training-free at inference.",
        ["The distilled model keeps the teacher's quality and needs no training at inference."],
        ["The distilled model needs extra training at inference to match the teacher."],  # before: verified
    ),
    (
        "No learning was possible from incomplete trajectories with previous GFlowNet work.",
        ["Previous GFlowNet work was unable to learn from trajectories that were incomplete."],
        ["Earlier GFlowNet methods could learn from incomplete trajectories."],  # before: verified
    ),
    (
        "The approach reduces hallucinations but does not eliminate them.",
        ["The approach cuts down on hallucinations without getting rid of them entirely."],
        ["The approach gets rid of hallucinations entirely."],  # before: verified
    ),
]


def test_denials_and_degrees_in_the_words_people_use(verifier: Verifier) -> None:
    for source, right, wrong in NEGATIONS:
        assert_read_right(verifier, source, right, wrong, "SparK")


def test_a_reason_in_a_relative_clause(verifier: Verifier) -> None:
    src = "We use a curriculum over sequence length, which stabilizes training of the largest models."
    said = "Training the largest models is more stable thanks to a sequence-length curriculum."
    assert judge(verifier, said, src, "Curriculum").status == "supported"  # before: unsupported
    reported = "Our method is faster than the baselines. It also achieves higher accuracy."
    invented = "The method is faster because it achieves higher accuracy."
    assert judge(verifier, invented, reported, "Method").status != "supported"


def test_a_denied_need_beside_a_free_compound(verifier: Verifier) -> None:
    src = "All stages are training-free, and performed using few-shot prompting of large models."
    said = "None of the stages needs training; each is carried out by few-shot prompting large models."
    assert judge(verifier, said, src, "MoReVQA").status == "supported"  # the round's own rule had refused it
    latency = "Single-threaded query processing with Seismic reaches sub-millisecond per-query latency."
    assert judge(verifier, "With a single thread Seismic answers each query in under a millisecond.", latency).status == (  # noqa: E501
        "supported"
    )
