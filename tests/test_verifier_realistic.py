"""Verifier v2 on claims as people and models write them: hedged numbers, ranges, units, binding,
who beats whom, overclaims and unstated causes. Each test pairs a claim that must pass with one that
must not, on real embeddings."""

from __future__ import annotations

import pytest
from helpers.verdicts import judge

from assistant import overclaims
from assistant import quantities as q
from assistant.verifier import Verifier
from index.papers import tidy

MUMATH = (
    "Our MuMath-Code-7B achieves 83.8 on GSM8K and 52.4 on MATH, while MuMath-Code-70B model achieves new "
    "state-of-the-art performance among open methods, achieving 90.7% on GSM8K and 55.1% on MATH. "
    "To leverage the data, we propose a two-stage training strategy: In Stage-1, we finetune Llama-2 on pure "
    "CoT data to get an intermediate model, which then is trained on the code-nested data in Stage-2."
)
LLAVA = (
    "This enables us to train LLaVA-Med in less than 15 hours (with eight A100s). "
    "On three standard biomedical visual question answering datasets, LLaVA-Med outperforms previous "
    "supervised state-of-the-art on certain metrics. The model generates sharper answers in 1-4 steps."
)
FLAMINGO = (
    "MultiModal-GPT is parameter-efficiently fine-tuned from OpenFlamingo, with Low-rank Adapter (LoRA) added "  # noqa: E501
    "both in the cross-attention part and the self-attention part of the language model. "
    "It can conduct multi-round dialogue with humans. Our OverLoCK-T remarkably improves UniRepLKNet-T by 1.7%."  # noqa: E501
)




@pytest.mark.parametrize(
    ("claim", "source", "agrees"),
    [
        ("about 84%", "84.2%", True),
        ("about 0.2 GFLOPs", "200 MFLOPs", True),
        ("0.2 GFLOPs", "200 GFLOPs", False),
        ("up to roughly 99%", "up to $\\sim99%$", True),
        ("99%", "up to $\\sim99%$", False),
        ("roughly a 1.5-point gain", "a 1.4 point gain", True),
        ("over 80,000 pages", "80,863 pages", True),
        ("roughly 7x", "6.6x", True),
        ("84%", "84.2%", True),
        ("84.0%", "84.2%", False),
        ("over 104 billion tokens", "over 150 billion tokens", False),
        ("2 steps", "2-4 steps", False),
        ("up to 4 steps", "2-4 steps", True),
        ("2x", "up to 2x", False),
        ("0.5 ms", "0.5 seconds", False),
        ("15 days", "15 hours", False),
        ("4.48 seconds", "4.48x", False),
        ("under 9 hours", "8 GPUs", False),
        ("almost 45%", "44.5%", True),
        ("almost 2%", "1.7%", True),
        ("nearly 600B", "580B tokens", True),
        ("roughly a third", "33.5%", True),
        ("a fifth of the data", "1/10 of the data", False),
        ("as much as a further 2.2x", "up to 2.2x", True),
        ("almost 45%", "improves it from 35.5% to 44.5%", True),
        ("sizes from 200 to 1000 MFLOPs", "sizes range from 200 to 1000 MFLOPs", True),
        ("200 MFLOPs", "sizes from 200 to 1000 MFLOPs", False),
        ("an IS of 8.81", "IS=8.81pm0.10", True),
        ("roughly 60x fewer", "around 64x fewer", True),
        ("about 4x better", "ImageNet 64 times 64", False),
    ],
)
def test_hedged_numbers_agree_only_within_their_hedge_and_unit(claim: str, source: str, agrees: bool) -> None:
    assert any(q.agrees(c, s) for c in q.numbers(claim) for s in q.numbers(source)) is agrees


def test_scraped_text_is_tidied_once_at_index_time() -> None:
    assert tidy("PIXART-{\\delta} reaches 77. 7% and is 217.8times faster, 30.5\\% of it") == (
        "PIXART-δ reaches 77.7% and is 217.8 times faster, 30.5% of it"
    )


@pytest.mark.parametrize(
    "claim",
    [
        "MuMath-Code-70B reaches about 91% on GSM8K.",
        "Training LLaVA-Med takes under 15 hours on eight A100 GPUs.",
        "OpenFlamingo is the model that MultiModal-GPT was fine-tuned from, using LoRA in its attention parts.",  # noqa: E501
    ],
)
def test_true_claims_in_own_words_are_supported(verifier: Verifier, claim: str) -> None:
    text = MUMATH if "MuMath" in claim else LLAVA if "LLaVA" in claim else FLAMINGO
    v = judge(verifier, claim, text, "A paper")
    assert v.status == "supported", v.reason


@pytest.mark.parametrize(
    ("claim", "text", "status", "reason"),
    [
        ("MuMath-Code-7B scores 90.7% on GSM8K.", MUMATH, "contradicted", "for MuMath-Code-7B, not 90.7%"),
        ("Training LLaVA-Med takes under 15 days on eight A100 GPUs.", LLAVA, "contradicted",
         "says 15 hours, not up to 15 days"),
        ("LLaVA-Med outperforms the previous supervised state of the art on every metric.", LLAVA, "unsupported",  # noqa: E501
         "says certain, not every"),
        ("OpenFlamingo is parameter-efficiently fine-tuned from MultiModal-GPT with LoRA.", FLAMINGO,
         "unsupported", "the other way round"),
        ("UniRepLKNet-T improves on OverLoCK-T by 1.7%.", FLAMINGO, "unsupported", "the other way round"),
    ],
)  # fmt: skip
def test_realistic_errors_are_flagged_with_a_readable_reason(
    verifier: Verifier, claim: str, text: str, status: str, reason: str
) -> None:
    v = judge(verifier, claim, text, "A paper")
    assert v.status == status, v.reason
    assert reason in v.reason


# made-up papers, not from the claim sets: each rule with a claim that must pass beside one that must not
SKIP = (
    "SkipNet speeds up training in two ways: (1) an automatically chosen loss threshold skips backward "
    "passes; (2) a meta predictor skips forward passes. The model first learns to align vocabulary using "
    "figure-caption pairs, then learns open-ended conversation from instruction data. It uses flow matching "
    "to build a mapping from Gaussian noise to the output distribution of the teacher. Thanks to 8-bit "
    "weights, it fits on one GPU. It reaches 0.5 seconds per image. On handwriting recognition it sets a "
    "new state of the art on IAM. It surpasses contrastive learning and masked modeling by about 1%. "
    "It improves latency and throughput by 33.5% and 20.1%, respectively."
)


@pytest.mark.parametrize(
    ("claim", "true", "reason"),
    [
        ("A loss threshold skips backward passes and a meta predictor skips forward passes.", True, ""),
        (
            "A meta predictor skips backward passes, and a loss threshold skips forward passes.",
            False,
            "the other way round",
        ),
        ("It learns to align vocabulary first and then learns open-ended conversation.", True, ""),
        (
            "It first learns open-ended conversation, then learns to align vocabulary with figure-caption pairs.",  # noqa: E501
            False,
            "before",
        ),
        ("Flow matching maps Gaussian noise to the teacher's output distribution.", True, ""),
        (
            "It uses flow matching to build a mapping from the teacher's output distribution to Gaussian noise.",  # noqa: E501
            False,
            "the other way",
        ),
        ("Thanks to its 8-bit weights, SkipNet fits on a single GPU.", True, ""),
        ("Thanks to its 8-bit weights, SkipNet reaches 0.5 seconds per image.", False, "causes"),
        ("SkipNet sets a new state of the art on IAM for printed text recognition.", False, "handwriting"),
        (
            "Masked modeling and contrastive learning surpass SkipNet by about 1%.",
            False,
            "the other way round",
        ),
        ("SkipNet improves throughput by 33.5%.", False, "for latency"),
        ("SkipNet improves latency by about a third.", True, ""),
    ],
)
def test_relations_people_get_wrong(verifier: Verifier, claim: str, true: bool, reason: str) -> None:
    v = judge(verifier, claim, SKIP, "SkipNet: Skipping Passes to Train Faster")
    assert (v.status == "supported") is true, v
    assert reason in v.reason


# a made-up paper: who beats whom when several rivals are listed, after a participle, or in other verbs
RIVALS = (
    "Our model family, GlideNetModels, reaches top-1 accuracies from 75.1% to 79.8%, surpassing strong "
    "models including RapidNets and Fold-Once networks. Moreover, since the old tokenizer is too coarse for "
    "long inputs, we train a second tokenizer that splits rare words further."
)


@pytest.mark.parametrize(
    ("claim", "true", "reason"),
    [
        ("The GlideNet models come out ahead of RapidNets and Fold-Once networks in accuracy.", True, ""),
        ("RapidNets and Fold-Once networks come out slightly ahead of the GlideNet models.", False, "round"),
        ("In top-1 accuracy, Fold-Once networks edge out GlideNetModels.", False, "round"),
        ("GlideNetModels trail RapidNets in accuracy.", False, "round"),
        ("RapidNets lag behind the GlideNet models.", True, ""),
        (
            "Because the old tokenizer is too coarse for long inputs, the authors train a second tokenizer "
            "that splits rare words further.",
            True,
            "",
        ),
    ],
)
def test_rivals_listed_together_keep_their_side(
    verifier: Verifier, claim: str, true: bool, reason: str
) -> None:
    v = judge(verifier, claim, RIVALS, "GlideNet: Gliding Through Architectures")
    assert (v.status == "supported") is true, v
    assert reason in v.reason


# a made-up paper: a number is weighed against the numbers of its own sentence, not of the paper
SPEED = (
    "For ModelQ, one step is enough (6.3 times speed-up). "
    "For ModelR, it reduces generation from 256 steps to 1, a 217.8 times speed-up. "
    "It keeps 98.64% of the accuracy while keeping a 48.58% cache retention rate."
)


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        ("For ModelR, one-step generation is over 200x faster.", True),
        ("It keeps 48.58% of the accuracy while keeping a 98.64% cache retention rate.", False),
        ("It keeps about 98.6% of the accuracy.", True),
        ("It keeps 98.64% of the accuracy thanks to two critical tricks.", False),
    ],
)
def test_numbers_are_weighed_in_their_own_sentence(verifier: Verifier, claim: str, true: bool) -> None:
    v = judge(verifier, claim, SPEED, "FastGen: Generating in One Step")
    assert (v.status == "supported") is true, v


