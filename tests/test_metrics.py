"""Metrics against hand-computed cases and against pytrec_eval itself; intervals and paired tests."""

from __future__ import annotations

import math
import random

import pytest
import pytrec_eval

from assistant.answer import Answer, Citation, Sentence
from eval.metrics import (
    answer_scores,
    bootstrap_ci,
    holm,
    measure_names,
    paired_randomization,
    ranking_scores,
)
from eval.questions import Question

NAMES = measure_names([1, 5, 10])
QRELS = {"q1": {"a": 2, "b": 1}, "q2": {"c": 1}, "q3": {"d": 1}}
RANKING = {"q1": ["x", "a", "b"], "q2": ["c", "y"]}  # q3: no hits


def test_measure_names() -> None:
    assert NAMES == ["nDCG@10", "R@1", "R@5", "R@10", "RR@10", "AP"]
    assert measure_names([3, 1, 3]) == ["nDCG@10", "R@1", "R@3", "RR@10", "AP"]


# q1 by hand: relevant a (grade 2) at rank 2, b (grade 1) at rank 3, of 2 relevant
Q1_NDCG = (2 / math.log2(3) + 1 / math.log2(4)) / (2 / math.log2(2) + 1 / math.log2(3))


@pytest.mark.parametrize(
    ("name", "q1", "q2"),
    [
        ("nDCG@10", Q1_NDCG, 1.0),
        ("R@1", 0.0, 1.0),
        ("R@5", 1.0, 1.0),
        ("R@10", 1.0, 1.0),
        ("RR@10", 1 / 2, 1.0),
        ("AP", (1 / 2 + 2 / 3) / 2, 1.0),
    ],
)
def test_hand_computed(name: str, q1: float, q2: float) -> None:
    scores = ranking_scores(QRELS, RANKING, NAMES)[name]
    assert scores["q1"] == pytest.approx(q1, abs=1e-12)
    assert scores["q2"] == pytest.approx(q2, abs=1e-12)
    assert scores["q3"] == 0.0  # no hits scores 0, it is not left out


def test_rr_is_cut_at_10() -> None:
    ranking = {"q": [f"x{i}" for i in range(10)] + ["a"]}  # relevant at rank 11
    scores = ranking_scores({"q": {"a": 1}}, ranking, ["RR@10", "AP"])
    assert scores["RR@10"]["q"] == 0.0
    assert scores["AP"]["q"] == pytest.approx(1 / 11)


def test_the_given_order_counts_not_ids() -> None:
    # trec_eval breaks score ties by docid; ours are ranks, so "b" before "a" stays so
    assert ranking_scores({"q": {"a": 1}}, {"q": ["b", "a"]}, ["RR@10"])["RR@10"]["q"] == 0.5
    assert ranking_scores({"q": {"a": 1}}, {"q": ["a", "b"]}, ["RR@10"])["RR@10"]["q"] == 1.0


def test_same_as_pytrec_eval() -> None:
    rng = random.Random(7)
    docs = [f"p{i}" for i in range(40)]
    qrels = {f"q{n}": {d: rng.choice([1, 2]) for d in rng.sample(docs, rng.randint(1, 5))} for n in range(30)}
    ranking = {q: rng.sample(docs, 10) for q in qrels if q != "q0"}  # q0 has no hits
    ours = ranking_scores(qrels, ranking, NAMES)
    run = {q: {d: 1.0 / r for r, d in enumerate(ids, 1)} for q, ids in ranking.items()}
    theirs = pytrec_eval.RelevanceEvaluator(
        qrels, {"ndcg_cut_10", "recall_1", "recall_5", "recall_10", "recip_rank", "map"}
    ).evaluate(run)
    names = {
        "nDCG@10": "ndcg_cut_10",
        "R@1": "recall_1",
        "R@5": "recall_5",
        "R@10": "recall_10",
        "RR@10": "recip_rank",
        "AP": "map",
    }  # depth 10: recip_rank is RR@10
    for ours_name, trec_name in names.items():
        for q in qrels:
            expected = theirs[q][trec_name] if q in theirs else 0.0
            assert ours[ours_name][q] == pytest.approx(expected, abs=1e-12), (ours_name, q)
    assert any(ours["nDCG@10"][q] > 0 for q in qrels)


