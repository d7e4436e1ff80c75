"""The comparison table on the dev topical questions: relevant rows, numbers in results, time.

Usage:
    python -m benchmarks.compare [--papers 8] [--out benchmarks/reports/compare]

For each dev topical question of eval/questions.jsonl: the share of rows whose paper is in the
question's gold set (graded relevance >= 1), of result cells that carry a number, of cells "not
stated", and the warm time to build the table for 8 papers. The report lists every row's approach
cell, for judging by hand (the closing note says how it was judged).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from assistant.compare import compare
from assistant.verifier import Verifier
from benchmarks.common import QUESTIONS, REPORTS, indexed_library, write_report
from eval.questions import read_questions, resolve_gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=8)
    parser.add_argument("--out", type=Path, default=REPORTS / "compare")
    args = parser.parse_args(argv)
    settings, library = indexed_library()
    verifier = Verifier(library.embedder)
    questions = [q for q in read_questions(QUESTIONS) if q.split == "dev" and q.type == "topical"]
    questions = resolve_gold(questions, [(r.paper_id, r.title) for r in library.papers()])
    compare(library, verifier, questions[0].question, args.papers)  # warm
    rows: list[dict[str, Any]] = []
    times = []
    recall = []
    for q in questions:
        start = time.perf_counter()
        table = compare(library, verifier, q.question, args.papers)
        times.append(time.perf_counter() - start)
        found = sum(r.paper_id in q.gold for r in table.rows)
        recall.append(found / max(1, min(args.papers, len(q.gold))))
        for rank, r in enumerate(table.rows, 1):
            rows.append({
                "qid": q.qid, "rank": rank, "title": r.title, "relevant": r.paper_id in q.gold,
                "approach": r.approach.quote if r.approach else None,
                "result": r.result.quote if r.result else None, "number": r.number is not None,
            })  # fmt: skip
    n = max(1, len(rows))
    summary = {
        "questions": len(questions),
        "rows": len(rows),
        "relevant_rows": sum(r["relevant"] for r in rows) / n,
        "gold_found": sum(recall) / max(1, len(recall)),
        "result_with_number": sum(r["number"] for r in rows if r["result"])
        / max(1, sum(bool(r["result"]) for r in rows)),
        "approach_not_stated": sum(r["approach"] is None for r in rows) / n,
        "result_not_stated": sum(r["result"] is None for r in rows) / n,
        "seconds_median": statistics.median(times),
        "seconds_max": max(times),
    }  # fmt: skip
    md = [
        f"# The comparison table on {len(questions)} dev topical questions (`python -m benchmarks.compare`)",
        "",
        f"{args.papers} papers per table, warm, 2 cores.",
        "",
        "| rows | relevant rows | gold papers in the table | results with a number | approach not stated "
        "| result not stated | seconds per table (median / max) |",
        "|---|---|---|---|---|---|---|",
        f"| {summary['rows']} | {summary['relevant_rows']:.2f} | {summary['gold_found']:.2f} "
        f"| {summary['result_with_number']:.2f} "
        f"| {summary['approach_not_stated']:.2f} | {summary['result_not_stated']:.2f} "
        f"| {summary['seconds_median']:.2f} / {summary['seconds_max']:.2f} |",
        "",
        "## Approach cells, to judge by hand",
        "",
        *(
            f"- {r['qid']} #{r['rank']} {'(relevant) ' if r['relevant'] else ''}{r['title'][:60]}: "
            f"{r['approach'] or 'not stated'}"
            for r in rows
        ),
    ]
    write_report(args.out, {"summary": summary, "rows": rows}, "\n".join(md) + "\n")
    print("\n".join(md[:8]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