# a made-up paper: steps told across sentences, "rather than", "A, and B follows", parts given another's role
PARTS = (
    "Our design has three sub-networks: 1) a Root-Net that encodes low-level features; 2) a Glance-Net that "
    "builds coarse global context; and 3) a Gaze-Net that performs fine-grained perception. We first align "
    "the modalities with prototypes. After that, knowledge from two teachers is re-weighted. Models learn "
    "syntax during pre-training rather than fine-tuning."
)


@pytest.mark.parametrize(
    ("claim", "true", "reason"),
    [
        ("The Glance-Net builds coarse global context.", True, ""),
        ("The Root-Net builds coarse global context.", False, "of Glance-Net"),
        (
            "Modalities are aligned with prototypes first, and re-weighting two teachers' knowledge follows.",
            True,
            "",
        ),
        (
            "Two teachers' knowledge is re-weighted first, and aligning modalities with prototypes follows.",
            False,
            "before",
        ),
        ("Models learn syntax during fine-tuning rather than pre-training.", False, "the other way"),
    ],
)
def test_parts_steps_and_preferences_keep_their_order(
    verifier: Verifier, claim: str, true: bool, reason: str
) -> None:
    v = judge(verifier, claim, PARTS, "Tripod: Three Nets for Seeing")
    assert (v.status == "supported") is true, v
    assert reason in v.reason


GAINS = (
    "We propose two critical optimizations for the encoder. With them, we improve PASS@100 from 35.5% to "
    "44.5% on GSM8K."
)


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        ("It raises PASS@100 on GSM8K by about 9 points.", True),
        ("It raises PASS@100 on GSM8K by about 5 points.", False),
        ("The encoder gets two optimizations.", True),
        ("The encoder gets three optimizations.", False),
    ],
)
def test_changes_and_counts_are_read_as_written(verifier: Verifier, claim: str, true: bool) -> None:
    v = judge(verifier, claim, GAINS, "Gainer: Better Encoders")
    assert (v.status == "supported") is true, v


# a made-up paper: a fronted topic ("For ModelV, ...") and a participle (", achieving ...") bind numbers
TOPICS = (
    "For ModelV, which needs 10 steps, it enables one-step generation, with FID rising from 4.19 to 9.96. "
    "For ModelL, it cuts generation from 256 steps to 1, achieving a 217.8 times speed-up with FID rising "
    "from 4.11 to 11.35."
)


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        ("On ModelV, one-step generation raises FID only from 4.19 to 9.96.", True),
        ("On ModelL, one-step generation raises FID only from 4.19 to 9.96.", False),
        ("It brings ModelL down to one step, achieving a 217.8x speed-up.", True),
        ("It brings ModelV down to one step, achieving a 217.8x speed-up.", False),
    ],
)
def test_topics_and_participles_bind_numbers(verifier: Verifier, claim: str, true: bool) -> None:
    v = judge(verifier, claim, TOPICS, "OneStep: Sampling in One Step")
    assert (v.status == "supported") is true, v


def test_a_negation_added_beside_another_is_caught(verifier: Verifier) -> None:
    text = "Continual learning can help models adapt to new data without joint training."
    ok = judge(
        verifier, "Continual learning helps models adapt to new data without joint training.", text, "CL"
    )
    added = judge(
        verifier,
        "Continual learning can not help models adapt to new data without joint training.",
        text,
        "CL",
    )
    assert ok.status == "supported", ok
    assert added.status == "contradicted" and "not help" in added.reason, added


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        ("Attention cost scales linearly rather than quadratically.", True),
        ("Attention cost scales quadratically rather than linearly.", False),
    ],
)
def test_preferences_and_parameter_counts(verifier: Verifier, claim: str, true: bool) -> None:
    text = (
        "It cuts attention cost from quadratic to linear. On ImageNet it reaches 77.7% accuracy with only "
        "3.8M parameters. On the COCO benchmark, it achieves 50.0% AP, surpassing the previous best by "
        "1.2% with only 21.5M parameters."
    )
    v = judge(verifier, claim, text, "Sparta: Sparse Attention")
    assert (v.status == "supported") is true, v


ROLES = (
    "We construct PolyChat, a dataset which largely extends the topic coverage of the crowdsourced TalkBank "
    "corpus. Our GridNet model with fused kernels ran approximately three times as fast as MeshNet. "
    "Rover achieves up to 5.2x speed-up in inference compared with the public graph systems. "
    "We show how our vision models can be easily adapted to speech recognition tasks through token merging. "
    "The model is first trained on a table-to-figure rendering task. "
    "It takes inputs of 1024x1024 resolution and produces only 256 visual tokens."
)


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        ("PolyChat extends the topic coverage of the TalkBank corpus.", True),
        ("The TalkBank corpus extends the topic coverage of PolyChat.", False),
        ("The topic coverage of TalkBank is extended by PolyChat.", True),
        ("GridNet ran about three times as fast as MeshNet.", True),
        ("MeshNet ran about three times as fast as GridNet.", False),
        ("Rover runs inference up to 5.2x faster than the public graph systems.", True),
        ("The public graph systems run inference up to 5.2x faster than Rover.", False),
        ("The vision models can be adapted to speech recognition tasks.", True),
        ("The speech recognition models can be adapted to vision tasks.", False),
        ("The model is first trained to render figures from tables.", True),
        ("The model is first trained on a figure-to-table rendering task.", False),
        ("It takes 1024x1024 inputs and produces only 256 visual tokens.", True),
        ("It takes 256x256 inputs and produces only 1024 visual tokens.", False),
    ],
)
def test_who_does_what_to_whom(verifier: Verifier, claim: str, true: bool) -> None:
    v = judge(verifier, claim, ROLES, "PolyChat and GridNet")
    assert (v.status == "supported") is true, v


def test_a_citation_year_is_no_rival_and_a_range_end_is_not_the_range(verifier: Verifier) -> None:
    text = (
        "Applying supplementary training on BERT (Devlin et al., 2018), we attain a 1.4 point improvement. "
        "Our models achieve top-1 accuracies ranging from 76.5% to 80.9% on ImageNet."
    )
    year = judge(verifier, "Supplementary training gives BERT roughly a 2-point gain.", text, "STILTs")
    # flagged against the 1.4-point gain (a hedged number is no accusation: unsupported), not the year
    assert year.status == "unsupported" and "1.4" in year.reason and "2018" not in year.reason, year
    best = judge(verifier, "The best of the models come close to 81% top-1 accuracy on ImageNet.", text, "X")
    assert best.status == "supported", best
    end = judge(verifier, "The models reach about 81% top-1 accuracy on ImageNet.", text, "X")
    assert end.status == "unsupported" and "range" in end.reason, end


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        ("The model reaches about 68% accuracy after roughly three days of training.", True),
        ("The model reaches about 68% accuracy after roughly two days of training.", False),
        ("After 4 days the model reaches 69.3% accuracy.", True),
    ],
)
def test_numbers_a_source_lists_in_step_keep_their_pairs(verifier: Verifier, claim: str, true: bool) -> None:
    text = "On eight GPUs, the model reaches 63.2% accuracy in 2 days, 67.8% in 3 days and 69.3% in 4 days."
    v = judge(verifier, claim, text, "Budget training")
    assert (v.status == "supported") is true, v


# a made-up paper for the rules of this round: numbers crossed between two parts of a sentence, numbers
# people work out (a difference, a ratio, a factor applied), acronyms, added clauses, sibling words in
# another sentence, negations that reach further, flows between plain words and tools used on things
SIEVE = (
    "SieveNet is a data filter for training language models. "
    "On a diverse set of benchmarks, SieveNet reduces the required training examples by up to 5.3 times "
    "and training time by up to 6.8 times. "
    "Our SieveNet-7B achieves 83.8 on GSM8K and 52.4 on MATH, while SieveNet-70B achieves 90.7 on GSM8K. "
    "It generates one image in 0.5 seconds, a 7x improvement over the previous filter. "
    "The first stage pre-trains the student model on filtered image-text datasets. "
    "The second stage transfers knowledge between the teacher and the student. "
    "It can be used on any convolutional model without backbone modifications. "
    "Serving and training are separated, preventing the model from interacting with feedback in real time. "
    "A consistency model learns noise-to-data mappings. "
    "We employ weak classifiers to explain LLM safety through the intermediate hidden states. "
    "The number of parameters, which scales quadratically with the kernel size, becomes prohibitive. "
    "We augment language models with perception. "
    "Existing methods assume the weights must be retrained after the search is completed. "
    "SieveNet matches the baseline on short-text benchmarks but keeps 98.64% of it on long-context "
    "benchmarks. Its decoder is a diffusion language model (dLLM). "
    "It adapts pretrained AR models into dLLMs. "
    "During training, the backbone remains frozen, with only the two adapters undergoing training."
)


