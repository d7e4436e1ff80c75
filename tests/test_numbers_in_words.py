"""Numbers as people say them: counts and shares in words, multiples, orders of magnitude and ranges that
share a scale; each read to the value a source would print, and each judged against real passages."""

from __future__ import annotations

import pytest
from helpers.verdicts import judge

from assistant import quantities as q
from assistant.verifier import Verifier


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("fifty-three percent", [53.0]),  # was 50 and 3
        ("twenty-one tasks", [21.0]),  # was 20
        ("a hundred and sixty sub-models", [160.0]),
        ("three hundred twenty-five images", [325.0]),
        ("ninety nine", [99.0]),
        ("nine-tenths of the parameters", [90.0]),
        ("seven eighths of the data", [87.5]),
        ("one in five runs", [20.0]),
        ("seven in ten cases", [70.0]),
        ("2 in 10 minutes", [2.0, 10.0]),  # a count and a time, no share
        ("twice as fast", [2.0]),
        ("roughly quadruples the score", [4.0]),
        ("it halves the latency", [50.0]),
        ("two and a half times faster", [2.5]),
        ("between ten and thirty thousand images", [10000.0, 30000.0]),
        ("10k-30k images", [10000.0, 30000.0]),
        ("GPT-4 and LLaMA-2", []),  # versions in names stay names
        ("twice a day", []),
        ("over 3.2T tokens", [3.2e12]),  # T for trillion, as K, M and B
        ("in under a second per image", [1.0]),
        ("more than one point on GLUE", [1.0]),
        ("in a second stage", []),  # "second" as "next": no time
        ("for a second time", []),
    ],
)
def test_numbers_in_words_read_as_printed(text: str, values: list[float]) -> None:
    assert [n.value for n in q.numbers(text)] == values


@pytest.mark.parametrize(
    ("claim", "source", "agrees"),
    [
        ("an order of magnitude faster", "11.5x faster", True),
        ("an order of magnitude faster", "2x faster", False),
        ("more than two orders of magnitude less data", "500x less data", True),
        ("about two orders of magnitude", "6.3 times", False),
        ("nearly an order of magnitude", "7.8x", True),
        ("about three in ten", "30.5%", True),
        ("about one in ten", "30.5%", False),
        ("in under a second", "in 0.5 seconds", True),
        ("in under a second", "in 1.5 seconds", False),
        ("more than one point", "a 1.4 point gain", True),
        ("over 3T tokens", "3.2 trillion tokens", True),
        ("about 1.5K pixels", "inputs of 1536 resolution", True),  # a resolution counts pixels
        ("about 1.5K pixels", "1536 images", False),
        ("more than halves the latency", "a 62% lower latency", True),
    ],
)
def test_loose_multiples_and_shares_agree_within_their_span(claim: str, source: str, agrees: bool) -> None:
    c, s = q.numbers(claim)[0], q.numbers(source)[0]
    assert q.agrees(c, s) is agrees


FAST = (
    "This represents a 500x reduction in training data compared to full-attention diffusion LLMs such as "
    "Dream (580B tokens), while preserving the original model's performance."
)
SORTED = (
    "Our findings demonstrate the feasibility of training up to 160 different sub-models simultaneously, "
    "showcasing the extensive scalability of our proposed method while maintaining 96% of the model "
    "performance."
)
DD = (
    "For VAR, which requires 10-step generation, DD enables one-step generation (6.3 times speed-up), "
    "with an acceptable increase in FID from 4.19 to 9.96. For LlamaGen, DD reduces generation from 256 "
    "steps to 1, achieving an 217.8 times speed-up with a comparable FID increase from 4.11 to 11.35."
)


def test_an_order_of_magnitude_is_checked_like_a_factor(verifier: Verifier) -> None:
    assert judge(
        verifier, "For LlamaGen, DD makes generation two orders of magnitude faster.", DD, "DD"
    ).status == ("supported")
    wrong = judge(verifier, "For VAR, DD makes generation two orders of magnitude faster.", DD, "DD")
    assert wrong.status != "supported"
    assert "6.3" in wrong.reason
    assert (
        judge(
            verifier,
            "Fast-dLLM v2 needs more than two orders of magnitude less training data than diffusion "
            "LLMs such as Dream.",
            FAST,
            "Fast-dLLM v2",
        ).status
        == "supported"
    )


