"""Metrics: ranking measures via ir-measures (pytrec_eval), answer scores, bootstrap CIs, paired tests.

Left out: significance tests other than the paired randomization test, and per-query plots (see `reports`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.answer import Answer
from assistant.claims import numbers
from assistant.evidence import states
from eval.questions import Question

Qrels = dict[str, dict[str, int]]  # qid -> paper_id -> grade (0 judged not relevant, 1 partly, 2 relevant)
Ranking = dict[str, list[str]]  # qid -> paper_ids, best first
Scores = dict[str, dict[str, float]]  # measure name -> qid -> value

RR_DEPTH = 10


def measure_names(ks: Sequence[int]) -> list[str]:
    """The ranking measures reported for recall cutoffs `ks`.

    Example:
        >>> measure_names([1, 5, 10])
        ['nDCG@10', 'R@1', 'R@5', 'R@10', 'RR@10', 'AP']
    """
    return ["nDCG@10", *[f"R@{k}" for k in sorted(set(ks))], f"RR@{RR_DEPTH}", "AP"]


def ranking_scores(qrels: Qrels, ranking: Ranking, names: Sequence[str]) -> Scores:
    """Every measure for every question of `qrels`, via pytrec_eval; a question with no hits scores 0.

    Example:
        >>> ranking_scores({"q": {"a": 1}}, {"q": ["b", "a"]}, ["R@1", "RR@10", "AP"])
        {'R@1': {'q': 0.0}, 'RR@10': {'q': 0.5}, 'AP': {'q': 0.5}}
    """
    import ir_measures

    def as_run(depth: int | None) -> dict[str, dict[str, float]]:
        # scores from ranks: trec_eval sorts by score and breaks ties by docid, not by our order
        return {
            qid: {pid: 1.0 / rank for rank, pid in enumerate(ranking[qid][:depth], 1)}
            for qid in qrels
            if ranking.get(qid)
        }

    scores: Scores = {name: dict.fromkeys(qrels, 0.0) for name in names}
    plain = [ir_measures.parse_measure(n) for n in names if not n.startswith("RR@")]
    if plain:
        for metric in ir_measures.pytrec_eval.iter_calc(plain, qrels, as_run(None)):
            scores[str(metric.measure)][metric.query_id] = float(metric.value)
    # pytrec_eval's recip_rank has no cutoff (ir-measures ignores RR@10's): cut the run instead
    for name in (n for n in names if n.startswith("RR@")):
        for metric in ir_measures.pytrec_eval.iter_calc([ir_measures.RR], qrels, as_run(int(name[3:]))):
            scores[name][metric.query_id] = float(metric.value)
    return scores


def quantile(values: Sequence[float], q: float) -> float:
    """The q-quantile by linear interpolation between sorted values (numpy's default).

    Example:
        >>> quantile([1, 2, 3, 4], 0.5), quantile([5, 1, 3], 0.95)
        (2.5, 4.8)
    """
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def bootstrap_ci(
    values: Sequence[float], resamples: int = 2000, seed: int = 0, level: float = 0.95
) -> tuple[float, float]:
    """Percentile interval of the mean over questions resampled with replacement.

    The same seed and question count draw the same resamples, so intervals of two modes (or two
    measures) over the same questions are paired.
    """
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(resamples, data.size))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return (float(low), float(high))


def paired_randomization(
    a: Sequence[float], b: Sequence[float], resamples: int = 10000, seed: int = 0
) -> float:
    """Two-sided p-value that a and b (per-question scores, same order) have the same mean.

    Each question's difference keeps or flips its sign at random; p is the share of such
    reshuffles whose |mean difference| reaches the observed one (counting the observed itself).

    Example:
        >>> paired_randomization([0.5, 0.7, 0.2], [0.5, 0.7, 0.2])
        1.0
    """
    diff = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if diff.size == 0:
        return 1.0
    observed = abs(diff.mean())
    rng = np.random.default_rng(seed)
    signs = rng.choice([-1.0, 1.0], size=(resamples, diff.size))
    null = np.abs((signs * diff).mean(axis=1))
    return float((1 + np.count_nonzero(null >= observed - 1e-12)) / (resamples + 1))


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the input order.

    Example:
        >>> holm([0.01, 0.04, 0.03])
        [0.03, 0.06, 0.06]
    """
    order = sorted(range(len(pvalues)), key=lambda i: pvalues[i])
    adjusted = [0.0] * len(pvalues)
    running = 0.0
    for position, i in enumerate(order):
        running = max(running, min(1.0, (len(pvalues) - position) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def _number_in(sentence: str, source: str) -> bool:
    """Every number of `sentence` is in `source` (by value)."""
    have = {n.value for n in numbers(source)}
    return all(n.value in have for n in numbers(sentence))


def answer_scores(question: Question, answer: Answer) -> dict[str, float | None]:
    """One answer's scores; None where a score does not apply (no citations, no gold, no nuggets).

    Cited numbers are counted once each; sentence shares are of the sentences that make a claim.
    """
    answerable = question.type != "out-of-corpus"
    relevant = {pid for pid, grade in question.gold.items() if grade >= 1}
    nuggets = question.nuggets
    cited = {c.paper_id for c in answer.citations}
    valid, removed = len({c.n for c in answer.citations}), len(set(answer.removed))
    claims = [s.status for s in answer.sentences if s.status != "no-claim"]
    shown = [e.quote for e in answer.evidence] + [answer.text]
    found = [n for n in nuggets if any(states(t, n) for t in shown)]
    in_evidence = [n for n in nuggets if any(states(e.quote, n) for e in answer.evidence)]
    verified = [s for s in answer.sentences if s.status in ("supported", "added")]
    by_n = {src.n: src.text + " " + src.title for src in answer.sources}
    wrong_numbers = [s for s in verified if not all(_number_in(s.text, by_n.get(n, "")) for n in s.cites)]

    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    return {
        "citation_validity": share(valid, valid + removed),
        "citation_precision": share(len(cited & relevant), len(cited)) if relevant else None,
        "citation_recall": share(len(cited & relevant), len(relevant)),
        "supported": share(claims.count("supported"), len(claims)),
        "added": share(claims.count("added"), len(claims)),
        "unsupported": share(claims.count("unsupported"), len(claims)),
        "contradicted": share(claims.count("contradicted"), len(claims)),
        "verified": share(len(verified), len(claims)),
        "verified_with_wrong_number": share(len(wrong_numbers), len(verified)),
        "nugget_recall": share(len(found), len(nuggets)),
        "fact_stated": float(len(found) == len(nuggets)) if nuggets and answerable else None,
        "fact_in_evidence": float(len(in_evidence) == len(nuggets)) if nuggets and answerable else None,
        # the baseline, from the same answers: the model's own text, which is what the app used to show
        "fact_in_draft": float(all(states(answer.draft, n) for n in nuggets))
        if nuggets and answerable
        else None,
        "abstention_accuracy": None if answerable else float(answer.declined),
        "false_abstention": float(answer.declined) if answerable else None,
        "first_token_s": answer.timings.get("first_token"),
        "total_s": answer.timings.get("total"),
        "evidence_s": answer.timings.get("evidence"),
        "checking_s": answer.timings.get("checking"),
    }