@pytest.mark.parametrize(
    ("claim", "true", "reason"),
    [
        ("SieveNet needs up to 5.3x fewer training examples and up to 6.8x less training time.", True, ""),
        ("SieveNet needs up to 6.8x fewer training examples and cuts training time by up to 5.3x.", False,
         "gives 5.3"),
        ("SieveNet-7B scores 52.4 on GSM8K and 83.8 on MATH.", False, ""),
        ("Going from SieveNet-7B to SieveNet-70B adds about 7 points on GSM8K.", True, ""),
        ("Going from SieveNet-7B to SieveNet-70B adds about 12 points on GSM8K.", False, ""),
        ("The previous filter took roughly 3.5 seconds per image.", True, ""),
        ("SieveNet-70B reaches 90.7 on the FILTER benchmark.", False, "FILTER"),
        ("In the first stage, the teacher model is pre-trained on filtered image-text datasets.", False,
         "student"),
        ("It fits any convolutional model without touching the backbone.", True, ""),
        ("Serving and training are separated, and the model cannot interact with feedback in real time.",
         True, ""),
        ("The consistency model learns data-to-noise mappings.", False, "the other way"),
        ("The paper uses the intermediate hidden states to explain how weak classifiers behave.", False,
         "the other way"),
        ("On long-context benchmarks SieveNet keeps 98.64% of the baseline.", True, ""),
        ("On short-text benchmarks SieveNet keeps 98.64% of the baseline.", False, "long-context benchmarks"),
        ("The kernel size grows quadratically with the number of parameters.", False, "either side"),
        ("SieveNet adapts pretrained AR models into dLLMs.", True, ""),
        ("During training, the backbone stays frozen and only the two adapters are updated.", True, ""),
        ("During training, the two adapters stay frozen and only the backbone is updated.", False,
         "trained, not frozen"),
        ("SieveNet adapts pretrained dLLMs into autoregressive models.", False, "the other way"),
        ("The number of parameters grows quadratically with the kernel size.", True, ""),
        ("The authors augment perception models with language.", False, "the other way"),
        ("Existing methods assume the weights must be retrained before the search begins.", False, "after"),
        ("SieveNet is a data filter for training language models, and it is widely used in natural language "
         "processing, computer vision and robotics pipelines at major companies.", False, "does not say"),
    ],
)  # fmt: skip
def test_numbers_people_work_out_and_parts_they_cross(
    verifier: Verifier, claim: str, true: bool, reason: str
) -> None:
    v = judge(verifier, claim, SIEVE, "SieveNet: Filtering Data to Train Faster")
    assert (v.status == "supported") is true, v
    assert reason in v.reason, v
    assert true or v.status == "unsupported" or "gives" not in reason, v  # crossed slots: not an accusation


SCRIBE = (
    "ScribeNet achieves state-of-the-art character error rate on both IAM and ICDAR benchmarks, surpassing "
    "all other methods in the literature. Human evaluation shows that ScribeNet is superior to strong "
    "baselines of augmentation and has comparable quality to the crowdsourced corpus. Supplementary "
    "training gives ScribeNet a 1.4 point improvement."
)


@pytest.mark.parametrize(
    ("claim", "true", "reason"),
    [
        ("ScribeNet surpasses all other methods in the literature on IAM and ICDAR.", True, ""),
        ("ScribeNet sets a state-of-the-art character error rate on every handwriting benchmark.", False,
         "not every"),
        ("Human evaluation finds ScribeNet better than strong augmentation baselines.", True, ""),
        ("Human evaluation finds ScribeNet's quality higher than the crowdsourced corpus.", False,
         "comparable"),
        ("Supplementary training improves ScribeNet by 1.4 points.", True, ""),
        ("Supplementary training improves ScribeNet by 1.4%.", False, "1.4 point"),
    ],
)  # fmt: skip
def test_a_sweep_or_a_win_covers_what_the_source_says_it_covers(
    verifier: Verifier, claim: str, true: bool, reason: str
) -> None:
    v = judge(verifier, claim, SCRIBE, "ScribeNet: Reading Handwriting")
    assert (v.status == "supported") is true, v
    assert reason in v.reason, v


def test_a_negation_in_other_words_is_no_accusation(verifier: Verifier) -> None:
    text = "The question is whether PTLMs can be trained on informative subsets while maintaining accuracy."
    soft = judge(verifier, "PTLMs may be trained on informative subsets without losing accuracy.", text, "X")
    plain = judge(verifier, "PTLMs cannot be trained on informative subsets and keep accuracy.", text, "X")
    assert soft.status != "contradicted", soft  # "without losing" says "maintaining" in other words
    assert plain.status == "contradicted" and "negation" in plain.reason, plain


# a made-up paper for what the capable-model replay showed: a number put with another result's,
# opposites in plain adjectives, "generally" for "in some cases", the paper's own name beside "our
# model", provenance that is no cause, a contrast that is no plain statement, and "are then" in one step
STAGER = (
    "StageNet: Query-based Detection. On COCO, our model achieves 44.8 AP with 100 queries and 12 epochs. "
    "With 300 queries, StageNet achieves 51.1 AP. On ImageNet it reaches 77.7% with only 3.8M parameters. "
    "On COCO detection it reaches 50.0% AP with 21.5M parameters. The best layers use significant memory "
    "and have low computational efficiency. In some cases following the gradient is not the best choice. "
    "The five categories of feedback are taken from a clinically validated scheme. Unlike existing methods "
    "that rely on multi-stage pre-training, our method does not require complex pipelines. We then "
    "fine-tune decoder-only LLMs with a contrastive loss in fewer than 1k steps."
)


@pytest.mark.parametrize(
    ("claim", "true", "reason"),
    [
        ("With 100 queries and 12 epochs, StageNet reaches 44.8 AP on COCO.", True, ""),
        ("With 100 queries, StageNet reaches 51.1 AP.", False, "300 queries"),
        ("On COCO, the 3.8M-parameter model reaches 50.0% AP.", False, ""),
        ("The 21.5M-parameter model reaches 50.0% AP on COCO.", True, ""),
        ("The best layers are light on memory and have high computational efficiency.", False, ""),
        ("Following the gradient is generally not the best choice.", False, "generally"),
        ("The five feedback categories come from a clinically validated scheme.", True, ""),
        ("Unlike existing methods, StageNet needs no multi-stage pre-training and no complex pipelines.",
         True, ""),
        ("Decoder-only LLMs are then fine-tuned with a contrastive loss in fewer than 1k steps.", True, ""),
    ],
)  # fmt: skip
def test_what_capable_models_write(verifier: Verifier, claim: str, true: bool, reason: str) -> None:
    v = judge(verifier, claim, STAGER, "StageNet: Query-based Detection")
    assert (v.status == "supported") is true, v
    assert reason in v.reason, v
    assert v.status != "contradicted" or not true, v


LONG = (
    "The proposed model achieved impressive results across all tasks, with an accuracy of 95.87% on the "
    "RVL-CDIP dataset for document classification, F1 scores of 0.9306, 0.9804, 0.9794, and 0.8742 on the "
    "FUNSD, CORD, SROIE, and Kleister-NDA datasets respectively for entity relation extraction, and an ANLS "
    "score of 0.8468 on the DocVQA dataset for visual question answering. Pigeon achieves up to 7.8x "
    "speed-up in inference and 5.6x speed-up in training compared with public systems. The accuracy gain "
    "is reported beside a new reading order task."
)


@pytest.mark.parametrize(
    ("claim", "true", "reason"),
    [
        ("On Kleister-NDA, the model's entity relation extraction F1 comes to about 0.87.", True, ""),
        ("For entity relation extraction on Kleister-NDA, the model gets an F1 score of 0.9306.", False,
         "FUNSD"),
        ("For entity relation extraction on CORD, the model reports an F1 score of 0.9804%.", False,
         "out of 1"),
        ("Pigeon speeds up inference by up to 7.8x over public systems.", True, ""),
        ("Compared with public systems, Pigeon accelerates training by up to 7.8x.", False, "5.6x"),
        ("The accuracy gain is a direct result of the new reading order task.", False, "causes"),
    ],
)  # fmt: skip
def test_one_part_of_a_long_sentence_and_the_number_it_goes_with(
    verifier: Verifier, claim: str, true: bool, reason: str
) -> None:
    v = judge(verifier, claim, LONG, "A document model and Pigeon")
    assert (v.status == "supported") is true, v
    assert reason in v.reason, v


def test_a_numbered_list_tells_steps_in_order(verifier: Verifier) -> None:
    text = (
        "The method has three steps. 1. Improve the chart representation by continued pre-training on "
        "chart-to-table translation. 2. Construct a large dataset of rationales with a large LLM. "
        "3. Fine-tune the model with a multi-task loss to predict answers and rationales."
    )
    right = "The model is first continued-pre-trained on chart-to-table translation, then fine-tuned with a multi-task loss."  # noqa: E501
    wrong = "The model is first fine-tuned with a multi-task loss, and only after that continued-pre-trained on chart-to-table translation."  # noqa: E501
    assert judge(verifier, wrong, text, "ChartNet").status == "unsupported"
    assert "before" in judge(verifier, wrong, text, "ChartNet").reason
    assert "before" not in judge(verifier, right, text, "ChartNet").reason


def test_a_number_in_a_name_is_no_operand(verifier: Verifier) -> None:
    text = "Our best methods achieve an average Regret@3 of less than 1% across all target tasks."
    claim = "Their best methods achieve an average Regret@3 of less than 2% across all target tasks."
    v = judge(verifier, claim, text, "Regret")
    assert v.status != "supported", v  # not 3 - 1 = 2: "Regret@3" names a metric


# a review of this round's rules: each case a rule must not get wrong (made-up text)
@pytest.mark.parametrize(
    ("text", "claim", "flagged", "accused"),
    [
        (MUMATH, "MuMath-Code-70B achieves around 35% on MATH.", True, None),  # not 90.7 - 55.1
        ("As shown [12], [14], OurNet improves accuracy by 5%.", "OurNet improves accuracy by about 2%.",
         True, None),  # not 14 - 12
        ("GPT-4 reaches 90.7% on GSM8K, while OurNet reaches 83.8% on GSM8K.",
         "OurNet reaches 90.7% on GSM8K.", True, None),  # its own name takes no named rival's result
        ("Unlike methods that rely on handcrafted features, OurNet learns features end to end and does not "
         "need labels.", "OurNet does not learn features end to end and does not need labels.", True,
         None),
        ("OurNet is robust to label noise. OurNet is an ensemble of five models.",
         "OurNet's robustness to label noise stems from its ensemble of five models.", True, None),
        ("OurNet reaches 0.93 and 0.88 on FUNSD and CORD respectively, outperforming LayoutLMv3 by a wide "
         "margin.", "With a score of 0.93, OurNet outperforms LayoutLMv3.", None, False),
        ("OurNet improves accuracy by 0.8 over the strongest baseline.",
         "OurNet improves accuracy by 0.8% over the strongest baseline.", None, False),
        ("We fine-tune the decoder with loss (2) after pretraining the encoder.",
         "The authors pretrain the encoder and then fine-tune the decoder.", False, False),
        ("On GLUE, LoRA is compared to OurNet.", "OurNet is compared to LoRA on GLUE.", None, False),
    ],
)  # fmt: skip
def test_what_a_review_of_the_rules_found(
    verifier: Verifier, text: str, claim: str, flagged: bool | None, accused: bool | None
) -> None:
    v = judge(verifier, claim, text, "OurNet: A Method")
    if flagged is not None:
        assert (v.status != "supported") is flagged, v
    if accused is not None:
        assert (v.status == "contradicted") is accused, v


