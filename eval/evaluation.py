"""Evaluations as plain data: every question through retrieval (or the whole chain), scored and summarised.

Retrieval and answering come in as callables, so the tests can drive both with fakes. Writing the
reports is `reports`; the measures themselves are `metrics`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from statistics import fmean
from typing import Any

from assistant.answer import Answer
from eval.metrics import (
    Scores,
    answer_scores,
    bootstrap_ci,
    holm,
    measure_names,
    paired_randomization,
    quantile,
    ranking_scores,
)
from eval.questions import Question
from index.settings import Settings

Search = Callable[[str, int, str], list[Any]]  # (query, k, mode) -> PaperHits, best first
Ask = Callable[[str], Answer]
Progress = Callable[[str, int, int], None]  # (stage, done, total)
COMPARED = "nDCG@10"  # the measure the paired tests compare


@dataclass
class ModeResult:
    """One retrieval mode over the question set."""

    mode: str
    ranking: dict[str, list[tuple[str, float]]]  # qid -> [(paper_id, score)], best first
    scores: Scores  # measure -> qid -> value, for the scored questions
    means: dict[str, float]
    intervals: dict[str, tuple[float, float]]  # measure -> 95% bootstrap interval of the mean
    by_type: dict[str, dict[str, float]]  # question type -> measure -> mean, and "n" -> questions
    seconds: float  # time spent searching, all questions


@dataclass
class Comparison:
    """Mode a against mode b on per-question nDCG@10."""

    a: str
    b: str
    difference: float  # mean of a - b
    interval: tuple[float, float]
    p: float  # paired randomization test, two-sided
    p_holm: float  # adjusted over all the pairs
    wins: int  # questions where a scores higher
    losses: int
    ties: int


@dataclass
class RetrievalEval:
    measures: list[str]
    depth: int
    questions: list[Question]
    scored: list[str]  # qids with at least one relevant paper: the ranking measures' questions
    modes: dict[str, ModeResult]
    comparisons: list[Comparison]
    unanswerable: list[dict[str, Any]]  # out-of-corpus questions: top papers, top dense cosine
    low_cosine: list[str]  # scored qids whose top dense cosine is below min_relevance
    min_relevance: float
    info: dict[str, Any] = field(default_factory=dict)


def evaluate_retrieval(
    questions: Sequence[Question],
    search: Search,
    modes: Sequence[str],
    ks: Sequence[int],
    min_relevance: float,
    resamples: int = 2000,
    seed: int = 0,
    progress: Progress | None = None,
) -> RetrievalEval:
    """Search every question in every mode and score the rankings."""
    names = measure_names(sorted({1, 5, 10, *ks}))  # R@1, R@5 and R@10 always
    depth = max([*ks, 10])
    scored = [q for q in questions if any(g > 0 for g in q.gold.values())]
    qrels = {q.qid: dict(q.gold) for q in scored}
    results: dict[str, ModeResult] = {}
    for mode in modes:
        ranking, seconds = _search_all(questions, search, mode, depth, progress)
        ids = {qid: [pid for pid, _ in hits] for qid, hits in ranking.items()}
        scores = ranking_scores(qrels, ids, names)
        results[mode] = ModeResult(
            mode,
            ranking,
            scores,
            {m: fmean(scores[m].values()) if scored else 0.0 for m in names},
            {m: bootstrap_ci(list(scores[m].values()), resamples, seed) for m in names},
            _by_type(scored, scores),
            seconds,
        )
    cosine = _top_cosines(questions, search, results, progress)
    return RetrievalEval(
        names,
        depth,
        list(questions),
        list(qrels),
        results,
        compare(results, list(qrels), resamples, seed),
        [
            _unanswerable(q, results, cosine.get(q.qid), min_relevance)
            for q in questions
            if q.qid not in qrels
        ],
        [qid for qid in qrels if cosine.get(qid, 0.0) < min_relevance],
        min_relevance,
    )


def compare(results: dict[str, ModeResult], qids: list[str], resamples: int, seed: int) -> list[Comparison]:
    """Every pair of modes, hybrid first where it takes part."""
    modes = sorted(results, key=lambda m: m != "hybrid")
    rows = []
    for a, b in combinations(modes, 2):
        xs = [results[a].scores[COMPARED][q] for q in qids]
        ys = [results[b].scores[COMPARED][q] for q in qids]
        diffs = [x - y for x, y in zip(xs, ys, strict=True)]
        rows.append(
            Comparison(
                a,
                b,
                fmean(diffs) if diffs else 0.0,
                bootstrap_ci(diffs, resamples, seed),
                paired_randomization(xs, ys, seed=seed),
                1.0,
                sum(d > 1e-9 for d in diffs),
                sum(d < -1e-9 for d in diffs),
                sum(abs(d) <= 1e-9 for d in diffs),
            )
        )
    for row, adjusted in zip(rows, holm([r.p for r in rows]), strict=True):
        row.p_holm = adjusted
    return rows


def _search_all(
    questions: Sequence[Question], search: Search, mode: str, depth: int, progress: Progress | None
) -> tuple[dict[str, list[tuple[str, float]]], float]:
    ranking: dict[str, list[tuple[str, float]]] = {}
    started = time.perf_counter()
    for done, q in enumerate(questions, 1):
        ranking[q.qid] = [(h.paper_id, float(h.score)) for h in search(q.question, depth, mode)]
        if progress:
            progress(f"retrieval: {mode}", done, len(questions))
    return ranking, time.perf_counter() - started


def _by_type(scored: list[Question], scores: Scores) -> dict[str, dict[str, float]]:
    types = sorted({q.type for q in scored})
    return {
        t: {m: fmean(scores[m][q.qid] for q in scored if q.type == t) for m in scores}
        | {"n": float(sum(q.type == t for q in scored))}
        for t in types
    }


def _top_cosines(
    questions: Sequence[Question], search: Search, results: dict[str, ModeResult], progress: Progress | None
) -> dict[str, float]:
    """qid -> the best dense cosine: what the chain compares with min_relevance before answering."""
    if "dense" in results:
        return {qid: hits[0][1] for qid, hits in results["dense"].ranking.items() if hits}
    cosines = {}
    for done, q in enumerate(questions, 1):
        hits = search(q.question, 1, "dense")
        if hits:
            cosines[q.qid] = float(hits[0].score)
        if progress:
            progress("dense cosine", done, len(questions))
    return cosines


def _unanswerable(
    q: Question, results: dict[str, ModeResult], cosine: float | None, min_relevance: float
) -> dict[str, Any]:
    return {
        "qid": q.qid,
        "question": q.question,
        "type": q.type,
        "top": {mode: (r.ranking[q.qid][0] if r.ranking[q.qid] else None) for mode, r in results.items()},
        "top_dense_cosine": cosine,
        "below_min_relevance": cosine is None or cosine < min_relevance,
    }


@dataclass
class AnswerEval:
    rows: list[dict[str, Any]]  # per question: qid, type, question, scores, the answer's parts
    means: dict[str, float | None]  # score -> mean over the questions it applies to
    counts: dict[str, int]  # score -> questions it applies to
    intervals: dict[str, tuple[float, float]]
    by_type: dict[str, dict[str, float | None]]  # question type -> score -> mean
    timing: dict[str, dict[str, float]]  # first_token_s | total_s | evidence_s | checking_s -> mean, ...
    info: dict[str, Any] = field(default_factory=dict)


def evaluate_answers(
    questions: Sequence[Question],
    ask: Ask,
    resamples: int = 2000,
    seed: int = 0,
    progress: Progress | None = None,
) -> AnswerEval:
    """Ask every question through the chain and score the answers."""
    rows = []
    for done, q in enumerate(questions, 1):
        answer = ask(q.question)
        rows.append(
            {
                "qid": q.qid,
                "type": q.type,
                "question": q.question,
                "scores": answer_scores(q, answer),
                "declined": answer.declined,
                "text": answer.text,
                "evidence": [e.quote for e in answer.evidence],
                "not_verified": [(s.status, s.text, s.reason) for s in answer.not_verified],
                "error": answer.error,
                "cited": sorted({c.paper_id for c in answer.citations}),
                "removed": list(answer.removed),
                "gold": dict(q.gold),
                "statuses": [s.status for s in answer.sentences],
                "backend": answer.backend,
                "model": answer.model,
                "timings": dict(answer.timings),
            }
        )
        if progress:
            progress("answers", done, len(questions))
    return summarise_answers(rows, resamples, seed)


def summarise_answers(rows: list[dict[str, Any]], resamples: int = 2000, seed: int = 0) -> AnswerEval:
    """Means, intervals and per-type means of the rows' scores, each over the questions it applies to."""
    names = list(rows[0]["scores"]) if rows else []

    def values(name: str, subset: list[dict[str, Any]]) -> list[float]:
        return [r["scores"][name] for r in subset if r["scores"][name] is not None]

    means = {n: (fmean(values(n, rows)) if values(n, rows) else None) for n in names}
    by_type = {
        t: {n: (fmean(v) if (v := values(n, [r for r in rows if r["type"] == t])) else None) for n in names}
        for t in sorted({r["type"] for r in rows})
    }
    timing = {}
    for n in ("first_token_s", "total_s", "evidence_s", "checking_s"):
        v = sorted(values(n, rows))
        if v:
            timing[n] = {
                "mean": fmean(v),
                "median": quantile(v, 0.5),
                "p90": quantile(v, 0.9),
                "max": v[-1],
            }
    return AnswerEval(
        rows,
        means,
        {n: len(values(n, rows)) for n in names},
        {n: bootstrap_ci(values(n, rows), resamples, seed) for n in names if values(n, rows)},
        by_type,
        timing,
    )


RETRIEVAL_SETTINGS = frozenset({"chunk_tokens", "chunk_overlap", "candidates", "rrf_k", "min_relevance"})
ANSWER_SETTINGS = RETRIEVAL_SETTINGS | {
    "mode",
    "k",
    "per_paper",
    "backend",
    "ollama_model",
    "gguf_path",
    "num_ctx",
    "max_tokens",
    "temperature",
}


def run_info(
    settings: Settings,
    library: Any,
    questions_path: Path,
    split: str,
    keys: frozenset[str] = RETRIEVAL_SETTINGS,
) -> dict[str, Any]:
    """What the figures depend on: settings, corpus identity, embedding model, question file, date."""
    ids = sorted(r.paper_id for r in library.papers())
    stats = library.stats()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "questions": {
            "file": str(questions_path),
            "split": split,
            "sha256": hashlib.sha256(questions_path.read_bytes()).hexdigest(),
        },
        "corpus": {
            "papers": len(ids),
            "chunks": stats["chunks"],
            "paper_ids_sha256": hashlib.sha256("\n".join(ids).encode()).hexdigest(),
        },
        "embedding_model": stats["model"],
        "settings": settings.model_dump(include=set(keys)),
    }
