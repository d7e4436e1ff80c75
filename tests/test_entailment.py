"""The verifier's entailment model: the shipped int8 graph, what it reads, how the verifier uses it,
and the training script that makes it (a tiny run, exported and loaded as the shipped one is)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.entailment import Entailment, graph_file
from assistant.verifier import Rules, Verifier
from index.embeddings import Embedder
from index.errors import PapersError

CLAIMS = Path(__file__).parents[1] / "eval" / "claims_realistic.jsonl"

SOURCE = (
    "We present AnimateDiff-Lightning for lightning-fast video generation. Our model uses progressive "
    "adversarial diffusion distillation to achieve new state-of-the-art in few-step video generation. "
    "The distilled model is also compatible with fine control techniques like Motion LoRAs and ControlNet."
)


@pytest.fixture(scope="module")
def model() -> Entailment:
    return Entailment.shared()


def test_the_graph_ships_inside_the_package() -> None:
    graph = graph_file()
    assert graph.is_file() and graph.parent.name == "models" and graph.parent.parent.name == "assistant"
    assert 5_000_000 < graph.stat().st_size < 40_000_000  # int8: a quarter of the float weights


def test_a_missing_graph_says_how_to_get_it_back(tmp_path: Path) -> None:
    with pytest.raises(PapersError, match="entailment_training"):
        Entailment(tmp_path / "entailment.onnx")


def test_a_pair_scores_the_same_alone_or_among_others(model: Entailment) -> None:
    pairs = [
        (SOURCE, "The distilled model works with ControlNet and Motion LoRAs."),
        (SOURCE, "AnimateDiff-Lightning generates videos in a few steps, " * 12),  # truncated to 192 tokens
        ("", "An empty premise."),
    ]
    batched = model.probabilities(pairs)
    alone = [model.probability(p, c) for p, c in pairs]
    assert np.allclose(batched, alone, atol=1e-4)
    assert all(0.0 <= p <= 1.0 for p in batched)


def test_on_the_claims_it_learned_from_true_ones_score_higher(model: Entailment) -> None:
    """The first 120 dev claims beside their source sentences: a model that had learned nothing (or
    read the pairs the wrong way round) would score true and false claims alike."""
    from eval import claimset

    dev = [c for c in claimset.realistic(CLAIMS) if c.split == "dev"][:120]
    probs = model.probabilities([(c.source, c.claim) for c in dev])
    true = [p for c, p in zip(dev, probs, strict=True) if c.true]
    false = [p for c, p in zip(dev, probs, strict=True) if not c.true]
    assert true and false and np.mean(true) > np.mean(false) + 0.1


def test_the_verifier_asks_the_model_only_at_the_meaning_gate() -> None:
    verifier = Verifier(Embedder())
    passage = verifier.passages([(SOURCE, "AnimateDiff-Lightning")])[0]
    copied = verifier.check(
        "The distilled model is also compatible with Motion LoRAs and ControlNet.", passage
    )
    assert copied.status == "supported" and copied.entailment == -1.0  # the gate let it through
    wrong = verifier.check("The distilled model needs 40 steps.", passage)
    assert wrong.status != "supported" and wrong.entailment == -1.0  # a rule stopped it first


def test_the_rescue_follows_its_threshold() -> None:
    """The same claim past the rules and under the gate: verified when the model's probability reaches
    entail_rescue, not when the threshold is above it or the rescue is off."""
    claim = "Motion LoRAs and ControlNet can still be plugged into the sped-up generator."
    base = Verifier(Embedder(), Rules(entail_rescue=2.0))
    passage = base.passages([(SOURCE, "AnimateDiff-Lightning")])[0]
    off = base.check(claim, passage)
    assert off.status == "unsupported" and "does not state this" in off.reason and off.entailment == -1.0
    p = Verifier(Embedder()).entailment(off.context, claim)
    at = Verifier(Embedder(), replace(Rules(), entail_rescue=p - 1e-3, entail_floor=-1.0)).check(
        claim, passage
    )
    above = Verifier(Embedder(), replace(Rules(), entail_rescue=p + 1e-3, entail_floor=-1.0)).check(
        claim, passage
    )
    assert at.status == "supported" and at.entailment == pytest.approx(p, abs=1e-3)
    assert above.status == "unsupported" and "does not state this" in above.reason


@pytest.mark.slow
def test_training_exports_a_graph_that_agrees_with_the_torch_model(tmp_path: Path) -> None:
    from eval import entailment_training as training

    rows = [
        (SOURCE, "The distilled model works with ControlNet.", True, "p1"),
        (SOURCE, "The distilled model cannot use ControlNet.", False, "p1"),
        (SOURCE, "AnimateDiff-Lightning makes videos in few steps.", True, "p2"),
        (SOURCE, "AnimateDiff-Lightning needs a thousand steps.", False, "p2"),
    ] * 4
    model = training.train(rows, log=lambda _: None, epochs=1)
    graph = training.export(model, tmp_path / "entailment.onnx")
    ours = Entailment(graph).probabilities([(p, c) for p, c, _, _ in rows[:4]])
    theirs = training.predict(model, rows[:4])
    assert np.allclose(ours, theirs, atol=0.05)  # int8 weights: close, not equal