def test_a_hyphenated_paper_name_tells_no_part_of_a_sentence_apart(verifier: Verifier) -> None:
    text = "MuMath-Code gives a 7.8x speed-up in inference and a 5.6x speed-up in training."
    v = judge(verifier, "MuMath-Code speeds up training by 7.8x.", text, "MuMath-Code: Faster Math")
    assert v.status != "supported" and "5.6x" in v.reason, v


def test_a_sentence_may_end_on_a_preposition_or_a_capital_a() -> None:
    from assistant import focus

    assert focus.well_formed("Table 3 reports results for models trained on subset A.")
    assert focus.well_formed("The reward model is what the policy is optimized for.")
    assert not focus.well_formed("The speed-up it reports over public systems is.")


@pytest.mark.parametrize(
    ("text", "claim", "flagged"),
    [
        # a vague count is a range: "several hundred times" is 200 to 900 times
        ("OurNet needs 1B tokens, a 500x reduction compared with Dream (580B tokens).",
         "OurNet needs several hundred times fewer tokens than Dream.", False),
        ("OurNet needs 1B tokens, a 500x reduction compared with Dream (580B tokens).",
         "OurNet needs a few dozen times fewer tokens than Dream.", True),
        # the rest of a bounded share, bounded the other way
        ("OurNet freezes more than 99% of its parameters and trains one projection layer.",
         "OurNet trains under 1% of its parameters.", False),
        ("OurNet freezes more than 99% of its parameters and trains one projection layer.",
         "OurNet trains under 5% of its parameters.", True),
        # a share of what a factor cuts: "64x fewer FLOPs" is about 1.6% of them
        ("OurNet takes around 64x fewer computations than VDM in terms of FLOPs.",
         "OurNet needs only about 1.6% of the FLOPs of VDM.", False),
        ("OurNet takes around 64x fewer computations than VDM in terms of FLOPs.",
         "OurNet needs only about 16% of the FLOPs of VDM.", True),
        # a number moved to the setting the sentence gives another number
        ("OurNet shows a 2% accuracy degradation from NLP baselines and a 0.5% improvement on image "
         "classification.", "OurNet improves by 0.5% on NLP benchmarks.", True),
        ("OurNet shows a 2% accuracy degradation from NLP baselines and a 0.5% improvement on image "
         "classification.", "OurNet improves image classification by 0.5%.", False),
        ("We improve PASS@100 from 35.5% to 44.5% for GSM8K, and 27.6% to 36.2% PASS@80 for MathQA.",
         "On MathQA, OurNet lifts PASS@100 from 35.5% to 44.5%.", True),
        ("We improve PASS@100 from 35.5% to 44.5% for GSM8K, and 27.6% to 36.2% PASS@80 for MathQA.",
         "On MathQA, OurNet improves PASS@80 from about 28% to 36%.", False),
        # the metric before a number is its setting too: PASS@100 is GSM8K's, PASS@80 MathQA's
        ("We improve PASS@100 from 35.5% to 44.5% for GSM8K, and 27.6% to 36.2% PASS@80 for MathQA.",
         "On MathQA, OurNet lifts PASS@100 from 27.6% to 36.2%.", True),
        # a result put with a setting another sentence gives other results
        ("OurNet reaches FID scores of 2.51 on CIFAR-10 in one sampling step. Through two-step sampling, "
         "we further reduce FID scores to 2.24 on CIFAR-10.",
         "With two-step sampling, OurNet reaches an FID of 2.51 on CIFAR-10.", True),
        ("OurNet reaches FID scores of 2.51 on CIFAR-10 in one sampling step. Through two-step sampling, "
         "we further reduce FID scores to 2.24 on CIFAR-10.",
         "With two-step sampling, OurNet brings the FID on CIFAR-10 from 2.51 down to 2.24.", False),
        # sizes and factors as people write them
        ("ConvLLaVA supports inputs of 1536x1536 resolution generating only 576 visual tokens.",
         "ConvLLaVA handles roughly 1.5K x 1.5K images with only 576 visual tokens.", False),
        ("ConvLLaVA supports inputs of 1536x1536 resolution generating only 576 visual tokens.",
         "ConvLLaVA squeezes a 1536x1536 input, about 2.4 million pixels, into 576 visual tokens.", False),
        ("ConvLLaVA supports inputs of 1536x1536 resolution generating only 576 visual tokens.",
         "ConvLLaVA squeezes a 1536x1536 input, about 4 million pixels, into 576 visual tokens.", True),
        # two numbers crossed, the paper's own name beside the first
        ("OurNet achieves up to 7.8x speed-up in inference and 5.6x speed-up in training.",
         "OurNet reaches up to 7.8x speed-up in training and 5.6x in inference.", True),
        # "each" counts, it does not pair; a capitalised word is part of a name, not a relation
        ("It contains 80863 manually annotated pages. For each PDF page, the layout annotations provide "
         "labelled bounding-boxes with a choice of 11 distinct classes.",
         "OurNet provides over 80,000 manually annotated PDF pages, each labelled with bounding boxes "
         "from 11 classes.", False),
    ],
)  # fmt: skip
def test_numbers_as_people_work_them_out_and_where_they_belong(
    verifier: Verifier, text: str, claim: str, flagged: bool
) -> None:
    v = judge(verifier, claim, text, "OurNet: A Method")
    assert (v.status != "supported") is flagged, v
    assert v.status != "contradicted" or flagged, v


@pytest.mark.parametrize(
    ("text", "claim", "supported"),
    [
       ("OurNet keeps more than 99% of the parameters not updated during training.",
        "Under 1% of the parameters are frozen in OurNet.", False),
       ("OurNet reaches over 90% accuracy on MNIST.", "OurNet reaches under 10% accuracy on MNIST.", False),
       ("OurNet keeps over 95% of its accuracy after pruning.",
        "OurNet loses under 5% of its parameters after pruning.", False),
       ("OurNet freezes more than 99% of total parameters and trains one projection layer.",
        "OurNet keeps under 1% of its parameters trainable.", True),
       ("OurNet uses 64x fewer FLOPs and runs 4x faster than the baseline.",
        "OurNet needs only about 25% of the baseline's FLOPs.", False),
       ("OurNet uses 64x fewer FLOPs and runs 4x faster than the baseline.",
        "OurNet needs only about 1.6% of the baseline's FLOPs.", True),
       ("OurNet has 24 layers and 24 attention heads.", "OurNet has about 576 attention heads.", False),
       ("OurNet supports 1536x1536 inputs with 576 tokens.",
        "OurNet takes inputs of about 2.4 million pixels with 576 tokens.", True),
       ("OurNet is several hundred times faster than the baseline.",
        "OurNet is about 500x faster than the baseline.", False),
       ("OurNet is 500x faster than the baseline.",
        "OurNet is several hundred times faster than the baseline.", True),
       ("We compare several 12-layer models in OurNet.",
        "The models compared in OurNet have 12 layers.", True),
       ("OurNet reaches 82.1% and 86.4% on MR and CR, respectively, and 88.0% on MRPC.",
        "OurNet reaches 82.1% on MRPC.", False),
       ("OurNet achieved SPIDEr scores of 44.1% and 30.5% on AC and CL, respectively.",
        "OurNet reaches 44.1% on ACL-Speech.", False),
       ("MuMath-Code-7B reaches 83.7% on GSM8K and 52.4% on MATH.",
        "MuMath-Code-7B scores 83.7% on GSM8K versus 52.4% on MATH.", True),
       ("MuMath-Code-7B reaches 83.7% on GSM8K and 52.4% on MATH.",
        "On GSM8K, MuMath-Code-7B is strong, but MATH accuracy is only 52.4%.", True),
       ("MuMath-Code-7B reaches 83.7% on GSM8K and 52.4% on MATH.",
        "MuMath-Code-7B reaches 83.7% and 52.4% on GSM8K and MATH, respectively.", True),
       ("OurNet shows a 2% accuracy degradation from NLP baselines and a 0.5% improvement on ImageNet.",
        "OurNet trades a 2% NLP loss for a 0.5% ImageNet gain.", True),
        ("OurNet supports 1.5K x 1.5K inputs with 576 tokens.",
         "OurNet supports 1536 x 1536 inputs with 576 tokens.", False),
    ],
)  # fmt: skip
def test_what_a_review_of_the_worked_out_numbers_found(
    verifier: Verifier, text: str, claim: str, supported: bool
) -> None:
    """Complements, shares, areas and vague counts only where they are worked out of the same thing; a
    list's items told apart by their defined acronyms; a number's setting read from its own part of the
    claim; a claim more precise than a rounded source is unsupported, not contradicted."""
    v = judge(verifier, claim, text, "OurNet: A Method")
    assert (v.status == "supported") is supported, v
    assert not (supported or "1536" in claim) or v.status != "contradicted", v


def test_the_paper_losing_where_it_wins_is_flagged(verifier: Verifier) -> None:
    text = (
        "Through two-step sampling, we further reduce FID scores to 2.24 on CIFAR-10, surpassing those "
        "obtained via distillation in both one-step and two-step settings."
    )
    title = "Improved Techniques for Training Consistency Models"
    swapped = (
        "The improved consistency training is still outperformed by distillation-based consistency models."
    )
    kept = (
        "With two-step sampling, improved consistency training surpasses the FIDs obtained via distillation."
    )
    assert judge(verifier, swapped, text, title).status != "supported"
    assert judge(verifier, kept, text, title).status == "supported"


