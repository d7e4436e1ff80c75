"""BM25 alone at a million chunks: build peak, a reader's memory and latency, and the catch-up
after 100 more papers.

Filling Chroma to 1M chunks is out of reach on this 2-core machine (the scale benchmark imports at
about 150 chunks/s, about two hours for the store alone), so this benchmark measures the BM25 half
of the 1M targets without it. `index.sparse.Sparse` reads a store only through five calls
(generation, chunk_pages, chunk_ids, chunks_by_id, all_chunks); `PageStore` answers them from the
scale benchmark's generated distractors, made on the fly from their number, so that no list of
texts sits in memory that a real store would not hold either. Each stage runs in a fresh process,
and its peak RSS (VmHWM) is its own.

    python -m benchmarks.bm25 [--sizes 100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from statistics import quantiles
from typing import Any

from benchmarks.common import (
    QUESTIONS,  # noqa: E402
    write_report,  # noqa: E402
)
from benchmarks.scale import distractor, pool_texts, rss_peak_mb
from index.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "reports" / "bm25"
ADDED = 100


@cache
def _pool() -> list[tuple[str, list[str]]]:
    return pool_texts()


def chunk(i: int) -> tuple[str, str, dict[str, Any]]:
    """Chunk i: (id, text, metadata), the same on every call.

    Example:
        >>> chunk(7)[0], chunk(7)[2]["paper_id"], chunk(7) == chunk(7)
        ('d7', 'p7', True)
    """
    record, _, _ = distractor(i, _pool())
    meta = {"paper_id": f"p{i}", "title": record["title"], "position": 0, "format": "jsonl"}
    return f"d{i}", record["abstract"], meta


class PageStore:
    """The store calls BM25 makes, over distractor chunks 0..size-1 (see the module's notes)."""

    def __init__(self, size: int, home: Path) -> None:
        self.size = size
        self.settings = Settings(home=home, chroma_url=None, collection="bench-bm25")

    @property
    def generation(self) -> str:
        return f"bench-{self.size}"

    def chunk_pages(self, size: int = 5000) -> Iterator[tuple[list[str], list[str], list[dict[str, Any]]]]:
        for start in range(0, self.size, size):
            rows = [chunk(i) for i in range(start, min(start + size, self.size))]
            yield [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    def chunk_ids(self, where: dict[str, Any] | None = None) -> set[str]:
        return {f"d{i}" for i in range(self.size)}

    def chunks_by_id(self, ids: list[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        out = {}
        for cid in ids:
            i = int(cid[1:])
            if i < self.size:
                _, text, meta = chunk(i)
                out[cid] = (text, meta)
        return out

    def all_chunks(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        rows = [chunk(i) for i in range(self.size)]
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def _sparse(size: int, home: Path) -> Any:
    from index.sparse import Sparse

    store = PageStore(size, home)
    return Sparse(store, home / "bm25")  # type: ignore[arg-type]  # the five calls BM25 makes


def build(size: int, home: Path) -> dict[str, Any]:
    """In a fresh process: a full build, streamed."""
    t = time.perf_counter()
    view = _sparse(size, home).ensure()
    return {"build_s": round(time.perf_counter() - t, 1), "docs": view.main.docs, "peak_mb": rss_peak_mb()}


def read(size: int, home: Path, queries: int) -> dict[str, Any]:
    """In a fresh process: open the saved index (memory-mapped), search, then catch up with 100
    more papers written after it opened."""
    from eval.questions import read_questions

    sparse = _sparse(size, home)
    t = time.perf_counter()
    sparse.ensure()
    open_s = time.perf_counter() - t
    texts = [q.question for q in read_questions(QUESTIONS)][:queries]
    for q in texts[:5]:
        sparse.search(q, 10)
    times = []
    for q in texts:
        t = time.perf_counter()
        sparse.search(q, 10)
        times.append((time.perf_counter() - t) * 1000)
    cuts = quantiles(times, n=20)
    peak = rss_peak_mb()
    sparse.store.size = size + ADDED  # 100 papers (one chunk each) written after the reader opened
    t = time.perf_counter()
    view = sparse.ensure()
    catch_up = time.perf_counter() - t
    found = sparse.search(chunk(size + ADDED - 1)[1], 1)
    return {
        "open_s": round(open_s, 2),
        "p50_ms": round(cuts[9], 2),
        "p95_ms": round(cuts[18], 2),
        "reader_peak_mb": peak,
        "catch_up_s": round(catch_up, 2),
        "delta_docs": len(view.delta.ids),
        "new_paper_found": bool(found and found[0][0] == f"d{size + ADDED - 1}"),
        "mmap": type(view.main.scores.data).__name__ if view.main.scores else "none",
    }


def child(stage: str, size: int, home: Path, queries: int, module: str = __name__) -> dict[str, Any]:
    """One stage of a benchmark (`module`'s --stage) in a fresh process: its peak RSS is its own."""
    module = "benchmarks.bm25" if module == "__main__" else module
    cmd = [sys.executable, "-m", module, "--stage", stage, "--size", str(size)]
    cmd += ["--home", str(home), "--queries", str(queries)]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="chunks, comma-separated")
    parser.add_argument("--queries", type=int, default=108, help="questions timed")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--stage", choices=["build", "read"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage == "build":
        print(json.dumps(build(args.size, args.home)))
        return 0
    if args.stage == "read":
        print(json.dumps(read(args.size, args.home, args.queries)))
        return 0
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory(prefix=f"bm25-{size}-") as tmp:
            print(f"size {size}: building", file=sys.stderr, flush=True)
            built = child("build", size, Path(tmp), args.queries)
            print(f"size {size}: {built}; reading", file=sys.stderr, flush=True)
            row = {"chunks": size, **built, **child("read", size, Path(tmp), args.queries)}
            row["disk_mb"] = round(
                sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file()) / 1e6, 1
            )
        row["catch_up_share_of_build"] = round(row["catch_up_s"] / row["build_s"], 4)
        print(json.dumps(row), file=sys.stderr, flush=True)
        rows.append(row)
    save(args.out, rows, markdown(rows))
    return 0


def save(out: Path, rows: list[dict[str, Any]], text: str) -> None:
    """report.json (the rows) and report.md (`text`) in `out`, and the text on stdout."""
    out.mkdir(parents=True, exist_ok=True)
    write_report(out, {"sizes": rows}, text)
    print(text)


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "# BM25 alone at scale (`python -m benchmarks.bm25`)",
        "",
        "Generated distractor chunks (the scale benchmark's), streamed to the real `index.sparse` through a",
        "page store; no Chroma (see benchmarks/bm25.py). Each stage in a fresh process on 2 cores.",
        "",
        "| chunks | build s | build peak MB | disk MB | reader opens s | reader peak MB | p50 / p95 ms "
        "| +100 papers s (share of build) | new paper found |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['chunks']:,} | {r['build_s']} | {r['peak_mb']:.0f} | {r['disk_mb']} | {r['open_s']} | "
            f"{r['reader_peak_mb']:.0f} | {r['p50_ms']} / {r['p95_ms']} | {r['catch_up_s']} "
            f"({100 * r['catch_up_share_of_build']:.1f}%) | {'yes' if r['new_paper_found'] else 'no'} |"
        )
    lines += [
        "",
        "Targets at 1M chunks (issue 13): BM25 build peak ≤ 4 GB; adding 100 papers < 5% of a full build.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
