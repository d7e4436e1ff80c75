"""Benchmark the answer chain: time to first token, total, retrieval and checking, per answer.

Usage: python -m benchmarks.answers [--n 20] [--backend embedded] [--out DIR/bench_answers.json]
Runs the first N answerable dev questions of eval/questions.jsonl against the index in PAPERS_HOME
(built first if empty) and prints median / p95 / max of each stage in seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.chain import Assistant, Options  # noqa: E402
from benchmarks.common import QUESTIONS, REPORTS, indexed_library, write_json  # noqa: E402
from eval.metrics import quantile  # noqa: E402
from eval.questions import read_questions  # noqa: E402

STAGES = ("retrieval", "first_token", "generation", "checking", "total")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--backend", default="embedded")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--out", type=Path, default=REPORTS / "bench_answers.json")
    args = parser.parse_args(argv)
    settings, library = indexed_library()
    questions = [q for q in read_questions(args.questions) if q.split == "dev" and q.type != "out-of-corpus"]
    assistant = Assistant(settings, library)
    assistant.ask("warm-up: what is a transformer?", None, Options(backend=args.backend))  # loads both models
    rows: list[dict[str, Any]] = []
    start = time.perf_counter()
    for i, q in enumerate(questions[: args.n], 1):
        answer = assistant.ask(q.question, None, Options(backend=args.backend))
        statuses = [s.status for s in answer.sentences]
        rows.append(
            {
                "qid": q.qid,
                **{k: answer.timings.get(k, 0.0) for k in STAGES},
                "declined": answer.declined,
                "statuses": statuses,
            }
        )
        print(
            f"{i:2d}/{args.n} {q.qid:8s} first token {answer.timings.get('first_token', 0):5.1f}s "
            f"total {answer.timings['total']:5.1f}s",
            flush=True,
        )
    summary = {
        k: _stats([r[k] for r in rows if not r["declined"] or k in ("retrieval", "total")]) for k in STAGES
    }
    counts: dict[str, int] = {}
    for r in rows:
        for status in r["statuses"]:
            counts[status] = counts.get(status, 0) + 1
    report = {
        "backend": args.backend,
        "model": answer.model,
        "questions": len(rows),
        "seconds": summary,
        "sentence_status": counts,
        "wall": time.perf_counter() - start,
        "max_tokens": settings.max_tokens,
        "rows": rows,
    }
    write_json(args.out, report)
    print(
        f"\n{'stage':12s} {'median':>8s} {'p95':>8s} {'max':>8s}"
        f"   (seconds, {len(rows)} answers, {answer.model})"
    )
    for k, s in summary.items():
        print(f"{k:12s} {s['median']:8.2f} {s['p95']:8.2f} {s['max']:8.2f}")
    print(f"sentences: {counts}")
    return 0


def _stats(values: list[float]) -> dict[str, float]:
    values = sorted(values) or [0.0]
    return {"median": quantile(values, 0.5), "p95": quantile(values, 0.95), "max": max(values)}


if __name__ == "__main__":
    sys.exit(main())
