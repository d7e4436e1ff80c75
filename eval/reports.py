"""Evaluation reports on disk: TREC runs, report.md, report.json and plots, written into one folder.

The parts: report_markdown (the text), report_tables (terminal tables, cell formats), report_plots.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

from eval.evaluation import AnswerEval, RetrievalEval
from eval.questions import run_line
from eval.report_markdown import answers_markdown, retrieval_markdown
from eval.report_plots import interval_plot, timings_plot, wins_plot
from eval.report_tables import ANSWER_SCORES


def write_retrieval(result: RetrievalEval, out: Path) -> list[Path]:
    """`<mode>.run` per mode, report.md, report.json, metrics.png and wins.png (when modes are compared)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for mode, r in result.modes.items():
        lines = [
            run_line(qid, pid, rank, score, mode) + "\n"
            for qid, hits in r.ranking.items()
            for rank, (pid, score) in enumerate(hits, 1)
        ]
        (out / f"{mode}.run").write_text("".join(lines))
        written.append(out / f"{mode}.run")
    data = {
        "info": result.info,
        "measures": result.measures,
        "depth": result.depth,
        "min_relevance": result.min_relevance,
        "scored": result.scored,
        "questions": [asdict(q) for q in result.questions],
        "modes": {
            m: {
                "means": r.means,
                "intervals": r.intervals,
                "by_type": r.by_type,
                "seconds": r.seconds,
                "per_question": {q: {n: r.scores[n][q] for n in result.measures} for q in result.scored},
                "ranking": r.ranking,
            }
            for m, r in result.modes.items()
        },
        "comparisons": [asdict(c) for c in result.comparisons],
        "out_of_corpus": result.unanswerable,
        "low_cosine": result.low_cosine,
    }
    written += [
        write_json(out / "report.json", data),
        write_text(out / "report.md", retrieval_markdown(result)),
    ]
    written.append(
        interval_plot(
            out / "metrics.png",
            {m: (r.means, r.intervals) for m, r in result.modes.items()},
            result.measures,
            f"Retrieval: mean over {len(result.scored)} questions with 95% bootstrap CI",
            "mean score",
        )
    )
    if result.comparisons:
        written.append(wins_plot(out / "wins.png", result))
    return written


def write_answers(result: AnswerEval, out: Path) -> list[Path]:
    """report.md, report.json, metrics.png and timings.png of an answers evaluation."""
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "info": result.info,
        "means": result.means,
        "counts": result.counts,
        "intervals": result.intervals,
        "by_type": result.by_type,
        "timing": result.timing,
        "questions": result.rows,
    }
    shown = [n for n in ANSWER_SCORES if result.means.get(n) is not None]
    means = {n: result.means[n] or 0.0 for n in shown}
    return [
        write_json(out / "report.json", data),
        write_text(out / "report.md", answers_markdown(result)),
        interval_plot(
            out / "metrics.png",
            {"answers": (means, result.intervals)},
            shown,
            f"Answers: {len(result.rows)} questions, mean with 95% bootstrap CI",
            "mean (share)",
        ),
        timings_plot(out / "timings.png", result),
    ]


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(_finite(data), indent=2, ensure_ascii=False) + "\n")
    return path


def _finite(obj: Any) -> Any:
    """NaN (an interval over no questions) as null: JSON has no NaN."""
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj


def write_text(path: Path, text: str) -> Path:
    path.write_text(text)
    return path
