"""Evaluation reports: TREC runs, report.md, report.json, PNG plots (matplotlib, Agg) and summary tables."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path
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


def write_retrieval(result: RetrievalEval, out: Path) -> list[Path]:
    """`<mode>.run` per mode, report.md, report.json, metrics.png and wins.png (when modes are compared)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for mode, r in result.modes.items():
        lines = [
            f"{qid} Q0 {pid} {rank} {score:.8f} papers-{mode}\n"
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
    written += [_json(out / "report.json", data), _text(out / "report.md", retrieval_markdown(result))]
    written.append(
        _interval_plot(
            out / "metrics.png",
            {m: (r.means, r.intervals) for m, r in result.modes.items()},
            result.measures,
            f"Retrieval: mean over {len(result.scored)} questions with 95% bootstrap CI",
            "mean score",
        )
    )
    if result.comparisons:
        written.append(_wins_plot(out / "wins.png", result))
    return written


def retrieval_markdown(result: RetrievalEval) -> str:
    info, n = result.info, len(result.scored)
    types = _count(q.type for q in result.questions if q.qid in set(result.scored))
    lines = [
        "# Retrieval evaluation",
        "",
        *_header(info),
        f"Questions: {len(result.questions)}; scored {n} ({types}); out-of-corpus (not scored) "
        f"{len(result.unanswerable)}. Ranking depth {result.depth}.",
        "",
        f"## Measures: mean over the {n} scored questions [95% bootstrap CI]",
        "",
        _row(["mode", *result.measures, "search s"]),
        _row(["---"] * (len(result.measures) + 2)),
    ]
    for mode, r in result.modes.items():
        cells = [_ci(r.means[m], r.intervals[m]) for m in result.measures]
        lines.append(_row([mode, *cells, f"{r.seconds:.1f}"]))
    if result.comparisons:
        lines += [
            "",
            "## Paired comparisons on per-question nDCG@10",
            "",
            _row(["a vs b", "mean a - b [95% CI]", "wins / losses / ties", "p", "p (Holm)"]),
            _row(["---"] * 5),
        ]
        lines += [
            _row(
                [
                    f"{c.a} vs {c.b}",
                    _ci(c.difference, c.interval),
                    f"{c.wins} / {c.losses} / {c.ties}",
                    _p(c.p),
                    _p(c.p_holm),
                ]
            )
            for c in result.comparisons
        ]
    lines += [
        "",
        "## By question type (means)",
        "",
        _row(["type", "n", "mode", *result.measures]),
        _row(["---"] * (len(result.measures) + 3)),
    ]
    for mode, r in result.modes.items():
        for t, means in r.by_type.items():
            lines.append(_row([t, str(int(means["n"])), mode, *[f"{means[m]:.3f}" for m in result.measures]]))
    lines += [
        "",
        "## Out-of-corpus questions",
        "",
        "They have no relevant paper, so every ranking measure would be 0 whatever the mode returns: "
        "they are left out of the means above. Whether the assistant declines them is measured by "
        "`papers eval answers`; here is the signal it declines on, the best dense cosine, against "
        f"min_relevance = {result.min_relevance}.",
        "",
    ]
    if result.unanswerable:
        lines += [
            _row(["qid", "question", "top dense cosine", f"< {result.min_relevance}"]),
            _row(["---"] * 4),
        ]
        lines += [
            _row(
                [
                    u["qid"],
                    u["question"],
                    _num(u["top_dense_cosine"]),
                    "yes" if u["below_min_relevance"] else "no",
                ]
            )
            for u in result.unanswerable
        ]
        below = sum(u["below_min_relevance"] for u in result.unanswerable)
        lines += ["", f"{below} of {len(result.unanswerable)} out-of-corpus questions fall below it."]
    low = f" ({', '.join(result.low_cosine)})." if result.low_cosine else "."
    lines += [
        "",
        "Answerable questions whose best dense cosine is below it (would be declined wrongly): "
        f"{len(result.low_cosine)} of {n}{low}",
        "",
        "## How the figures are computed",
        "",
        *_method(info),
        "",
        "## Per question (nDCG@10)",
        "",
        _row(["qid", "type", *result.modes]),
        _row(["---"] * (len(result.modes) + 2)),
    ]
    qtype = {q.qid: q.type for q in result.questions}
    lines += [
        _row([qid, qtype[qid], *[f"{r.scores['nDCG@10'][qid]:.3f}" for r in result.modes.values()]])
        for qid in result.scored
    ]
    return "\n".join(lines) + "\n"


def _method(info: dict[str, Any]) -> list[str]:
    resamples, seed = info.get("resamples", 2000), info.get("seed", 0)
    return [
        "- Measures by pytrec_eval through ir-measures, on paper-level rankings (each paper once), graded "
        "gold (2 relevant, 1 partly relevant): nDCG@10 uses the grades as gains; recall, RR and AP count "
        "grade >= 1.",
        "- RR@10 is pytrec_eval's recip_rank over the top 10 (its recip_rank has no cutoff). AP is over the "
        "retrieved depth.",
        "- The rankings are scored in the order the assistant returns them (trec_eval would reorder tied "
        "scores by paper_id); the `.run` files hold the modes' own scores. A question with no hits scores 0.",
        f"- Intervals: percentile bootstrap of the mean, questions resampled with replacement, {resamples} "
        f"resamples, seed {seed}; the same resamples for every mode (paired).",
        "- p: two-sided paired randomization test (10000 random sign flips of the per-question nDCG@10 "
        f"differences, seed {seed}); p (Holm) adjusts for the number of pairs.",
    ]


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
        _json(out / "report.json", data),
        _text(out / "report.md", answers_markdown(result)),
        _interval_plot(
            out / "metrics.png",
            {"answers": (means, result.intervals)},
            shown,
            f"Answers: {len(result.rows)} questions, mean with 95% bootstrap CI",
            "mean (share)",
        ),
        _timings_plot(out / "timings.png", result),
    ]