def test_a_share_in_words_counts_as_stated(verifier: Verifier) -> None:
    said = (
        "SortedNet makes training up to 160 different sub-models simultaneously feasible while "
        "maintaining {} percent of the model performance."
    )
    assert judge(verifier, said.format("ninety-six"), SORTED, "SortedNet").status == "supported"
    lost = judge(verifier, said.format("seventy"), SORTED, "SortedNet")  # read as 70, not as 7 or 0
    assert lost.status == "contradicted"
    assert "96%" in lost.reason


CHARTPALI = (
    "We propose a transfer technique from PaLM for chart reasoning. "
    "Their ChartPaLI-5B model outperforms even 10x larger models on the ChartQA benchmark by this transfer "
    "technique."
)


def test_a_named_winner_said_to_lose_to_unnamed_rivals(verifier: Verifier) -> None:
    swapped = "Despite the transfer from PaLM, ChartPaLI-5B is still outperformed on ChartQA by models ten times its size."  # noqa: E501
    assert judge(verifier, swapped, CHARTPALI, "ChartPaLI").status != "supported"
    kept = "ChartPaLI-5B outperforms models ten times its size on ChartQA."
    assert judge(verifier, kept, CHARTPALI, "ChartPaLI").status == "supported"


OVERLOCK = (
    "Unlike pyramid backbone networks, our design features a branched architecture with three synergistic "
    "sub-networks: 1) a Base-Net that encodes low/mid-level features; 2) a lightweight Overview-Net that "
    "generates dynamic top-down attention through coarse global context modeling (i.e., overview first); and "
    "3) a robust Focus-Net that performs finer-grained perception guided by top-down attention (i.e., look "
    "closely next)."
)


def test_roles_in_a_relative_clause_with_then(verifier: Verifier) -> None:
    said = (
        "In OverLoCK, it is the {} that generates dynamic top-down attention from coarse global context, and "
        "the {} that then performs finer-grained perception guided by that attention."
    )
    assert (
        judge(verifier, said.format("Overview-Net", "Focus-Net"), OVERLOCK, "OverLoCK").status == "supported"
    )
    swapped = judge(verifier, said.format("Focus-Net", "Overview-Net"), OVERLOCK, "OverLoCK")
    assert swapped.status == "unsupported"
    assert "Overview-Net" in swapped.reason


COMD = (
    "After four distillation rounds, our 7B student surpasses LLaVA-13B on ScienceQA and the LLaVA Test set."
)


def test_a_multiple_of_model_sizes(verifier: Verifier) -> None:
    said = "After four distillations, CoMD's 7B student beats LLaVA-13B, a model {} its size, on ScienceQA."
    assert judge(verifier, said.format("nearly twice"), COMD, "CoMD").status == "supported"
    assert judge(verifier, said.format("five times"), COMD, "CoMD").status != "supported"


SIMVLG = (
    "SimVLG matches the performance of current vision-language models while using only 1/10 of the data, "
    "and it trains 5x faster. Skywork-13B is trained on a corpus of over 3.2 trillion tokens."
)


def test_an_approximation_it_cannot_place_is_no_accusation(verifier: Verifier) -> None:
    # a share in words against another share: flagged, but not called contradicted, as it may be worked out
    said = "SimVLG matches current vision-language models with only a fifth of the data."
    fifth = judge(verifier, said, SIMVLG, "SimVLG")
    assert fifth.status == "unsupported"
    # a number off by a scale is contradicted, hedged or not
    scale = judge(verifier, "Skywork-13B is trained on over 3.2 billion tokens.", SIMVLG, "SimVLG")
    assert scale.status == "contradicted"
    exact = judge(verifier, "SimVLG trains 7x faster than current vision-language models.", SIMVLG, "SimVLG")
    assert exact.status == "contradicted"
    # a hedged number in digits may be worked out too ("roughly 3x faster", of what?): flagged, no accusation
    hedged = judge(verifier, "SimVLG trains roughly 3x faster than current vision-language models.", SIMVLG, "SimVLG")  # noqa: E501
    assert hedged.status == "unsupported" and "5x" in hedged.reason


GFLOW = "With previous GFlowNet work, no learning was possible from incomplete trajectories."
SAMPLED = "We propose to let the model learn from both self-sampled fully-correct solutions and partially-correct solutions. "  # noqa: E501


def test_at_all_stresses_a_denial_and_a_kind_beside_its_plain_word() -> None:
    from assistant import overclaims, relations

    stressed = "Earlier GFlowNet work could not learn from incomplete trajectories at all."
    assert overclaims.overclaim(stressed, GFLOW) is None
    assert overclaims.overclaim("GFlowNets learn from all trajectories.", GFLOW) is not None
    claim = "Learning from its own correct and partially-correct samples helps."
    assert relations.states_swapped(claim, SAMPLED.split(". ")[0]) is None


