"""Evaluation tables: rich tables for the terminal, and the cell formats the Markdown reports share."""

from __future__ import annotations

import math
from typing import Any

from eval.evaluation import AnswerEval, RetrievalEval

ANSWER_SCORES = (
    "citation_validity",
    "citation_precision",
    "citation_recall",
    "supported",
    "added",
    "contradicted",
    "unsupported",
    "verified",
    "verified_with_wrong_number",
    "nugget_recall",
    "fact_stated",
    "fact_in_evidence",
    "fact_in_draft",
    "abstention_accuracy",
    "false_abstention",
)


def retrieval_table(result: RetrievalEval) -> Any:
    """A rich table of the measures per mode, and the p-values under it."""
    from rich.table import Table

    table = Table(title=f"Retrieval: {len(result.scored)} questions, mean [95% CI]")
    for col in ("mode", *result.measures):
        table.add_column(col)
    for mode, r in result.modes.items():
        table.add_row(mode, *[ci(r.means[m], r.intervals[m], "\n") for m in result.measures])
    caption = [
        f"{c.a} vs {c.b}: nDCG@10 {c.difference:+.3f}, p {p_value(c.p)} (Holm {p_value(c.p_holm)})"
        for c in result.comparisons
    ]
    table.caption = "\n".join(caption) or None
    return table


def answers_table(result: AnswerEval) -> Any:
    from rich.table import Table

    table = Table(title=f"Answers: {len(result.rows)} questions")
    for col in ("score", "mean [95% CI]", "questions"):
        table.add_column(col)
    for n in ANSWER_SCORES:
        table.add_row(n, ci(result.means.get(n), result.intervals.get(n)), str(result.counts.get(n, 0)))
    for k, v in result.timing.items():
        table.add_row(k, f"mean {v['mean']:.2f}, median {v['median']:.2f}, p90 {v['p90']:.2f}", "")
    return table


def row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def ci(mean: float | None, interval: tuple[float, float] | None, sep: str = " ") -> str:
    if mean is None:
        return "n/a"
    if not interval or any(math.isnan(x) for x in interval):
        return f"{mean:.3f}"
    return f"{mean:.3f}{sep}[{interval[0]:.3f}, {interval[1]:.3f}]"


def num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def p_value(p: float) -> str:
    return f"{p:.4f}" if p >= 0.0001 else "<0.0001"


def count(items: Any) -> str:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