GFLOW = (
    "With previous GFlowNet work, no learning was possible from incomplete trajectories (lacking a terminal "
    "state and the computation of the associated reward). We show how to reparameterize the GFlowNet state "
    "flow function to take advantage of the partial reward already accrued at each state."
)
EPALM = (
    "We show that by freezing more than 99% of total parameters, training only one linear projection layer, "
    "our approach (dubbed eP-ALM) significantly outperforms other baselines on VQA and Captioning."
)
TRACE = (
    "The open LLMs (i.e., Llama-2) are finetuned on the augmented dataset to get the resulting models, "
    "MuMath-Code. Compared to learning from a single reference solution with MLE, we improve PASS@100 "
    "from 35.5% to 44.5% for GSM8K. Applying it, we attain a GLUE score of 81.8, the state of the art (as "
    "of 02/24/2019). We performed an in-depth analysis of 194 relevant papers on arXiv. Notably, we "
    "pre-train a billion-level parameter image backbone."
)

FILTER = (
    "On diverse benchmarks, our method reduces the required training examples by up to 5.3 times and "
    "fine-tuning time by up to 6.8 times, while only seeing minor accuracy degradation."
)
OPTIN = (
    "We present OPTIN, a one-shot pruning framework that needs no re-training. Given a FLOP constraint, "
    "the OPTIN framework will compress the network while maintaining competitive accuracy performance and "
    "improved throughput."
)
BIGNAS = (
    "Our discovered model family, BigNASModels, achieve top-1 accuracies ranging from 76.5% to 80.9%, "
    "surpassing state-of-the-art models in this range."
)


@pytest.mark.parametrize(
    ("claim", "text", "true"),
    [
        # a size said apart from its name binds like the name: the 7B model has 83.8, not 90.7%
        ("Even the 7B version of MuMath-Code scores 90.7% on GSM8K.", MUMATH, False),
        ("The 70B version of MuMath-Code scores 90.7% on GSM8K.", MUMATH, True),
        # what earlier work could not do is no negation of the paper's own method
        ("The paper lets GFlowNets learn from incomplete trajectories that never reach a terminal state, "
         "using the partial reward already accrued at each state.", GFLOW, True),
        # the rest of a share, the other way: under 1% trained is over 99% frozen
        ("eP-ALM trains less than 1% of the total parameters and outperforms other baselines on VQA and "
         "captioning.", EPALM, True),
        ("eP-ALM trains more than 1% of the total parameters and outperforms other baselines on VQA and "
         "captioning.", EPALM, False),
        # "fine-tuned ... to get X": X is the product; a metric is not a rival
        ("The resulting MuMath-Code models are obtained by fine-tuning Llama-2 on the augmented dataset.",
         TRACE, True),
        ("Llama-2 is obtained by fine-tuning MuMath-Code on augmented math data.", TRACE, False),
        ("On GSM8K the method lifts PASS@100 by roughly 9 points over MLE training.", TRACE, True),
        # a month said in words where the paper dates it in digits; "relevant" and "arXiv" say which papers
        ("It set the state of the art on GLUE in February 2019 with a score of about 82.", TRACE, True),
        ("The survey analyses nearly 200 arXiv papers.", TRACE, True),
        ("The survey analyses nearly 300 arXiv papers.", TRACE, False),
        # "a trillion" is a number, and not a billion
        ("The authors pre-train an image backbone with around a trillion parameters.", TRACE, False),
        # nothing lost, where the source owns to a little lost
        ("The filter makes fine-tuning up to 6.8 times faster with no loss in accuracy.", FILTER, False),
        ("The method cuts fine-tuning time by up to 6.8 times while seeing a minor accuracy degradation.",
         FILTER, True),
        # "a single A100 GPU" counts GPUs as "eight A100s" does
        ("LLaVA-Med can be trained in under 15 hours on a single A100 GPU.", LLAVA, False),
        ("LLaVA-Med can be trained in under 15 hours on eight A100 GPUs.", LLAVA, True),
        # "..., all without re-training" gathers up what came before; it sweeps nothing
        ("Under a FLOP budget, OPTIN compresses the network while keeping accuracy competitive and improving "
         "throughput, all without re-training.", OPTIN, True),
        # the most accurate of a range reaches its top
        ("The most accurate BigNASModel gets close to 81% top-1 accuracy.", BIGNAS, True),
        ("The smallest BigNASModel gets close to 81% top-1 accuracy.", BIGNAS, False),
    ],
)  # fmt: skip
def test_what_unseen_dev_claims_found(verifier: Verifier, claim: str, text: str, true: bool) -> None:
    """From dev-i and dev-j (eval/CLAIMS.md): claims first run unseen, then tuned on."""
    v = judge(verifier, claim, text, "A Paper")
    assert (v.status == "supported") is true, v
    assert not true or v.status != "contradicted", v


SWAP = (
    "To drive the output close to the natural one, we reversely take synthetic images as input while the "
    "real face as reliable supervision during the training stage of face swapping."
)
PIGEON = (
    "Pigeon achieves up to 7.8x speed-up in inference and 5.6x speed-up in training compared with the "
    "state-of-the-art public systems in select models."
)


@pytest.mark.parametrize(
    ("claim", "text", "true"),
    [
        ("During training, ReliableSwap feeds the real face as input and uses the synthesized swapped face "
         "as the supervision target.", SWAP, False),
        ("During training, ReliableSwap takes synthetic images as input and the real face as supervision.",
         SWAP, True),
        ("Pigeon reaches up to 7.8x speed-up in training and up to 5.6x in inference over state-of-the-art "
         "public systems.", PIGEON, False),
        ("Pigeon reaches up to 7.8x speed-up in inference and up to 5.6x in training over state-of-the-art "
         "public systems.", PIGEON, True),
    ],
)  # fmt: skip
def test_roles_and_pairs_said_the_other_way(verifier: Verifier, claim: str, text: str, true: bool) -> None:
    """From dev-j: what goes in as input and what supervises; two results, each right after its number."""
    v = judge(verifier, claim, text, "ReliableSwap and Pigeon")
    assert (v.status == "supported") is true, v


OVERLOCK = (
    "Our design features three sub-networks: 1) a Base-Net that encodes low/mid-level features; 2) a "
    "lightweight Overview-Net that generates dynamic top-down attention through coarse global context "
    "modeling; and 3) a robust Focus-Net that performs finer-grained perception guided by top-down attention."
)
COMD = (
    "It comprises two stages: multi-modal pre-training and multi-modal competitive distillation. We propose "
    "CoMD, which captures bidirectional feedback between teacher and student models. The first stage "
    "pre-trains the student model on a large number of filtered multi-modal datasets. The second stage "
    "facilitates a bidirectional knowledge transfer between the student and teacher models."
)


@pytest.mark.parametrize(
    ("claim", "text", "true"),
    [
        ("In OverLoCK, the Focus-Net generates dynamic top-down attention that guides the finer-grained "
         "perception of the Overview-Net.", OVERLOCK, False),
        ("In OverLoCK, the Overview-Net generates dynamic top-down attention that guides the finer-grained "
         "perception of the Focus-Net.", OVERLOCK, True),
        ("CoMD first runs competitive distillation between the teacher and student, and afterwards "
         "pre-trains the student on a large number of filtered multi-modal datasets.", COMD, False),
        ("CoMD first pre-trains the student on a large number of filtered multi-modal datasets, and "
         "afterwards runs a bidirectional knowledge transfer between the student and teacher.", COMD, True),
    ],
)  # fmt: skip
def test_what_a_part_does_and_which_stage_comes_first(
    verifier: Verifier, claim: str, text: str, true: bool
) -> None:
    """From dev: the predicate right after a part's name, and stages told one sentence each."""
    v = judge(verifier, claim, text, "OverLoCK and CoMD")
    assert (v.status == "supported") is true, v


@pytest.mark.parametrize(
    ("claim", "text", "true"),
    [
        ("OneFormer is the first framework ever to unify image segmentation.",
         "Universal image segmentation is not a new concept. We propose OneFormer, a universal image "
         "segmentation framework that unifies segmentation. We first propose a task-conditioned joint "
         "training strategy.",
         False),
        ("OneFormer is the first framework to unify image segmentation with a single multi-task model.",
         "OneFormer is the first framework to unify image segmentation with a single multi-task model "
         "trained once.", True),
    ],
)  # fmt: skip
def test_a_first_is_a_priority_only_where_the_source_claims_one(
    verifier: Verifier, claim: str, text: str, true: bool
) -> None:
    """'We first propose X' tells an order; 'the first framework' (not 'first frame') claims a priority."""
    v = judge(verifier, claim, text, "OneFormer: One Transformer to Rule Universal Image Segmentation")
    assert (v.status == "supported") is true, v


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        ("The data filtering method reduces training time by up to 5.3x and the number of required training "
         "examples by up to 6.8x.", False),
        ("The data filtering method reduces the number of required training examples by up to 5.3x and "
         "training time by up to 6.8x.", True),
    ],
)  # fmt: skip
def test_a_sentences_head_tells_no_result_apart(verifier: Verifier, claim: str, true: bool) -> None:
    """From dev-l: 'reduces' opens both sentences, with the first number in both: it tells none apart."""
    text = (
        "On diverse benchmarks, our method reduces the required training examples by up to 5.3 times "
        "and training time by up to 6.8 times, while only seeing minor accuracy degradation."
    )
    v = judge(verifier, claim, text, "Data filtering for fine-tuning")
    assert (v.status == "supported") is true, v


def test_a_tie_in_quality_is_no_tie_in_speed(verifier: Verifier) -> None:
    """From dev-l: "more than 200 times faster" beside "a comparable FID increase"."""
    text = (
        "For LlamaGen, DD reduces generation from 256 steps to 1, achieving an 217.8 times speed-up with a "
        "comparable FID increase from 4.11 to 11.35."
    )
    claim = "For LlamaGen, DD brings generation down to a single step and runs more than 200 times faster."
    assert judge(verifier, claim, text, "Distilled Decoding").status == "supported"
    slower = "For LlamaGen, DD runs faster than the 256-step model at a comparable speed."
    assert overclaims.overclaim(slower, "It runs at a comparable inference time to the 256-step model.")


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        ("Unlike the proposed one-stop framework, knowledge distillation brings together supervision from "
         "models of different capacities at the same time.", False),
        ("Unlike knowledge distillation, the proposed one-stop framework integrates supervision from models "
         "of different capacities simultaneously.", True),
    ],
)  # fmt: skip
def test_what_the_paper_sets_itself_against_stays_there(verifier: Verifier, claim: str, true: bool) -> None:
    """From dev-g: "unlike X, where A, our approach B" gives B to the paper and A to X."""
    text = (
        "Unlike knowledge distillation, where multiple capacity models are trained from scratch "
        "separately, our approach integrates supervisions from different capacity models simultaneously, "
        "leading to faster and more efficient training."
    )
    v = judge(verifier, claim, text, "A one-stop framework for training models of every capacity")
    assert (v.status == "supported") is true, v