def answers_markdown(result: AnswerEval) -> str:
    models = _count(" ".join((r["backend"], r["model"])) for r in result.rows) or "n/a"
    lines = [
        "# Answer evaluation",
        "",
        *_header(result.info),
        f"Questions: {len(result.rows)} ({_count(r['type'] for r in result.rows)}); declined "
        f"{sum(r['declined'] for r in result.rows)}; "
        f"errors {sum(bool(r['error']) for r in result.rows)}. "
        f"Answered by: {models}.",
        "",
        "## Scores: mean over the questions each applies to [95% bootstrap CI]",
        "",
        _row(["score", "mean [95% CI]", "questions"]),
        _row(["---"] * 3),
    ]
    for n in ANSWER_SCORES:
        lines.append(
            _row([n, _ci(result.means.get(n), result.intervals.get(n)), str(result.counts.get(n, 0))])
        )
    stats = ("mean", "median", "p90", "max")
    lines += ["", "## Time (seconds)", "", _row(["", *stats]), _row(["---"] * 5)]
    lines += [_row([k, *[f"{v[s]:.2f}" for s in stats]]) for k, v in result.timing.items()]
    types = list(result.by_type)
    lines += [
        "",
        "## By question type (means)",
        "",
        _row(["score", *types]),
        _row(["---"] * (len(types) + 1)),
    ]
    lines += [_row([n, *[_num(result.by_type[t].get(n)) for t in types]]) for n in ANSWER_SCORES]
    lines += [
        "",
        "## How the figures are computed",
        "",
        "- citation_validity: distinct cited numbers that were sources / (those + the numbers the "
        "chain removed as invented); citation_precision / recall: cited papers against the gold papers "
        "(grade >= 1), answerable questions only.",
        "- supported / added / contradicted / unsupported: shares of the model's sentences that make a "
        "claim (the verifier's statuses; no-claim sentences left out); verified = supported + added, the "
        "sentences shown as the answer. verified_with_wrong_number: verified sentences holding a number "
        "their cited source lacks (must be 0).",
        "- abstention_accuracy: out-of-corpus questions the assistant declined; false_abstention: "
        "answerable questions it declined. nugget_recall: nuggets found in what is shown (the "
        "evidence quotes and the verified answer), numbers compared by value; fact_stated: every nugget "
        "of the question found there (questions with nuggets); fact_in_evidence: in the quotes alone; "
        "fact_in_draft: in the model's own text, unchecked (what the app showed before evidence-first "
        "answers: the baseline, from the same run).",
        "- Each mean is over the questions the score applies to (the `questions` column); intervals: "
        f"percentile bootstrap of questions, {result.info.get('resamples', 2000)} resamples, "
        f"seed {result.info.get('seed', 0)}.",
    ]
    return "\n".join(lines) + "\n"