DLLM = (
    "Fast-dLLM v2 adapts pretrained AR models with only approximately 1B tokens of fine-tuning. This "
    "represents a 500x reduction in training data compared to full-attention diffusion LLMs such as Dream "
    "(580B tokens). Fast-dLLM v2 achieves up to 2.5x speedup over standard AR decoding without compromising "
    "generation quality."
)


def test_a_factor_measured_against_another_name_of_the_paper(verifier: Verifier) -> None:
    said = "Fast-dLLM v2 decodes up to 2.5x faster than {}, with no loss in generation quality."
    moved = judge(verifier, said.format("full-attention diffusion LLMs such as Dream"), DLLM, "Fast-dLLM v2")
    assert moved.status == "unsupported"
    assert "AR decoding" in moved.reason and "Dream" in moved.reason
    assert judge(verifier, said.format("standard AR decoding"), DLLM, "Fast-dLLM v2").status == "supported"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("about a quarter of a point", 0.25, "point"),
        ("three quarters of an hour", 0.75, "hour"),
        ("fewer than one document in twenty wrong", 5.0, "%"),
    ],
)
def test_parts_of_a_unit_and_shares_with_a_noun(text: str, value: float, unit: str) -> None:
    n = q.numbers(text)[0]
    assert (n.value, n.unit) == (value, unit)


COMD_SIZE = "Finally, the 7B-sized student model after four distillations surpassed LLaVA-13B on ScienceQA."
PASS = "We improve PASS@100 from 35.5% to 44.5% for GSM8K."
LLAVA_MED = "This enables us to train LLaVA-Med in less than 15 hours (with eight A100s)."
PROCTAG = (
    "With ProcTag-based sampling in the generated document datasets, only 30.5% of the document instructions "
    "are required to achieve 100% efficacy compared to the complete dataset."
)


def test_numbers_worked_out_of_the_source(verifier: Verifier) -> None:
    half = "After four distillations, the student, with a bit over half the parameters of LLaVA-13B, surpassed it on ScienceQA."  # noqa: E501
    assert judge(verifier, half, COMD_SIZE, "CoMD").status == "supported"
    most = "After four distillations, the student, with about 90% of the parameters of LLaVA-13B, surpassed it on ScienceQA."  # noqa: E501
    assert judge(verifier, most, COMD_SIZE, "CoMD").status != "supported"
    from assistant.verifier import _worked_values

    gpu_hours = "LLaVA-Med takes no more than roughly 120 A100 GPU-hours to train."
    c = q.numbers(gpu_hours)[0]
    assert 120.0 in _worked_values(gpu_hours, c, [(LLAVA_MED, n) for n in q.numbers(LLAVA_MED)])
    relative = "It improves PASS@100 on GSM8K by about a quarter in relative terms."
    c = q.numbers(relative)[-1]
    values = _worked_values(relative, c, [(PASS, n) for n in q.numbers(PASS)])
    assert any(abs(v - 25.35) < 0.1 for v in values)
    dropped = "With ProcTag-based sampling in the generated document datasets, around 70% of the document instructions can be dropped with no loss of efficacy compared to the complete dataset."  # noqa: E501
    assert judge(verifier, dropped, PROCTAG, "ProcTag").status == "supported"


ONESTOP = (
    "Unlike knowledge distillation, where multiple capacity models are trained from scratch separately, our "
    "approach integrates supervisions from different capacity models simultaneously."
)
ODDS = (
    "Contrary to the prevailing view that latency and arithmetic complexity are irreconcilable, a simple "
    "formula relates both through computational efficiency."
)


def test_contrasts_idioms_and_bounds(verifier: Verifier) -> None:
    from assistant import claims as read

    swapped = (
        "Unlike knowledge distillation, which integrates supervision from different capacity models "
        "simultaneously, the one-stop approach trains the capacity models from scratch separately."
    )
    assert judge(verifier, swapped, ONESTOP, "One-stop training").status == "unsupported"
    assert read.negated("Latency and arithmetic complexity are not at odds.") == ["odds"]
    odds = "The authors argue that latency and arithmetic complexity are not at odds, since a simple formula relates both."  # noqa: E501
    assert judge(verifier, odds, ODDS, "Latency").status != "contradicted"
    assert read.directions("It needs no more than 120 GPU-hours") == {"less": 1}
    assert read.unmade("trained on unsegmented image and text pairs") == {"segment"}
    assert read.compounds("It needs no line segmentation") == [{"line", "segment"}]
    stressed = "OPTIN compresses a transformer and never re-trains it."
    assert overclaims_of(stressed, "OPTIN compresses a transformer, and it never re-trains it.") is None