@pytest.mark.parametrize(
    ("claim", "text", "true", "reason"),
    [
        # "X improves Y" by a margin is still a win of X over Y, between two names
        ("UniRepLKNet-T outperforms OverLoCK-T by 1.7% in top-1 accuracy.",
         "Our OverLoCK-T remarkably improves UniRepLKNet-T by 1.7% in top-1 accuracy.", False, ""),
        # a negation the paper says of itself is no earlier work's
        ("The model requires paired data.",
         "Unlike previous methods, our model does not require paired data.", False, "not"),
        # a month the paper dates neither in words nor in digits
        ("It set the state of the art on GLUE in March 2019 with a score of 81.8.",
         "We attain a GLUE score of 81.8, the state of the art (as of 02/24/2019).", False, "March"),
        # a tie in speed, said a few words after the tie
        ("MobileX runs faster than ResNet-50.", "MobileX is comparable to ResNet-50 in terms of speed.",
         False, "comparable"),
        # nothing lost of one thing, where the source owns to a little lost of another
        ("The method trains with no accuracy loss.",
         "The method trains with no accuracy loss and only a small throughput decrease.", True, ""),
        # "the first stage" claims no priority
        ("OneFormer is the first framework to unify image segmentation.",
         "OneFormer unifies image segmentation; it is trained in the first stage with a task token.",
         False, ""),
        # "one T5 model" is a model, not a GPU
        ("The authors fine-tune one T5 model for each task.", "We fine-tune a T5 model for each task.",
         True, ""),
        # "over 1%" is not the rest of exactly 99%
        ("It trains over 1% of its weights.", "It freezes 99% of its weights.", False, ""),
    ],
)  # fmt: skip
def test_what_the_review_of_this_round_found(
    verifier: Verifier, claim: str, text: str, true: bool, reason: str
) -> None:
    v = judge(verifier, claim, text, "A Paper")
    assert (v.status == "supported") is true, v
    assert reason in v.reason, v
    assert not true or v.status != "contradicted", v


# from the dev-m claims: what a paper denies in another sentence, a claim may deny too
DENIES = (
    "We propose a novel training-free detection strategy called DNA-GPT. "
    "Our approach outperforms OpenAI's own classifier, which is trained on millions of texts. "
    "These improvements persist even when the visual tags are omitted from input images during inference. "
    "The OPTIN framework compresses pre-trained transformers without requiring re-training."
)


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        ("The gains persist even when no visual tags are drawn on the input images during inference.", "supported"),  # noqa: E501
        ("OPTIN compresses pre-trained transformers with no retraining step.", "supported"),
        ("The gains do not persist when the visual tags are omitted from input images during inference.", "contradicted"),  # noqa: E501
        # two facts joined, the denial in the sentence of the first ("a novel training-free detection
        # strategy called DNA-GPT"), one of the two the claim is matched to: verified
        ("DNA-GPT needs no training, and it outperforms OpenAI's classifier, which is trained on millions of texts.", "supported"),  # noqa: E501
    ],
)
def test_a_denial_the_paper_makes_in_other_words_or_another_sentence(
    verifier: Verifier, claim: str, true: str
) -> None:
    v = judge(verifier, claim, DENIES, "DNA-GPT")
    assert v.status == true, v.reason


def test_a_number_counts_what_follows_it_in_its_own_clause() -> None:
    # "11 classes, and some pages": 11 counts classes; the clause after it is another's
    assert q.numbers("drawn from 11 classes, and some pages were annotated twice")[0].unit == "classes"
    assert q.numbers("are more substantial (up to +3.5%)")[0].qualifier == "under"  # "up to +3.5%" bounds


SPARK = (
    "For (ii), we develop a hierarchical decoder to reconstruct images from multi-scale encoded features. "
    "Improvements on object detection and instance segmentation are more substantial (up to +3.5%). "
    "We propose ConvLLaVA, which employs ConvNeXt, a hierarchical backbone, as the visual encoder of LMM to "
    "replace Vision Transformer (ViT). We also observe reduced variance across random restarts. "
    "Our single OneFormer model outperforms specialized Mask2Former models across all three tasks."
)


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        ("SparK's hierarchical decoder rebuilds images from multi-scale encoded features.", True),
        ("SparK's hierarchical decoder takes the images and produces multi-scale encoded features.", False),
        ("It improves object detection and instance segmentation by up to 3.5%.", True),
        ("It improves object detection and instance segmentation by 3.5%.", False),  # its best case
        ("ConvLLaVA drops the hierarchical ConvNeXt backbone and uses a Vision Transformer as the visual encoder instead.", False),  # noqa: E501
        ("Supplementary training reduces the variance across random restarts.", True),
        ("Supplementary training removes the variance across random restarts.", False),
        ("A single OneFormer model is outperformed on all three segmentation tasks by specialized Mask2Former models.", False),  # noqa: E501
    ],
)
def test_what_goes_in_and_comes_out_best_cases_and_passives_said_apart(
    verifier: Verifier, claim: str, true: bool
) -> None:
    assert (judge(verifier, claim, SPARK, "SparK").status == "supported") == true


@pytest.mark.parametrize(
    ("source", "claim", "true"),
    [
        # a denial elsewhere does not excuse one the matched sentence states plainly
        ("With ImageNet pretraining, the model reaches 84.5% top-1 accuracy. Without pretraining, accuracy "
         "falls to 61.2%.", "The model reaches 84.5% top-1 accuracy without pretraining.", False),
        ("The model is robust at high noise levels.", "The model is robust at all noise levels.", False),
        ("After quantization, accuracy remains nearly unchanged.",
         "After quantization, accuracy remains exactly the same.", False),
        ("We prune 50% of the attention heads with little loss in accuracy.",
         "The method removes 50% of the attention heads with little loss in accuracy.", True),
        # a passive source with a phrase before its "by", and the claim in the active
        ("Specialized Mask2Former models are outperformed on all three tasks by a single OneFormer model.",
         "A single OneFormer model outperforms specialized Mask2Former models on all three tasks.", True),
        ("The method works without fine-tuning on the target data and reaches 70% accuracy.",
         "The method needs no fine-tuning.", True),
    ],
)  # fmt: skip
def test_what_the_review_of_the_denials_and_passives_found(
    verifier: Verifier, source: str, claim: str, true: bool
) -> None:
    assert (judge(verifier, claim, source, "T").status == "supported") == true


def test_a_denial_of_a_degree_is_no_contradiction(verifier: Verifier) -> None:
    # "no large labelled set" beside "a small labelled set": not what the paper denies, nor its opposite
    v = judge(verifier, "The method needs no training and no large labelled set.",
              "The method is training-free and works with a small labelled set.", "T")  # fmt: skip
    assert v.status != "contradicted"


def test_a_not_that_reaches_no_word_is_still_a_negation(verifier: Verifier) -> None:
    # the single-edit set's negation: "is not that ..." reaches no content word, and a source that
    # denies something else in the same sentence ("... is unnecessary") does not excuse it
    source = ("Our main insight is that a single iteration of the Reflow algorithm is sufficient; hence, "
              "the current practice of using multiple Reflow iterations is unnecessary.")  # fmt: skip
    claim = ("Our main insight is not that a single iteration of the Reflow algorithm is sufficient; hence, "
             "the current practice of using multiple Reflow iterations is unnecessary.")  # fmt: skip
    assert judge(verifier, claim, source, "Reflow").status == "contradicted"


DG = (
    "Human evaluations demonstrate that DG provides an 8-22% advantage in preventing the amalgamation of "
    "conflicting concepts without any human involvement and additional iterations."
)


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        # "human" of "human evaluations" may not be the "human involvement" the source denies: no
        # contradiction, and, failing closed, no verification either
        ("Human evaluations show that DG gives an 8-22% advantage in keeping conflicting concepts apart.", "unsupported"),  # noqa: E501
        ("DG gives an 8-22% advantage in keeping conflicting concepts apart, with human involvement.", "contradicted"),  # noqa: E501
    ],
)
def test_what_a_source_denies_is_a_phrase_not_its_first_word(
    verifier: Verifier, claim: str, status: str
) -> None:
    assert judge(verifier, claim, DG, "Detector Guidance").status == status


SQR = (
    "It cumulatively collects intermediate queries as decoding stages go deeper and selectively forwards the "
    "queries to the downstream stages aside from the sequential structure. Such-wise, SQR places training "
    "emphasis on later stages and allows later stages to work with intermediate queries from earlier stages "
    "directly. For (i), we treat unmasked pixels as sparse voxels of 3D point clouds and use sparse "
    "convolution to encode. For (ii), we develop a hierarchical decoder to reconstruct images from "
    "multi-scale encoded features."
)
STAGES = (
    "It comprises two stages: multi-modal pre-training and multi-modal competitive distillation. The first "
    "stage pre-trains the student model on a large number of filtered multi-modal datasets. The second stage "
    "facilitates a bidirectional knowledge transfer between the student and teacher models. Lastly, we "
    "compare models trained on PubLayNet, DocBank and DocLayNet, showing that layout predictions of the "
    "DocLayNet-trained models are more robust and thus the preferred choice for general-purpose analysis. "
    "However, while one-shot model weights can effectively rank different network architectures, the "
    "absolute accuracies from these shared weights are typically far below those obtained from stand-alone "
    "training."
)
SPECIAL = (
    "In this paper, we first propose a general multi-modal mutual information formula as a unified "
    "optimization target and demonstrate that all existing approaches are special cases of our framework. "
    "To mitigate this issue, we propose ConvLLaVA, which employs ConvNeXt, a hierarchical backbone, as the "
    "visual encoder of LMM to replace Vision Transformer (ViT). To mitigate structural and semantic "
    "uncertainties, InterLCM incorporates a Visual Module to extract visual features and a Spatial Encoder "
    "to capture spatial details, enhancing the fidelity of restored images. Extensive experiments "
    "demonstrate that InterLCM outperforms existing approaches while also achieving faster inference speed."
)