def retrieval_table(result: RetrievalEval) -> Any:
    """A rich table of the measures per mode, and the p-values under it."""
    from rich.table import Table

    table = Table(title=f"Retrieval: {len(result.scored)} questions, mean [95% CI]")
    for col in ("mode", *result.measures):
        table.add_column(col)
    for mode, r in result.modes.items():
        table.add_row(mode, *[_ci(r.means[m], r.intervals[m], "\n") for m in result.measures])
    caption = [
        f"{c.a} vs {c.b}: nDCG@10 {c.difference:+.3f}, p {_p(c.p)} (Holm {_p(c.p_holm)})"
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
        table.add_row(n, _ci(result.means.get(n), result.intervals.get(n)), str(result.counts.get(n, 0)))
    for k, v in result.timing.items():
        table.add_row(k, f"mean {v['mean']:.2f}, median {v['median']:.2f}, p90 {v['p90']:.2f}", "")
    return table


def _interval_plot(
    path: Path,
    series: dict[str, tuple[dict[str, float], dict[str, tuple[float, float]]]],
    names: list[str],
    title: str,
    ylabel: str,
) -> Path:
    """Grouped bars: one group per measure, one bar per series, 95% intervals as error bars."""
    plt = _pyplot()
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
    return _save(fig, path)


def _wins_plot(path: Path, result: RetrievalEval) -> Path:
    """Per-question nDCG@10 differences of hybrid against each other mode, sorted."""
    plt = _pyplot()
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
            title=f"{c.a} vs {c.b}: {c.wins} wins, {c.losses} losses, {c.ties} ties (p {_p(c.p)})",
        )
    return _save(fig, path)


def _timings_plot(path: Path, result: AnswerEval) -> Path:
    import numpy as np

    plt = _pyplot()
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
    return _save(fig, path)


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    _pyplot().close(fig)
    return path


def _header(info: dict[str, Any]) -> list[str]:
    if not info:
        return []
    corpus, q, s = info["corpus"], info["questions"], info["settings"]
    return [
        f"Date {info['date']}; question file `{q['file']}` (split {q['split']}, sha256 {q['sha256'][:12]}).",
        f"Corpus: {corpus['papers']} papers, {corpus['chunks']} chunks, paper_ids sha256 "
        f"{corpus['paper_ids_sha256'][:12]}; embedding model {info['embedding_model']}.",
        "Settings: " + ", ".join(f"{k} {v}" for k, v in sorted(s.items())) + ".",
        "",
    ]


def _json(path: Path, data: Any) -> Path:
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


def _text(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _ci(mean: float | None, interval: tuple[float, float] | None, sep: str = " ") -> str:
    if mean is None:
        return "n/a"
    if not interval or any(math.isnan(x) for x in interval):
        return f"{mean:.3f}"
    return f"{mean:.3f}{sep}[{interval[0]:.3f}, {interval[1]:.3f}]"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _p(p: float) -> str:
    return f"{p:.4f}" if p >= 0.0001 else "<0.0001"


def _count(items: Any) -> str:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
