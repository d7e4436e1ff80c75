"""Tune when the assistant declines ("the indexed papers do not answer this") on the dev split.

The chain declines when the best dense cosine among its candidates is below `min_relevance` AND
the best BM25 score per query term is below `min_keyword_score` (a rare exact term is evidence
too). Both scores come from `Assistant.retrieve`, once per question, and the rule is the chain's own
`declines`; the pair
of thresholds is then chosen on dev over a grid, offline. Out-of-corpus questions should be
declined, every other question answered; the objective is accuracy over all questions (each
wrong decision costs the same: a balanced rate would weigh each of the 7 out-of-corpus questions
as much as 7 answerable ones, and trade answers away for them), ties going to the current
settings, then to the fewest false abstentions, then to the highest thresholds. The test column
is reported, not used.
Writes benchmarks/reports/abstention/{report.json,report.md,abstention.png}.

    .venv/bin/python -m benchmarks.tune_abstention
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.chain import Assistant, declines  # noqa: E402
from benchmarks.common import QUESTIONS, indexed_library, write_report  # noqa: E402
from eval.questions import Question, read_questions  # noqa: E402

DENSE = [round(0.30 + 0.01 * i, 2) for i in range(31)]  # 0.30 .. 0.60
KEYWORD = [round(0.50 + 0.05 * i, 2) for i in range(21)]  # 0.50 .. 1.50
OUT = Path(__file__).parent / "reports" / "abstention"


def rates(rows: list[dict[str, Any]], dense: float, keyword: float) -> dict[str, Any]:
    """Declined out-of-corpus questions and answered others, as shares and counts."""
    outside = [r for r in rows if r["type"] == "out-of-corpus"]
    inside = [r for r in rows if r["type"] != "out-of-corpus"]
    declined = sum(declines(r["dense"], r["keyword"], dense, keyword) for r in outside)
    false = [r["qid"] for r in inside if declines(r["dense"], r["keyword"], dense, keyword)]
    abstain = declined / max(1, len(outside))
    answer = 1 - len(false) / max(1, len(inside))
    return {
        "accuracy": round((declined + len(inside) - len(false)) / max(1, len(rows)), 4),
        "balanced_accuracy": round((abstain + answer) / 2, 4),
        "out_of_corpus_declined": f"{declined}/{len(outside)}",
        "false_abstentions": f"{len(false)}/{len(inside)}",
        "falsely_declined": false,
    }


def scores(assistant: Assistant, questions: list[Question]) -> list[dict[str, Any]]:
    rows = []
    for q in questions:
        found = assistant.retrieve(q.question)
        rows.append(
            {
                "qid": q.qid,
                "type": q.type,
                "split": q.split,
                "dense": round(found.dense, 4),
                "keyword": round(found.keyword, 4),
            }
        )
    return rows


def choose(rows: list[dict[str, Any]], now: tuple[float, float]) -> tuple[float, float]:
    dev = [r for r in rows if r["split"] == "dev"]

    def key(pair: tuple[float, float]) -> tuple[float, bool, int, float, float]:
        r = rates(dev, *pair)
        return (-r["accuracy"], pair != now, len(r["falsely_declined"]), -pair[0], -pair[1])

    return min([(d, k) for d in DENSE for k in KEYWORD] + [now], key=key)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    settings, library = indexed_library()
    rows = scores(Assistant(settings, library), read_questions(args.questions))
    now = (settings.min_relevance, settings.min_keyword_score)
    chosen = choose(rows, now)
    split = {s: [r for r in rows if r["split"] == s] for s in ("dev", "test")}
    report = {
        "tuned_on": "dev split of eval/questions.jsonl (out-of-corpus: declined; others: answered)",
        "before": {"min_relevance": now[0], "min_keyword_score": now[1]},
        "chosen": {"min_relevance": chosen[0], "min_keyword_score": chosen[1]},
        "dev": {"before": rates(split["dev"], *now), "chosen": rates(split["dev"], *chosen)},
        "test": {"before": rates(split["test"], *now), "chosen": rates(split["test"], *chosen)},
        "questions": rows,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    write_report(args.out, report, markdown(report))
    plot(args.out / "abstention.png", rows, now, chosen)
    print(json.dumps({k: v for k, v in report.items() if k != "questions"}, indent=2))
    return 0


def markdown(report: dict[str, Any]) -> str:
    b, c = report["before"], report["chosen"]
    lines = [
        "# When to decline (`python -m benchmarks.tune_abstention`)",
        "",
        f"Tuned on: {report['tuned_on']}.",
        "Objective: accuracy (each wrong decision costs the same); the test split is reported, not used.",
        "",
        "| split | thresholds (dense / keyword) | accuracy | balanced accuracy | out-of-corpus declined "
        "| false abstentions |",
        "|---|---|---|---|---|---|",
    ]
    for split in ("dev", "test"):
        for name, t in (("before", b), ("chosen", c)):
            r = report[split][name]
            lines.append(
                f"| {split} | {name}: {t['min_relevance']} / {t['min_keyword_score']} | "
                f"{r['accuracy']:.3f} | {r['balanced_accuracy']:.3f} | {r['out_of_corpus_declined']} | "
                f"{r['false_abstentions']} |"
            )
    lines += ["", "![scores](abstention.png)", ""]
    return "\n".join(lines)


def plot(
    path: Path, rows: list[dict[str, Any]], now: tuple[float, float], chosen: tuple[float, float]
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharex=True, sharey=True)
    for ax, split in zip(axes, ("dev", "test"), strict=True):
        for kind, colour, marker in (("out-of-corpus", "tab:red", "x"), ("answerable", "tab:blue", "o")):
            pts = [
                r
                for r in rows
                if r["split"] == split and (r["type"] == "out-of-corpus") == (kind == "out-of-corpus")
            ]
            ax.scatter(
                [r["dense"] for r in pts], [r["keyword"] for r in pts], c=colour, marker=marker, label=kind
            )
        for (d, k), style, name in ((now, ":", "before"), (chosen, "--", "chosen")):
            ax.plot([0, d, d], [k, k, 0], "k" + style, lw=1, label=f"{name}: declines below-left")
        ax.set_title(f"{split} split")
        ax.set_xlabel("best dense cosine")
        ax.set_xlim(0.1, 0.9)
        ax.set_ylim(0, 1.6)
    axes[0].set_ylabel("best BM25 score per query term")
    axes[0].legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    raise SystemExit(main())