@pytest.mark.parametrize(
    ("claim", "text", "true"),
    [
        # two roles that exclude each other, each put with what the source puts with the other
        ("SQR lets later stages work directly with intermediate queries from earlier stages.", SQR, True),
        ("With SQR, earlier decoding stages can work directly with intermediate queries coming from later stages.", SQR, False),  # noqa: E501
        ("SparK encodes with sparse convolution and reconstructs images with a hierarchical decoder.", SQR, True),  # noqa: E501
        ("SparK uses sparse convolution as its decoder, and a hierarchical encoder reconstructs the image.", SQR, False),  # noqa: E501
        # the stages in the order a list gives them
        ("CoMD first pre-trains the student on filtered multi-modal datasets and then runs competitive distillation.", STAGES, True),  # noqa: E501
        ("CoMD begins with multi-modal competitive distillation and only afterwards pre-trains the student on filtered datasets.", STAGES, False),  # noqa: E501
        # who beats whom: "far below those obtained from X", and one side called "more robust" with none beaten  # noqa: E501
        ("Accuracies from shared one-shot weights are typically far below those from stand-alone training.", STAGES, True),  # noqa: E501
        ("Stand-alone training typically lags far behind shared one-shot weights in absolute accuracy.", STAGES, False),  # noqa: E501
        ("DocLayNet-trained models trail those trained on PubLayNet and DocBank in robustness.", STAGES, False),  # noqa: E501
        # what is a special case of what, when one side is the paper's own; what replaces what
        ("The authors propose a general multi-modal mutual information formula as a unified optimization target and show that all existing approaches are special cases of their framework.", SPECIAL, True),  # noqa: E501
        ("The paper shows that its mutual information objective is a special case of existing pre-training approaches.", SPECIAL, False),  # noqa: E501
        ("ConvLLaVA replaces the Vision Transformer with ConvNeXt as the visual encoder of the LMM.", SPECIAL, True),  # noqa: E501
        ("ConvLLaVA replaces the ConvNeXt visual encoder of the LMM with a Vision Transformer.", SPECIAL, False),  # noqa: E501
        # a cause that is all names is still a cause the source must state
        ("InterLCM runs inference faster than existing approaches thanks to its Visual Module and Spatial Encoder.", SPECIAL, False),  # noqa: E501
    ],
)
def test_roles_orders_and_sides_said_other_ways(verifier: Verifier, claim: str, text: str, true: bool) -> None:  # noqa: E501
    title = {SQR: "SQR and SparK", STAGES: "CoMD", SPECIAL: "M3I Pre-training, ConvLLaVA and InterLCM"}[text]
    verdict = judge(verifier, claim, text, title)
    assert (verdict.status == "supported") == true, verdict.reason
    assert verdict.status != "contradicted"


def test_what_is_given_up_is_the_rest_of_what_is_kept() -> None:
    from assistant.verifier import _complement

    claim, source = "SortedNet gives up only about 4% of the model's performance.", "maintaining 96% of the model performance"  # noqa: E501
    assert _complement(claim, q.numbers(claim)[0], source, q.numbers(source)[0])
    claim = "SortedNet gives only about 4% of the model's performance."
    assert not _complement(claim, q.numbers(claim)[0], source, q.numbers(source)[0])


SHARES = (
    "Our discovered model family, BigNASModels, achieve top-1 accuracies ranging from 76.5% to 80.9%. "
    "Additionally, we show that our models can achieve comparable performance to current vision-language "
    "models with only 1/10 of the data. Training is 5x faster with the merged tokens. The framework can "
    "train multiple PTLMs using only a fraction of data while retaining up to 99% of the performance of the "
    "fully-trained models. We enable per-block batch size and configure best-effort KV cache coordination "
    "at individual block level."
)


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        # an end of a range, said as an end
        ("Top-1 accuracy across the BigNASModels family tops out just under 81%.", "supported"),
        ("The weakest BigNASModel still stays above 76% top-1 accuracy.", "supported"),
        ("The BigNASModels reach just under 81% top-1 accuracy.", "unsupported"),
        # the rest of a bounded share, bounded the other way
        ("Trained on a fraction of the data, the PTLMs can lose as little as roughly 1% of the performance of the fully-trained models.", "supported"),  # noqa: E501
        # "per-block" says "every block"
        ("Batch size can be set per block, and KV cache coordination is best-effort for every individual block.", "supported"),  # noqa: E501
    ],
)
def test_range_ends_shares_left_and_every_block(verifier: Verifier, claim: str, status: str) -> None:
    verdict = judge(verifier, claim, SHARES, "BigNAS, SimVLG, BlockLLM")
    assert verdict.status == status, verdict.reason


def test_a_reason_given_first_or_by_who_says_it() -> None:
    from assistant import causes

    # "The authors argue that because X, Y": X is the reason, as in "Because X, Y"
    found = causes.cause("The authors argue that because datasets give one solution, models get biased.")
    assert found is not None and "bias" in found[1] and "solut" in found[2]
    source = ["Due to lack of datasets with region descriptions, we build on large text-to-image datasets."]
    assert causes.states_cause("Since no datasets describe regions, it builds on large text-to-image datasets.", source)  # noqa: E501
    assert not causes.states_cause("Since it builds on large text-to-image datasets, no datasets describe regions.", source)  # noqa: E501
    # "explains how" tells what a paper does
    assert causes.cause("The paper explains how alignment turns judgments into refusals.") is None


SIMVLG = (
    "Additionally, we show that our models can achieve comparable performance to current vision-language "
    "models with only 1/10 of the data. Training is 5x faster with the merged tokens."
)


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        ("The models perform comparably to current vision-language models while using about 90% less data.", "supported"),  # noqa: E501
        # 80% is what "5x" cuts, but "5x" is said of training speed, not of data; a hedged number that is off
        # is flagged, not called contradicted (it may be worked out in a way the check does not follow)
        ("The models perform comparably to current vision-language models while using about 80% less data.", "unsupported"),  # noqa: E501
        ("The models perform comparably to current vision-language models while using about 50% less data.", "unsupported"),  # noqa: E501
        # said plainly: "90% less data" is what "only 1/10 of the data" leaves out (dev-t-64 was called
        # contradicted); "80% less" is another value for the same thing
        ("The models perform comparably to current vision-language models while using 90% less data.", "supported"),  # noqa: E501
        ("The models perform comparably to current vision-language models while using 80% less data.", "contradicted"),  # noqa: E501
    ],
)
def test_a_share_saved_of_a_share_used(verifier: Verifier, claim: str, status: str) -> None:
    verdict = judge(verifier, claim, SIMVLG, "SimVLG")
    assert verdict.status == status, verdict.reason


PIXART = (
    "Notably, PIXART-δ achieves a breakthrough 0.5 seconds for generating 1024x1024 pixel images, marking a "
    "7x improvement over the PIXART-α. To mitigate this issue, we propose ConvLLaVA, which employs ConvNeXt, "
    "a hierarchical backbone, as the visual encoder of LMM to replace Vision Transformer (ViT)."
)


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        # "half a second" is 0.5 seconds, not a share
        ("PIXART-δ generates a 1024x1024 image in half a second, seven times faster than PIXART-α.", True),
        ("PIXART-δ generates a 1024x1024 image in half a minute, seven times faster than PIXART-α.", False),
        # "swap A for B": A goes, B comes, whichever name is written first
        ("ConvLLaVA swaps out the ViT visual encoder for ConvNeXt.", True),
        ("ConvLLaVA swaps the ConvNeXt visual encoder for a ViT backbone.", False),
    ],
)
def test_half_a_unit_and_what_is_swapped_for_what(verifier: Verifier, claim: str, true: bool) -> None:
    verdict = judge(verifier, claim, PIXART, "PIXART-δ and ConvLLaVA")
    assert (verdict.status == "supported") == true, verdict.reason


def test_nearly_all_is_no_sweep() -> None:
    source = "It trains up to 160 sub-models while maintaining 96% of the model performance."
    assert overclaims.overclaim("It keeps nearly all (96%) of the model performance.", source) is None
    assert overclaims.overclaim("It keeps all of the model performance.", source) is not None


OVERLOCK = (
    "For instance, OverLoCK-T achieves a Top-1 accuracy of 84.2%, significantly surpassing ConvNeXt-B while "
    "using only around one-third of the FLOPs/parameters. We evaluate DD on image AR models. DD doesn't need "
    "the training data of the original AR model, making it more practical. We show that by freezing more "
    "than 99% of total parameters, training only one linear projection layer, our approach outperforms other "
    "baselines."
)


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        # ", significantly surpassing Y": the sentence's subject wins, not the metric named before the comma
        ("OverLoCK-T reaches about 84% top-1 accuracy, beating ConvNeXt-B with roughly a third of its FLOPs.", True),  # noqa: E501
        ("ConvNeXt-B beats OverLoCK-T while using only a third of the FLOPs.", False),
        # "half of its FLOPs" is a share, and not the third the source gives
        ("OverLoCK-T reaches about 84% top-1 accuracy, beating ConvNeXt-B with roughly half of its FLOPs.", False),  # noqa: E501
        # what another sentence denies, stated plainly
        ("DD needs the training data of the original AR model.", False),
        # "about 90%" is no 99%: a share is off by points
        ("The approach freezes about 90% of total parameters and trains one linear projection layer.", False),
    ],
)
def test_shares_denials_and_subjects_of_participles(verifier: Verifier, claim: str, true: bool) -> None:
    verdict = judge(verifier, claim, OVERLOCK, "OverLoCK, Distilled Decoding (DD) and eP-ALM")
    assert (verdict.status == "supported") == true, verdict.reason


def test_not_only_denies_nothing() -> None:
    from assistant import claims

    assert not claims.denied_phrases("It not only improves language modeling, but also annotates spans.")
    assert claims.denied_phrases("It does not improve language modeling.")