def test_bootstrap_ci_contains_the_mean_and_repeats_with_the_seed() -> None:
    values = [random.Random(i).random() for i in range(50)]
    low, high = bootstrap_ci(values, 2000, seed=3)
    assert low < sum(values) / len(values) < high
    assert bootstrap_ci(values, 2000, seed=3) == (low, high)
    assert bootstrap_ci(values, 2000, seed=4) != (low, high)
    assert bootstrap_ci([0.5] * 10) == (0.5, 0.5)
    assert all(math.isnan(x) for x in bootstrap_ci([]))


def test_paired_randomization() -> None:
    rng = random.Random(0)
    a = [rng.random() for _ in range(40)]
    assert paired_randomization(a, a) == 1.0
    better = [x + 0.2 + rng.random() * 0.05 for x in a]
    assert paired_randomization(better, a) < 0.001
    balanced = [x + (0.1 if i % 2 else -0.1) for i, x in enumerate(a)]  # mean difference 0
    assert paired_randomization(balanced, a) > 0.9
    assert paired_randomization(better, a, seed=1) == paired_randomization(better, a, seed=1)


def test_holm() -> None:
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
    assert holm([]) == []


def _citation(n: int, paper_id: str) -> Citation:
    return Citation(n, paper_id, "t", "s", "snippet", "sentence", 0.8)


def test_answer_scores_by_hand() -> None:
    question = Question("q", "?", "answer", {"pa": 2, "pb": 1, "pc": 1}, ("Sparse Attention", "pruning"))
    answer = Answer(
        "?",
        text="It uses sparse attention [1] and distillation [2]. Also [4].",
        citations=[_citation(1, "pa"), _citation(2, "px"), _citation(1, "pa")],
        sentences=[
            Sentence("a", [1], "supported"),
            Sentence("b", [2], "added"),
            Sentence("c", [], "no-claim"),
            Sentence("d", [], "unsupported"),
            Sentence("e", [1], "supported"),
        ],
        removed=[4],
        timings={"first_token": 0.5, "total": 2.0},
    )
    scores = answer_scores(question, answer)
    assert scores["citation_validity"] == pytest.approx(2 / 3)  # [1], [2] valid; [4] removed
    assert scores["citation_precision"] == pytest.approx(1 / 2)  # pa of {pa, px}
    assert scores["citation_recall"] == pytest.approx(1 / 3)  # pa of {pa, pb, pc}
    assert (scores["supported"], scores["added"], scores["unsupported"]) == (0.5, 0.25, 0.25)
    assert scores["nugget_recall"] == 0.5  # "sparse attention" found ignoring case, "pruning" not
    assert scores["abstention_accuracy"] is None
    assert scores["false_abstention"] == 0.0
    assert (scores["first_token_s"], scores["total_s"]) == (0.5, 2.0)


def test_answer_scores_when_declining() -> None:
    out = Question("o", "?", "out-of-corpus")
    assert answer_scores(out, Answer("?", declined=True))["abstention_accuracy"] == 1.0
    assert answer_scores(out, Answer("?", text="made up"))["abstention_accuracy"] == 0.0
    answerable = Question("a", "?", "topical", {"pa": 2})
    scores = answer_scores(answerable, Answer("?", declined=True))
    assert scores["false_abstention"] == 1.0
    assert scores["citation_recall"] == 0.0
    assert scores["citation_precision"] is None  # nothing cited
    assert scores["citation_validity"] is None
    assert scores["nugget_recall"] is None  # no nuggets
    assert scores["first_token_s"] is None
