"""Evaluation plots as PNG (matplotlib, Agg): intervals per measure, wins per question, timings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eval.evaluation import AnswerEval, RetrievalEval
from eval.report_tables import p_value


def interval_plot(
    path: Path,
    series: dict[str, tuple[dict[str, float], dict[str, tuple[float, float]]]],
    names: list[str],
    title: str,
    ylabel: str,
) -> Path:
    """Grouped bars: one group per measure, one bar per series, 95% intervals as error bars."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(max(6.0, 1.3 * len(names) * max(1, len(series)) / 2 + 2), 4.5))
    width = 0.8 / max(1, len(series))
    for i, (label, (means, intervals)) in enumerate(series.items()):
        xs = [j + (i - (len(series) - 1) / 2) * width for j in range(len(names))]
        ys = [means[n] for n in names]
        low = [max(0.0, y - intervals.get(n, (y, y))[0]) for n, y in zip(names, ys, strict=True)]
        high = [max(0.0, intervals.get(n, (y, y))[1] - y) for n, y in zip(names, ys, strict=True)]
        bars = ax.bar(xs, ys, width, yerr=[low, high], capsize=3, label=label)
        if len(series) == 1:  # room for the values, so that a 0 shows too
            ax.bar_label(bars, fmt="%.2f", padding=2, fontsize=8)
    ax.set_xticks(
        range(len(names)),
        names,
        rotation=20 if len(names) > 6 else 0,
        ha="right" if len(names) > 6 else "center",
    )
    ax.set(ylim=(0, 1.05), xlabel="measure", ylabel=ylabel, title=title)
    ax.grid(axis="y", alpha=0.3)
    if len(series) > 1:
        ax.legend(title="mode", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return save_figure(fig, path)


def wins_plot(path: Path, result: RetrievalEval) -> Path:
    """Per-question nDCG@10 differences of hybrid against each other mode, sorted."""
    plt = pyplot()
    pairs = [c for c in result.comparisons if c.a == "hybrid"] or result.comparisons
    fig, axes = plt.subplots(1, len(pairs), figsize=(6 * len(pairs), 4), squeeze=False)
    for ax, c in zip(axes[0], pairs, strict=True):
        a, b = result.modes[c.a].scores["nDCG@10"], result.modes[c.b].scores["nDCG@10"]
        diffs = sorted((a[q] - b[q] for q in result.scored), reverse=True)
        colors = ["tab:green" if d > 1e-9 else "tab:red" if d < -1e-9 else "tab:gray" for d in diffs]
        ax.bar(range(len(diffs)), diffs, width=1.0, color=colors)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set(
            xlabel="question (sorted by difference)",
            ylabel=f"nDCG@10: {c.a} - {c.b}",
            ylim=(-1.05, 1.05),
            title=f"{c.a} vs {c.b}: {c.wins} wins, {c.losses} losses, {c.ties} ties (p {p_value(c.p)})",
        )
    return save_figure(fig, path)


def timings_plot(path: Path, result: AnswerEval) -> Path:
    import numpy as np

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    series = {
        label: [r["timings"][key] for r in result.rows if key in r["timings"]]
        for key, label in (("first_token", "time to first token"), ("total", "total time"))
    }
    every = [v for values in series.values() for v in values]
    bins = np.histogram_bin_edges(every, bins=20) if every else 20
    for label, values in series.items():
        if values:
            ax.hist(values, bins=bins, alpha=0.6, label=label)
    ax.set(xlabel="seconds", ylabel="questions", title=f"Answer times over {len(result.rows)} questions")
    if ax.get_legend_handles_labels()[0]:
        ax.legend()
    return save_figure(fig, path)


def pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_figure(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    pyplot().close(fig)
    return path
