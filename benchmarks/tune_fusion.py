"""Tune the hybrid blend's dense weight on the dev split; report dev and test beside BM25, dense and RRF.

Every question's dense and BM25 candidates are retrieved once (as `papers search` does for 10
papers), then fused under each weight of a grid, offline. nDCG@10 at paper level, on the graded
gold of eval/questions.jsonl. The weight is chosen on dev only; the test column is reported, not
used. The choice must hold as the corpus grows, so the dev figures of the scale benchmark
(benchmarks/reports/scale/report.json: the same grid at 1k to 100k chunks) and of the hybrid benchmark
(benchmarks/reports/hybrid/report.json: at 1M chunks) count too: the chosen weight
is the one whose smallest gain over the better single retriever (weight 0 or 1), across the
bundled corpus and every size, is largest. Writes
benchmarks/reports/fusion/{report.json,report.md,fusion.png}.

    .venv/bin/python -m benchmarks.tune_fusion
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from statistics import fmean
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from benchmarks.common import QUESTIONS, indexed_library, write_report  # noqa: E402
from eval.metrics import ranking_scores  # noqa: E402
from eval.questions import Question, read_questions, resolve_gold, select_split  # noqa: E402
from index.retrieval import Hit, blend, fuse  # noqa: E402

GRID = [round(0.1 * i, 1) for i in range(11)]
K = 10


def papers(hits: list[Hit]) -> list[str]:
    """Paper ids by their best chunk, as Retriever.papers ranks them."""
    best: dict[str, float] = {}
    for h in hits:
        best.setdefault(h.paper_id, h.score)
    return sorted(best, key=lambda p: -best[p])[:K]


def ndcg(questions: list[Question], ranking: dict[str, list[str]]) -> float:
    scored = [q for q in questions if any(g > 0 for g in q.gold.values())]
    qrels = {q.qid: dict(q.gold) for q in scored}
    scores = ranking_scores(qrels, {q.qid: ranking[q.qid] for q in scored}, ["nDCG@10"])
    return fmean(scores["nDCG@10"].values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "reports" / "fusion")
    parser.add_argument(
        "--scale", type=Path, default=Path(__file__).parent / "reports" / "scale" / "report.json"
    )
    parser.add_argument(
        "--hybrid", type=Path, default=Path(__file__).parent / "reports" / "hybrid" / "report.json"
    )
    args = parser.parse_args(argv)
    settings, library = indexed_library()
    records = library.store.get_papers()
    questions = resolve_gold(read_questions(args.questions), [(p, str(m["title"])) for p, _, m in records])
    depth = max(K * 8, settings.candidates)
    retriever = library.retriever
    candidates = {
        q.qid: (retriever.dense(q.question, depth), retriever.bm25(q.question, depth)) for q in questions
    }
    splits = {name: select_split(questions, name) for name in ("dev", "test")}

    def score(fused: dict[str, list[str]]) -> dict[str, float]:
        return {name: ndcg(qs, fused) for name, qs in splits.items()}

    rows: dict[str, dict[str, float]] = {
        "bm25": score({qid: papers(s) for qid, (_, s) in candidates.items()}),
        "dense": score({qid: papers(d) for qid, (d, _) in candidates.items()}),
        f"rrf (k={settings.rrf_k})": score(
            {qid: papers(fuse([d, s], settings.rrf_k)) for qid, (d, s) in candidates.items()}
        ),
    }
    blends = {w: score({qid: papers(blend(d, s, w)) for qid, (d, s) in candidates.items()}) for w in GRID}
    # dev only: at each corpus size, the gain over the better of BM25 alone (0) and dense alone (1)
    sizes = {"bundled": {str(w): v["dev"] for w, v in blends.items()}}
    for row in scale_rows(args.scale, args.hybrid):
        sizes[f"{row['chunks']:,} chunks"] = {w: v["dev"] for w, v in row["blend_ndcg_by_weight"].items()}
    gains = {
        w: {name: dev[str(w)] - max(dev["0.0"], dev["1.0"]) for name, dev in sizes.items()} for w in GRID
    }
    # the largest smallest gain; among ties, the weight nearest an even blend
    chosen = max(GRID, key=lambda w: (round(min(gains[w].values()), 4), -abs(w - 0.5)))
    result: dict[str, Any] = {
        "questions": {name: len(qs) for name, qs in splits.items()},
        "depth": depth,
        "baselines": rows,
        "blend": {str(w): v for w, v in blends.items()},
        "chosen_dense_weight": chosen,
        "chosen": blends[chosen],
        "dev_gain_by_size": {str(w): {k: round(v, 4) for k, v in g.items()} for w, g in gains.items()},
    }
    args.out.mkdir(parents=True, exist_ok=True)
    write_report(args.out, result, markdown(result))
    plot(result, args.out / "fusion.png")
    print(markdown(result))
    return 0


def scale_rows(scale: Path, hybrid: Path) -> list[dict[str, Any]]:
    """Each measured size's weight grid: the scale benchmark's rows, then the hybrid benchmark's (1M).

    Example:
        >>> scale_rows(Path("absent.json"), Path("absent.json"))
        []
    """
    rows: list[dict[str, Any]] = []
    if scale.is_file():
        rows += json.loads(scale.read_text())["sizes"]
    if hybrid.is_file():
        for row in json.loads(hybrid.read_text())["sizes"]:
            if "blend_ndcg_by_weight" in row.get("scale_reader", {}):
                rows.append({"chunks": row["chunks"], **row["scale_reader"]})
    return [r for r in rows if r.get("store", "embedded") == "embedded"]


def markdown(r: dict[str, Any]) -> str:
    lines = [
        "# Hybrid fusion: the dense weight, tuned on dev (`python -m benchmarks.tune_fusion`)",
        "",
        f"nDCG@10 at paper level; {r['questions']['dev']} dev and {r['questions']['test']} test questions "
        f"(eval/questions.jsonl), {r['depth']} candidates from each retriever. Chosen on dev, over "
        "the bundled corpus and the scale benchmark's sizes (1M from the hybrid benchmark): "
        f"**dense_weight {r['chosen_dense_weight']}** "
        "(Settings.dense_weight).",
        "",
        "| ranking | dev | test |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {v['dev']:.3f} | {v['test']:.3f} |" for name, v in r["baselines"].items()]
    lines += [
        f"| blend, dense weight {w}{' (chosen)' if float(w) == r['chosen_dense_weight'] else ''} | "
        f"{v['dev']:.3f} | {v['test']:.3f} |"
        for w, v in r["blend"].items()
    ]
    names = list(next(iter(r["dev_gain_by_size"].values())))
    lines += [
        "",
        "Dev gain over the better single retriever, by corpus size (the choice: the largest smallest gain):",
        "",
        "| dense weight | " + " | ".join(names) + " | smallest |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for w, g in r["dev_gain_by_size"].items():
        mark = " (chosen)" if float(w) == r["chosen_dense_weight"] else ""
        cells = " | ".join(f"{g[n]:+.3f}" for n in names)
        lines.append(f"| {w}{mark} | {cells} | {min(g.values()):+.3f} |")
    return "\n".join([*lines, "", "![nDCG@10 by dense weight](fusion.png)", ""])


def plot(r: dict[str, Any], path: Path) -> None:
    from eval.report_plots import pyplot, save_figure

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    weights = [float(w) for w in r["blend"]]
    for split, style in (("dev", "-o"), ("test", "--s")):
        ax.plot(weights, [v[split] for v in r["blend"].values()], style, label=f"blend ({split})")
    for name, v in r["baselines"].items():
        if name.startswith("rrf"):
            ax.axhline(v["dev"], color="grey", linestyle=":", label=f"{name} (dev)")
    ax.axvline(r["chosen_dense_weight"], color="black", linewidth=0.8)
    ax.set_xlabel("dense weight (0 = BM25 only, 1 = dense only)")
    ax.set_ylabel("nDCG@10")
    ax.legend(fontsize=8)
    save_figure(fig, path)


if __name__ == "__main__":
    sys.exit(main())