def overclaims_of(claim: str, source: str) -> tuple[str, str] | None:
    from assistant import overclaims

    return overclaims.overclaim(claim, source)


ORIGAMI = (
    "We propose OrigamiNet, a module that can augment any fully convolutional single line text recognizer "
    "to convert it into a multi-line version, without losing information. Our trained models learn an "
    "accurate implicit line segmentation."
)


def test_a_denied_need_or_compound_is_no_accusation(verifier: Verifier) -> None:
    from assistant.verifier import _accuses

    claim = "OrigamiNet turns a single-line recognizer into a multi-line one, needing no line segmentation."
    said = {"line", "segment", "learn", "model"}
    assert not _accuses(claim, "Our trained models learn an accurate implicit line segmentation.", said, [{"line", "segment"}], [0])  # noqa: E501
    assert _accuses("Its models do not learn line segmentation.", "Our models learn line segmentation.", said, [{"learn", "line"}], [0])  # noqa: E501
    assert not _accuses("It has no line segmentation.", "A single line model.", {"line", "singl"}, [{"line", "segment"}], [0])  # noqa: E501
    assert judge(verifier, claim, ORIGAMI, "OrigamiNet").status != "contradicted"


def test_a_quantity_in_another_unit_of_its_family(verifier: Verifier) -> None:
    said = "Fine-tuning takes {}."
    same = judge(verifier, said.format("one and a half hours"), said.format("90 minutes"))
    assert same.status == "supported"
    other = judge(verifier, said.format("half a millisecond"), said.format("0.5 seconds"))
    assert other.status != "supported"


SELF_SAMPLED = (
    "Experiments on two math reasoning datasets show the effectiveness of our method compared to learning from "  # noqa: E501
    "a single reference solution with MLE, where we improve PASS@100 from 35.5% to 44.5% for GSM8K, and 27.6% "  # noqa: E501
    "to 36.2% PASS@80 for MathQA."
)


def test_a_relative_change_is_worked_out_of_the_change_it_names(verifier: Verifier) -> None:
    lead = "Compared with plain MLE on a single reference solution, learning from self-sampled solutions raises"  # noqa: E501
    gsm = judge(verifier, f"{lead} GSM8K PASS@100 by roughly a quarter in relative terms.", SELF_SAMPLED, "S")
    assert gsm.status == "supported", gsm  # 35.5% to 44.5%: 25% more
    math = judge(verifier, f"{lead} MathQA PASS@80 by roughly 30% in relative terms.", SELF_SAMPLED, "S")
    assert math.status == "supported", math  # 27.6% to 36.2%, the "from" left out: 31% more
    # a quarter is GSM8K's change, and 27.6% MathQA's level: neither makes MathQA's change a quarter
    moved = judge(verifier, f"{lead} MathQA PASS@80 by roughly a quarter in relative terms.", SELF_SAMPLED, "S")  # noqa: E501
    assert moved.status != "supported", moved


def test_counts_and_bounds_as_people_write_them(verifier: Verifier) -> None:
    tasks = "We run experiments on 42 intermediate tasks and 11 target tasks."
    swapped = judge(verifier, "The experiments cover 11 intermediate tasks and 42 target tasks.", tasks, "T")
    assert swapped.status != "supported", swapped  # what a count counts includes its modifier
    gpus = "This enables us to train LLaVA-Med in less than 15 hours (with eight A100s)."
    assert judge(verifier, "Training LLaVA-Med takes fewer than 120 A100-hours.", gpus, "L").status == "supported"  # noqa: E501
    assert judge(verifier, "Training LLaVA-Med takes fewer than 40 A100-hours.", gpus, "L").status != "supported"  # noqa: E501
    sqr = (
        "As a result, we apply SQR on Adamixer, DAB-DETR, and Deformable-DETR across various settings (backbone, "  # noqa: E501
        "number of queries, schedule) and consistently brings 1.4-2.8 AP improvement."
    )
    said = "Across Adamixer, DAB-DETR and Deformable-DETR, SQR adds somewhere between about {} AP points."
    rng = judge(verifier, said.format("one and a half and three"), sqr, "SQR")
    assert rng.status == "supported", rng
    off = judge(verifier, said.format("four and six"), sqr, "SQR")
    assert off.status != "supported", off


