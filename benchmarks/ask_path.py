"""A question's retrieval time: the ask path's search step over the dev questions, warm, medians.

Usage:
    python -m benchmarks.ask_path [--repeats 3] [--out benchmarks/reports/ask_path]

Times `Assistant.retrieve` (before the one-search change: `Assistant._retrieve`) on every dev
question of eval/questions.jsonl, and counts the BM25 and dense searches it makes. To compare two
versions, run it in both checkouts back to back on the same index (PAPERS_HOME).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from assistant.chain import Assistant, Options
from benchmarks.common import QUESTIONS, REPORTS, indexed_library, write_report
from eval.questions import read_questions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", default=str(REPORTS / "ask_path"))
    args = parser.parse_args(argv)
    settings, library = indexed_library()
    assistant = Assistant(settings, library)
    calls = {"bm25": 0, "dense": 0}
    search, query = library.retriever.sparse.search, library.retriever.store.query

    def bm25(*a: Any, **k: Any) -> Any:
        calls["bm25"] += 1
        return search(*a, **k)

    def dense(*a: Any, **k: Any) -> Any:
        calls["dense"] += 1
        return query(*a, **k)

    library.retriever.sparse.search = bm25  # type: ignore[method-assign]
    library.retriever.store.query = dense  # type: ignore[method-assign]
    retrieve = getattr(assistant, "retrieve", None)
    if retrieve is None:  # the version before: (question, standalone, history, options)
        old = assistant._retrieve  # type: ignore[attr-defined]

        def retrieve(q: str) -> Any:
            return old(q, q, [], Options())

    questions = [q.question for q in read_questions(QUESTIONS) if q.split == "dev"]
    retrieve(questions[0])  # warm: the embedder, the BM25 index, Chroma's pages
    times: list[float] = []
    calls.update(bm25=0, dense=0)
    for _ in range(args.repeats):
        for q in questions:
            start = time.perf_counter()
            retrieve(q)
            times.append(time.perf_counter() - start)
    n = len(questions) * args.repeats
    result = {
        "questions": len(questions),
        "repeats": args.repeats,
        "median_ms": round(1000 * statistics.median(times), 2),
        "p90_ms": round(1000 * statistics.quantiles(times, n=10)[-1], 2),
        "bm25_searches_per_question": calls["bm25"] / n,
        "dense_searches_per_question": calls["dense"] / n,
    }
    md = "\n".join(
        [
            "# A question's retrieval time (`python -m benchmarks.ask_path`)",
            "",
            f"{len(questions)} dev questions x {args.repeats}, warm, hybrid.",
            "",
            "| median ms | p90 ms | BM25 searches per question | dense searches per question |",
            "|---|---|---|---|",
            f"| {result['median_ms']} | {result['p90_ms']} | {result['bm25_searches_per_question']:.2f} "
            f"| {result['dense_searches_per_question']:.2f} |",
        ]
    )
    from pathlib import Path

    write_report(Path(args.out), result, md + "\n")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