VIEWS = (
    "Engineers soon realized that efficient convnets were slower than the previous generation, despite using "
    "fewer operations. Contrary to the prevailing view that latency and arithmetic complexity are "
    "irreconcilable, a simple formula relates both through computational efficiency. We improve PASS@100 "
    "from 35.5% to 44.5% for GSM8K. By supplementing language model-style pretraining with further training "
    "on data-rich supervised tasks, such as natural language inference, we obtain additional improvements."
)


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        # "despite using fewer operations" gives no reason
        ("Efficient convnets were slower because they used fewer operations.", "unsupported"),
        # the view the paper argues against, stated as its finding; the paper's stand reported as its stand
        ("Latency and arithmetic complexity are irreconcilable, the authors find.", "unsupported"),
        ("The authors reject the view that latency and arithmetic complexity are irreconcilable.", "supported"),  # noqa: E501
        # a change "from A to B" told backwards
        ("On GSM8K, PASS@100 rises from 35.5% to 44.5%.", "supported"),
        ("On GSM8K, PASS@100 rises from 44.5% to 35.5%.", "contradicted"),
        # a common acronym the paper writes out
        ("Supplementary training on data-rich supervised tasks like NLI brings additional improvements.", "supported"),  # noqa: E501
    ],
)
def test_despite_rejected_views_changes_backwards_and_acronyms(verifier: Verifier, claim: str, status: str) -> None:  # noqa: E501
    verdict = judge(verifier, claim, VIEWS, "On the efficiency of convnets")
    assert verdict.status == status, verdict.reason


def test_trends_and_flows_ended_by_a_verb(verifier: Verifier) -> None:
    text = (
        "The practice of distilling knowledge from pretrained multi-modal models (a.k.a. teachers) to more "
        "compact multi-modal LLMs (students) has gained considerable interest. The findings reveal a "
        "significant and increasing interest in ChatGPT/GPT-4 research."
    )
    passage = verifier.passages([(text, "CoMD and a survey of ChatGPT")])[0]
    for claim, true in [
        ("Knowledge is distilled from pretrained multi-modal teachers into more compact multi-modal LLMs.", True),  # noqa: E501
        ("Knowledge is distilled from compact multi-modal LLMs into larger pretrained teachers.", False),
        ("Interest in ChatGPT/GPT-4 research is significant and increasing.", True),
        ("Interest in ChatGPT/GPT-4 research is significant but declining.", False),
    ]:
        verdict = verifier.check(claim, passage, "[1]")
        assert (verdict.status == "supported") == true, (claim, verdict.reason)


def test_one_of_two_said_as_the_only_one_and_one_gpu_named_by_model(verifier: Verifier) -> None:
    text = (
        "We present Skywork-13B, trained on a corpus of over 3.2 trillion tokens drawn from both English and "
        "Chinese texts. This enables us to train LLaVA-Med in less than 15 hours (with eight A100s). We use "
        "GPT-4 to self-instruct open-ended instruction-following data from the captions."
    )
    passage = verifier.passages([(text, "Skywork and LLaVA-Med")])[0]
    for claim, true in [
        ("Skywork-13B was trained on over 3.2 trillion English and Chinese tokens.", True),
        ("Skywork-13B was trained on over 3.2 trillion tokens of English text only.", False),
        ("LLaVA-Med can be trained in under 15 hours on eight A100s.", True),
        ("LLaVA-Med can be trained in under 15 hours on a single A100.", False),
        ("GPT-4 is used to write figure captions from the instruction-following data.", False),
    ]:
        verdict = verifier.check(claim, passage, "[1]")
        assert (verdict.status == "supported") == true, (claim, verdict.reason)


def test_a_single_step_counts_and_not_seen_is_unseen(verifier: Verifier) -> None:
    text = (
        "This allows generating high-quality videos with just a few inference steps, much faster than "
        "previous methods. It better preserves the original style of the base models, even for unseen models "
        "not used during distillation."
    )
    passage = verifier.passages([(text, "AnimateDiff-Lightning")])[0]
    for claim, true in [
        ("AnimateDiff-Lightning generates high-quality videos in just a few inference steps.", True),
        ("AnimateDiff-Lightning generates high-quality videos in a single inference step.", False),
        ("It keeps the base models' style even for models not seen during distillation.", True),
    ]:
        verdict = verifier.check(claim, passage, "[1]")
        assert (verdict.status == "supported") == true, (claim, verdict.reason)


def test_a_name_with_a_backslash_is_no_pattern(verifier: Verifier) -> None:
    # names are read from scraped text ("PIXART-{\delta}"); none may be taken as a regular expression
    text = "NASK consists of a Text Instance Segmentation network namely TIS (\\(1^{st}\\) stage)."
    passage = verifier.passages([(text, "NASK")])[0]
    claim = "NASK has a segmentation network namely TIS (\\(1^{st}\\) stage)."
    verdict = verifier.check(claim, passage, "[1]")
    assert verdict.status in ("supported", "unsupported", "contradicted")


@pytest.mark.parametrize(
    ("claim", "text", "status"),
    [
        # a bare "This model ..." after a sentence is no causal link
        ("FlowNet reaches state-of-the-art accuracy on ImageNet because of its large batch size.",
         "We train FlowNet with a large batch size of 4096. This model reaches state-of-the-art accuracy on ImageNet.",  # noqa: E501
         "unsupported"),
        # the share a pruning removes is no share used
        ("The pruned model has about 10% fewer weights than the dense one.",
         "Our method prunes 90% of the weights of the dense model.", "not supported"),
        # "per-" says every, "percent" does not
        ("Pruning removes every attention head in the upper layers.",
         "Pruning removes 40 percent of attention heads in the upper layers.", "not supported"),
        # a change the source tells both ways round is no reversal
        ("Raising the resolution from 256 to 512 pixels improves FID.",
         "Raising the resolution from 256 to 512 pixels improves FID. Downsampling from 512 to 256 pixels hurts FID.",  # noqa: E501
         "supported"),
        # "about" a share: within five points
        ("About 50% of the generated answers are judged correct.",
         "Annotators judge 46% of the generated answers correct.", "supported"),
        # "the rise of LLMs" is no direction, "fall into" no fall
        ("Hallucination detection methods fall into two categories.",
         "With the rise of large language models, hallucination detection methods can be grouped into two categories.",  # noqa: E501
         "not contradicted"),
        # the paper's own finding after the view it rejects
        ("Smaller models are better calibrated.",
         "Contrary to the view that larger models are better calibrated, we find that smaller models are better calibrated.",  # noqa: E501
         "supported"),
        # "less training time" is no loss
        ("FastNet outperforms SlowNet while requiring less training time.",
         "FastNet outperforms SlowNet while requiring less training time.", "supported"),
    ],
)
def test_what_the_review_of_the_probe_rules_found(
    verifier: Verifier, claim: str, text: str, status: str
) -> None:
    verdict = judge(verifier, claim, text, "Paper")
    if status == "not supported":
        assert verdict.status != "supported", verdict.reason
    elif status == "not contradicted":
        assert verdict.status != "contradicted", verdict.reason
    else:
        assert verdict.status == status, verdict.reason


def test_only_restricts_the_words_beside_it() -> None:
    source = "It is trained on both English and Chinese texts with only 8 GPUs."
    assert overclaims.overclaim("It handles English text well with only 8 GPUs.", source) is None
    assert overclaims.overclaim("It is trained on English text only.", source) is not None


def test_not_only_what_the_source_says_only_and_prior_work_keeps_its_words(verifier: Verifier) -> None:
    source = "The reward is only given at the end of a trajectory."
    passage = verifier.passages([(source, "GFlowNets")])[0]
    assert verifier.check("The reward is not only given at the end of a trajectory.", passage, "[1]").status != "supported"  # noqa: E501
    text = (
        "Recent works have explored improving efficiency, however often incur expensive re-training "
        "procedures. We introduce OPTIN to increase the efficiency of pre-trained transformers without "
        "requiring re-training."
    )
    passage = verifier.passages([(text, "OPTIN")])[0]
    claim = "Recent works have explored improving efficiency, however often incur expensive re-training procedures."  # noqa: E501
    assert verifier.check(claim, passage, "[1]").status == "supported"


def test_spending_less_is_no_loss(verifier: Verifier) -> None:
    text = (
        "For instance, OverLoCK-T achieves a Top-1 accuracy of 84.2%, significantly surpassing ConvNeXt-B "
        "while using only around one-third of the FLOPs/parameters."
    )
    passage = verifier.passages([(text, "OverLoCK")])[0]
    for claim in ("OverLoCK-T needs fewer FLOPs than ConvNeXt-B and still beats it.",
                  "OverLoCK-T uses less memory than ConvNeXt-B and beats it."):  # fmt: skip
        assert verifier.check(claim, passage, "[1]").status != "contradicted"
    assert verifier.check("ConvNeXt-B beats OverLoCK-T.", passage, "[1]").status == "contradicted"


BLOCKLLM = (
    "Deploying LLMs, especially in multi-tenant environments, presents considerable challenges due to their "
    "high computational and memory demands. BlockLLM serves LLMs as blocks."
)


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        # the link kept, the words changed: two words of each side in the sentence the claim matches
        ("Putting LLMs into production is hard, particularly when many tenants share the deployment, "
         "because the models need so much compute and memory.", "supported"),  # fmt: skip
        # the same words, the link the other way round
        ("Because deploying LLMs in multi-tenant environments is a considerable challenge, their "
         "computational and memory demands are high.", "unsupported"),  # fmt: skip
    ],
)
def test_a_paraphrased_reason_in_the_sentence_the_claim_matches(
    verifier: Verifier, claim: str, status: str
) -> None:
    from assistant import causes

    title = "BlockLLM: Multi-tenant Finer-grained Serving for Large Language Models"
    verdict = judge(verifier, claim, BLOCKLLM, title)
    assert verdict.status == status, verdict.reason
    # with no sentence matched closely, half of each side's words are needed, which the paraphrase lacks
    assert not causes.states_cause(claim, [BLOCKLLM.split(". ")[0] + "."])