def test_worked_numbers_people_write(verifier: Verifier) -> None:
    conv = "Our ConvFirst model with block-fusion kernels ran approximately four times as fast as ConvNeXt."
    quarter = judge(verifier, "Using block-fusion kernels, ConvFirst gets through inference in roughly a quarter of the time ConvNeXt needs.", conv, "C")  # noqa: E501
    assert quarter.status == "supported", quarter
    half = judge(verifier, "Using block-fusion kernels, ConvFirst gets through inference in roughly half of the time ConvNeXt needs.", conv, "C")  # noqa: E501
    assert half.status != "supported", half
    optin = "We show a 0.5% improvement from state-of-the-art methods on image classification at competitive FLOPs reductions."  # noqa: E501
    points = judge(verifier, "On image classification, OPTIN edges out state-of-the-art methods by about half a point of accuracy at competitive FLOPs reductions.", optin, "OPTIN")  # noqa: E501
    assert points.status == "unsupported", points  # points of a percentage, or a relative percent: no verdict
    latin = "LATIN-Prompt improves Claude's performance on DocVQA by 263%."
    relative = judge(verifier, "LATIN-Prompt raises Claude's score on DocVQA by 263 points.", latin, "LATIN")
    assert relative.status == "unsupported", relative
    glue = "Applying supplementary training on BERT, we attain a GLUE score of 81.8, a 1.4 point improvement over BERT."  # noqa: E501
    percent = judge(verifier, "Supplementary training raises BERT's GLUE score by 1.4%, bringing it to 81.8.", glue, "STILTs")  # noqa: E501
    assert percent.status != "supported", percent  # a score's points are no percent
    ep = "We show that by freezing more than 99% of total parameters, training only one linear projection layer, and prepending only one trainable token, our approach (dubbed eP-ALM) significantly outperforms other baselines on VQA and Captioning across Image, Video, and Audio modalities, following the proposed setup."  # noqa: E501
    every = judge(verifier, "eP-ALM trains fewer than one in every hundred of the model's parameters: a single linear projection layer and one prepended token.", ep, "eP-ALM")  # noqa: E501
    assert every.status == "supported", every
    proc = "Impressively, with ProcTag-based sampling in the generated document datasets, only 30.5% of the document instructions are required to achieve 100% efficacy compared to the complete dataset."  # noqa: E501
    left = judge(verifier, "With ProcTag-based sampling on the generated document datasets, roughly 70% of the instructions can be left out while keeping the full dataset's efficacy.", proc, "ProcTag")  # noqa: E501
    assert left.status == "supported", left
    kept = judge(verifier, "With ProcTag-based sampling on the generated document datasets, roughly 70% of the instructions must be kept to reach the full dataset's efficacy.", proc, "ProcTag")  # noqa: E501
    assert kept.status != "supported", kept



def test_a_tilde_or_approx_sign_reads_as_about(verifier: Verifier) -> None:
    # "~7x" opening a text sent the hedge reader into endless recursion; "≈" was the reader's own mark for a
    # vague count, so a paper that wrote "≈7%" failed to read at all
    assert [(n.value, n.qualifier) for n in q.numbers("~7x faster")] == [(7.0, "about")]
    assert [(n.value, n.qualifier) for n in q.numbers("≈ 7× faster")] == [(7.0, "about")]
    assert [(n.value, n.qualifier) for n in q.numbers("it reaches ≈7% error")] == [(7.0, "about")]
    assert [(n.value, n.qualifier) for n in q.numbers("several hundred times")] == [(550.0, "vague")]
    source = "The distilled sampler is ≈7× faster than the teacher, at an FID of 3.1."
    fast = judge(verifier, "~7x faster than the teacher, the sampler reaches an FID of 3.1.", source)
    assert fast.status == "supported"
    slow = judge(verifier, "~3x faster than the teacher, the sampler reaches an FID of 3.1.", source)
    assert slow.status != "supported"


def test_a_share_said_by_its_rest_and_a_hedge_in_points(verifier: Verifier) -> None:
    source = "Our model achieves an accuracy of 95.87% on the RVL-CDIP dataset for document classification."
    rest = ["The model gets 4.13% of RVL-CDIP documents wrong.", "It gets under 5% of RVL-CDIP pages wrong."]
    for claim in rest:
        assert judge(verifier, claim, source, "Model").status == "supported", claim  # before: contradicted
    assert judge(verifier, "It gets about 10% of RVL-CDIP documents wrong.", source).status != "supported"
    # before: verified ("almost" allowed a tenth below, 9.9 points of a share)
    almost = judge(verifier, "The model classifies RVL-CDIP documents with almost 99% accuracy.", source)
    assert almost.status != "supported", almost
