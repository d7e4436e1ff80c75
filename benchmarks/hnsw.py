"""How wide the HNSW search looks (`ef_search`): the dense candidates against an exact scan, latency, nDCG.

Chroma searches its HNSW graph with `ef_search` candidates per query (Chroma's default is 100). A
retriever asking for the top 10 papers takes 80 dense chunks (`max(8 k, candidates)`), so
a small `ef_search` decides recall: at a million chunks it found 61% of the exact 80.
This benchmark runs on the stores of `python -m benchmarks.hybrid --keep DIR` (DIR/<size>: the bundled
papers and generated distractor chunks in a real embedded Chroma, BM25 built; a missing one is
filled and built first, by that benchmark's own stages). For each size:

- the exact top `depth` chunks of every question, by a full scan of the stored vectors (once,
  in a fresh process, kept in DIR/<size>/exact-<depth>.json);
- for each `ef_search` of the grid, in a fresh process: set it on the collection as `papers index`
  does, then for every question the dense candidates (`depth`, as the retriever fetches them for
  the top 10 papers): recall@10 and recall@depth against the exact scan, on dev and test; dense and
  hybrid latency p50/p95 (`Library.search`, warm); nDCG@10 of dense and hybrid (the dense weight
  in force) on dev and test.

The choice, on dev only: the smallest `ef_search` of the grid whose dev recall@depth is at least
RECALL at every size, while hybrid p50 stays within the 150 ms budget. Writes
benchmarks/reports/hnsw/{report.json,report.md,hnsw.png}.

    python -m benchmarks.hnsw --keep DIR [--sizes 100000,1000000] [--grid 100,200,400,800,1600,3200]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from statistics import fmean
from typing import Any

import numpy as np

from benchmarks import hybrid
from benchmarks.bm25 import child as stage_child
from benchmarks.bm25 import save
from benchmarks.common import QUESTIONS  # noqa: E402
from benchmarks.scale import rss_peak_mb

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "reports" / "hnsw"
GRID = [100, 200, 400, 800, 1600, 3200]
DEPTH = 80  # dense chunks the retriever fetches for the top 10 papers: max(8 * 10, candidates)
RECALL = 0.95  # the dev recall@DEPTH the choice asks of every size
P50_BUDGET_MS = 150.0


def _questions(lib: Any) -> list[Any]:
    from eval.questions import read_questions, resolve_gold

    questions = read_questions(QUESTIONS)
    real = lib.store.get_papers(where={"format": {"$ne": "jsonl"}})
    return resolve_gold(questions, [(pid, str(m["title"])) for pid, _, m in real])


def exact(size: int, home: Path) -> dict[str, Any]:
    """In a fresh process: every question's exact top DEPTH chunk ids, by cosine over all stored vectors."""
    from index.library import Library

    lib = Library(hybrid.settings(home))
    questions = _questions(lib)
    queries = np.asarray([lib.retriever.embedder.embed_query(q.question) for q in questions], np.float32)
    t = time.perf_counter()
    best = np.full((len(questions), DEPTH), -2.0, np.float32)
    best_ids = np.empty((len(questions), DEPTH), object)
    chunks, total, page = lib.store.chunks, lib.store.chunks.count(), 20000
    for offset in range(0, total, page):
        got = chunks.get(include=["embeddings"], limit=page, offset=offset)
        vecs = np.asarray(got["embeddings"], np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        sims = np.concatenate([best, queries @ vecs.T], axis=1)
        ids = np.concatenate([best_ids, np.asarray(got["ids"], object)[None, :].repeat(len(queries), 0)], 1)
        keep = np.argsort(-sims, axis=1)[:, :DEPTH]
        best, best_ids = np.take_along_axis(sims, keep, 1), np.take_along_axis(ids, keep, 1)
    top = {q.qid: list(row) for q, row in zip(questions, best_ids.tolist(), strict=True)}
    (home / f"exact-{DEPTH}.json").write_text(json.dumps(top))
    return {"scan_s": round(time.perf_counter() - t, 1), "vectors": total, "scan_peak_mb": rss_peak_mb()}


def measure(size: int, home: Path, ef: int) -> dict[str, Any]:
    """In a fresh process: the collection set to `ef`, then recall, latency and nDCG@10 per split."""
    from benchmarks.tune_fusion import GRID as GRID_WEIGHTS
    from benchmarks.tune_fusion import ndcg, papers
    from eval.questions import select_split
    from index.library import Library
    from index.retrieval import Hit, blend

    settings = hybrid.settings(home).model_copy(update={"ef_search": ef})
    lib = Library(settings)
    lib.writable_store()  # opened as `papers index` opens it: sets the collection's ef_search
    questions = _questions(lib)
    truth = json.loads((home / f"exact-{DEPTH}.json").read_text())
    retriever = lib.retriever
    for q in questions[:5]:
        lib.search(q.question, 10, "hybrid")  # warm: the HNSW index, BM25's pages, the graph
    cands: dict[str, tuple[list[Hit], list[Hit]]] = {}
    times: dict[str, list[float]] = {"dense": [], "hybrid": []}
    for q in questions:
        vec = retriever.embedder.embed_query(q.question)
        t = time.perf_counter()
        lib.store.query(vec, DEPTH)
        times["dense"].append((time.perf_counter() - t) * 1000)  # the HNSW search alone
        t = time.perf_counter()
        lib.search(q.question, 10, "hybrid")
        times["hybrid"].append((time.perf_counter() - t) * 1000)
        cands[q.qid] = (retriever.dense(q.question, DEPTH), retriever.bm25(q.question, DEPTH))
    row: dict[str, Any] = {"ef_search": ef, "configured": lib.store.chunks.configuration["hnsw"]["ef_search"]}
    for mode, spent in times.items():
        cut = np.percentile(spent, [50, 95])
        row[f"{mode}_p50_ms"], row[f"{mode}_p95_ms"] = round(float(cut[0]), 2), round(float(cut[1]), 2)
    splits = {name: select_split(questions, name) for name in ("dev", "test")}

    def recall(qs: list[Any], k: int) -> float:
        return round(
            fmean(len({h.chunk_id for h in cands[q.qid][0][:k]} & set(truth[q.qid][:k])) / k for q in qs), 4
        )

    def blended(qs: list[Any], weight: float) -> float:
        return round(ndcg(qs, {q.qid: papers(blend(*cands[q.qid], weight)) for q in qs}), 4)

    for name, qs in splits.items():
        row[name] = {
            "recall@10": recall(qs, 10),
            f"recall@{DEPTH}": recall(qs, DEPTH),
            "ndcg@10_dense": round(ndcg(qs, {q.qid: papers(cands[q.qid][0]) for q in qs}), 4),
            "ndcg@10_hybrid": blended(qs, settings.dense_weight),
        }
    # does the dense weight in force stay right as the dense side finds more?
    row["blend_ndcg_by_weight"] = {
        str(w): {name: blended(qs, w) for name, qs in splits.items()} for w in GRID_WEIGHTS
    }
    row["peak_mb"] = rss_peak_mb()
    return row


def choose(rows: list[dict[str, Any]], grid: list[int]) -> int | None:
    """The smallest ef_search with dev recall@DEPTH >= RECALL and hybrid p50 within budget at every size.

    Example:
        >>> choose([{"efs": [{"ef_search": 100, "dev": {"recall@80": .9}, "hybrid_p50_ms": 9},
        ...                  {"ef_search": 200, "dev": {"recall@80": .97}, "hybrid_p50_ms": 9}]}], [100, 200])
        200
    """
    for ef in grid:
        cells = [e for r in rows for e in r["efs"] if e["ef_search"] == ef]
        if len(cells) == len(rows) and all(
            e["dev"][f"recall@{DEPTH}"] >= RECALL and e["hybrid_p50_ms"] <= P50_BUDGET_MS for e in cells
        ):
            return ef
    return None


def child(stage: str, size: int, home: Path, ef: int = 0) -> dict[str, Any]:
    return stage_child(stage if not ef else f"{stage}:{ef}", size, home, 0, module="benchmarks.hnsw")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="the hybrid benchmark's folder (DIR/<size>); required")
    parser.add_argument("--sizes", default="100000,1000000", help="chunks, comma-separated")
    parser.add_argument("--grid", default=",".join(map(str, GRID)), help="ef_search values, comma-separated")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        name, _, ef = args.stage.partition(":")
        done = exact(args.size, args.home) if name == "exact" else measure(args.size, args.home, int(ef))
        print(json.dumps(done))
        return 0
    if args.keep is None:
        parser.error("--keep DIR is required: the stores are kept there (a missing one is built first)")
    grid = sorted(int(g) for g in args.grid.split(","))
    rows: list[dict[str, Any]] = []
    for size in [int(s) for s in args.sizes.split(",")]:
        home = args.keep / str(size)
        home.mkdir(parents=True, exist_ok=True)
        row: dict[str, Any] = {"chunks": size}
        for stage in ("fill", "bm25"):  # a kept, filled store is found up to date
            print(f"size {size}: {stage}", file=sys.stderr, flush=True)
            hybrid.child(stage, size, home, 0)
        if not (home / f"exact-{DEPTH}.json").is_file():
            print(f"size {size}: exact scan", file=sys.stderr, flush=True)
            row["exact"] = child("exact", size, home)
        row["efs"] = []
        for ef in grid:
            print(f"size {size}: ef_search {ef}", file=sys.stderr, flush=True)
            row["efs"].append(child("measure", size, home, ef))
            print(json.dumps(row["efs"][-1]), file=sys.stderr, flush=True)
        rows.append(row)
        save(args.out, rows, markdown(rows, grid))
    plot(rows, args.out / "hnsw.png")
    return 0


def markdown(rows: list[dict[str, Any]], grid: list[int]) -> str:
    chosen = choose(rows, grid)
    lines = [
        "# HNSW search breadth (`python -m benchmarks.hnsw`)",
        "",
        "The hybrid benchmark's stores (a real embedded Chroma: the bundled papers and generated distractor",
        "chunks, their vectors composed from real embeddings of their two halves), searched with each",
        f"`ef_search` in a fresh process. Recall of the dense candidate list ({DEPTH} chunks, what the",
        "retriever fetches for the top 10 papers) against an exact scan of every stored vector; latency",
        "warm, 2 cores; nDCG@10 at paper level, hybrid at the dense weight in force (benchmarks/hnsw.py).",
        "",
        f"Rule, on dev only: the smallest `ef_search` whose dev recall@{DEPTH} is at least {RECALL} at every",
        f"size, with hybrid p50 within {P50_BUDGET_MS:.0f} ms. Chosen: **{chosen}**.",
        "",
        f"| chunks | ef_search | recall@10 dev / test | recall@{DEPTH} dev / test "
        "| dense search p50 / p95 ms | hybrid p50 / p95 ms "
        "| nDCG@10 dense dev / test | nDCG@10 hybrid dev / test |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        for e in r["efs"]:
            d, t = e["dev"], e["test"]
            lines.append(
                f"| {r['chunks']:,} | {e['ef_search']} | {d['recall@10']:.3f} / {t['recall@10']:.3f} | "
                f"{d[f'recall@{DEPTH}']:.3f} / {t[f'recall@{DEPTH}']:.3f} | "
                f"{e['dense_p50_ms']} / {e['dense_p95_ms']} | {e['hybrid_p50_ms']} / {e['hybrid_p95_ms']} | "
                f"{d['ndcg@10_dense']:.3f} / {t['ndcg@10_dense']:.3f} | "
                f"{d['ndcg@10_hybrid']:.3f} / {t['ndcg@10_hybrid']:.3f} |"
            )
    weights = list(rows[0]["efs"][0]["blend_ndcg_by_weight"]) if rows and rows[0]["efs"] else []
    lines += [
        "",
        "The blend's nDCG@10 by dense weight (dev / test), to see whether the weight in force stays right",
        "as the dense side finds more (benchmarks/tune_fusion.py chooses it):",
        "",
        "| chunks | ef_search | " + " | ".join(weights) + " |",
        "|---|---|" + "---|" * len(weights),
    ]
    for r in rows:
        for e in r["efs"]:
            cells = [f"{v['dev']:.3f} / {v['test']:.3f}" for v in e["blend_ndcg_by_weight"].values()]
            lines.append(f"| {r['chunks']:,} | {e['ef_search']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    """Dev recall@DEPTH and dense search p50 against ef_search, a line per size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for r in rows:
        efs = [e["ef_search"] for e in r["efs"]]
        left.plot(efs, [e["dev"][f"recall@{DEPTH}"] for e in r["efs"]], marker="o", label=f"{r['chunks']:,}")
        right.plot(efs, [e["dense_p50_ms"] for e in r["efs"]], marker="o", label=f"{r['chunks']:,}")
    left.axhline(RECALL, color="grey", linestyle=":")
    left.set(xscale="log", xlabel="ef_search", ylabel=f"dev recall@{DEPTH} vs exact", title="recall")
    right.set(xscale="log", xlabel="ef_search", ylabel="dense search p50 ms", title="latency")
    for ax in (left, right):
        ax.legend(title="chunks")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    raise SystemExit(main())
