"""Scale benchmark: how indexing, memory, disk, latency and retrieval quality grow with the corpus.

Run `python -m benchmarks.scale [--sizes 1000,10000,100000,1000000]`. Writes
benchmarks/reports/scale/{report.json,report.md,latency.png,quality.png}.

Each corpus is the 126 bundled papers (indexed as users index them, real embeddings) plus
generated distractors up to the size in chunks, imported through the product's bulk path
(`Library.index([file.jsonl])`, the arXiv snapshot format). No real collection of that size is
reachable offline, so the distractors are generated, and said to be:
- text: a word-bigram Markov chain trained on the bundled titles and abstracts, so distractors
  use the same ML vocabulary as the real papers (hard for BM25 and for the embedder alike);
- vectors: up to `--real-upto` chunks, every distractor chunk is embedded for real, through the
  ONNX graph, before the size runs (`real_vectors`: cached in eval/.cache in blocks, so a stopped
  run resumes); the import then looks each chunk's vector up by its exact text. Above that, 1M
  real embeddings would take most of a day on two cores: a pool of distractor texts is embedded
  for real once (cached); distractor i joins the first half of pool text a with the second half
  of pool text b, and its vector is the normalised sum of a's and b's real vectors. MiniLM
  mean-pools its tokens, so this is close to embedding the joined text; the report gives the
  measured cosine between the two on a sample.
So indexing throughput here is that of everything but the model (chunking, the store, the
paper records); the real embedder's own throughput is measured too, and the report gives both.

Each size runs in its own process over its own data folder, so peak memory (VmHWM) is that
size's. Quality: nDCG@10 and R@10 of every mode on the team's questions (eval/questions.jsonl,
both splits), the same questions at each size.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parents[1]

import numpy as np  # noqa: E402
from helpers.servers import ChromaServer  # noqa: E402

from benchmarks.common import QUESTIONS  # noqa: E402
from eval.metrics import quantile  # noqa: E402
from index.corpus import bundled_papers  # noqa: E402
from index.embeddings import Embedder  # noqa: E402
from index.papers import words  # noqa: E402
from index.settings import MODES, Settings  # noqa: E402

OUT = ROOT / "benchmarks" / "reports" / "scale"
CACHE = ROOT / "eval" / ".cache"
POOL = 3000
CATEGORIES = ["cs.CL", "cs.CV", "cs.LG", "cs.AI", "stat.ML", "cs.IR", "cs.RO", "eess.AS"]


# -- generated distractors ------------------------------------------------------------------
class Markov:
    """A word-bigram chain over the bundled titles and abstracts."""

    def __init__(self, seed: int = 0) -> None:
        self.next: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        self.title_next: dict[str, list[str]] = defaultdict(list)
        self.title_starts: list[str] = []
        for p in bundled_papers():
            for sentence in re.split(r"(?<=[.!?])\s+", p.text):
                self._learn(sentence.split(), self.next, self.starts)
            if not p.title_derived:
                self._learn(p.title.split(), self.title_next, self.title_starts)
        self.rng = random.Random(seed)

    @staticmethod
    def _learn(tokens: list[str], table: dict[str, list[str]], starts: list[str]) -> None:
        if len(tokens) < 3:
            return
        starts.append(tokens[0])
        for a, b in zip(tokens, tokens[1:] + ["<end>"], strict=True):
            table[a].append(b)

    def _walk(self, table: dict[str, list[str]], starts: list[str], max_words: int) -> str:
        out = [self.rng.choice(starts)]
        while len(out) < max_words and (nxt := self.rng.choice(table.get(out[-1]) or ["<end>"])) != "<end>":
            out.append(nxt)
        return " ".join(out)

    def abstract(self, sentences: int = 4) -> list[str]:
        return [self._walk(self.next, self.starts, 28).rstrip(".") + "." for _ in range(sentences)]

    def title(self) -> str:
        return self._walk(self.title_next, self.title_starts, 10).rstrip(".:,")


def pool_texts(seed: int = 0) -> list[tuple[str, list[str]]]:
    """POOL (title, sentences) pairs: the texts whose real embeddings every distractor is made of."""
    chain = Markov(seed)
    return [(chain.title(), chain.abstract()) for _ in range(POOL)]


def distractor(i: int, pool: list[tuple[str, list[str]]]) -> tuple[dict[str, Any], int, int]:
    """Distractor i as an arXiv snapshot record, and the two pool texts it is made of."""
    rng = random.Random(i)
    a, b = rng.randrange(POOL), rng.randrange(POOL)
    (title_a, sents_a), (_, sents_b) = pool[a], pool[b]
    abstract = " ".join(sents_a[:2] + sents_b[2:])
    record = {
        "id": f"{9000 + i // 100000}.{i % 100000:05d}",
        "title": f"{title_a} {i}",
        "abstract": abstract,
        "authors": "A. Author and B. Author",
        "categories": " ".join(rng.sample(CATEGORIES, 2)),
        "update_date": f"{2019 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}",
    }
    return record, a, b


def pool_text(entry: tuple[str, list[str]]) -> str:
    return f"{entry[0]}\n{' '.join(entry[1])}"


def key(text: str) -> int:
    """A 63-bit key of a text's words (what the chunker's whitespace changes do not alter)."""
    return int.from_bytes(hashlib.blake2b(" ".join(words(text)).encode(), digest_size=8).digest(), "big") >> 1


def pool_vectors(embedder: Embedder, pool: list[tuple[str, list[str]]]) -> np.ndarray:
    """Real embeddings of the pool, cached in eval/.cache (the pool is deterministic)."""
    digest = hashlib.sha1("".join(pool_text(e) for e in pool).encode()).hexdigest()[:12]
    path = CACHE / f"scale-pool-{digest}.npy"
    if path.is_file():
        return np.load(path)
    # the same halves a distractor takes, so that a + b covers the distractor's text
    halves = [f"{t}\n{' '.join(s[:2])}" for t, s in pool] + [" ".join(s[2:]) for _, s in pool]
    vecs = np.asarray(embedder.embed_documents(halves), dtype=np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs


class LookupEmbedder(Embedder):
    """Real MiniLM for queries and real papers; a distractor chunk's vector is looked up by its text.

    `found` counts the chunks whose vector came from the lookup; anything else is embedded live.
    """

    def __init__(self, base: Embedder, keys: np.ndarray) -> None:
        self.__dict__.update(base.__dict__)
        self.keys = keys
        self.found = 0

    def vector(self, at: int) -> np.ndarray:
        raise NotImplementedError

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float] | None] = [None] * len(texts)
        live: list[int] = []
        for n, text in enumerate(texts):
            k = self.key(text)
            at = int(np.searchsorted(self.keys, k))
            if at < len(self.keys) and self.keys[at] == k:
                out[n] = self.vector(at).tolist()
            else:
                live.append(n)
        self.found += len(texts) - len(live)
        if live:
            for n, v in zip(live, super().embed_documents([texts[n] for n in live]), strict=True):
                out[n] = v
        return out  # type: ignore[return-value]

    @staticmethod
    def key(text: str) -> int:
        return key(text)


class PoolEmbedder(LookupEmbedder):
    """Distractor vectors composed from the pool's: the normalised sum of its two halves' texts'."""

    def __init__(self, base: Embedder, vectors: np.ndarray, keys: np.ndarray, pairs: np.ndarray) -> None:
        super().__init__(base, keys)
        self.vectors, self.pairs = vectors, pairs

    def vector(self, at: int) -> np.ndarray:
        a, b = self.pairs[at]
        v = self.vectors[a] + self.vectors[POOL + b]
        return v / np.linalg.norm(v)


BLOCK = 2000  # distractors per cached block of real vectors


def digest(text: str) -> int:
    """A 63-bit key of a text's exact characters: a real vector belongs to exactly that text."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


def distractor_texts(
    start: int, stop: int, pool: list[tuple[str, list[str]]], embedder: Embedder
) -> list[str]:
    """What the import embeds for distractors start..stop-1: their chunks' texts, as the writer makes them."""
    from index.chunking import chunk_paper
    from index.jsonl import paper_from_record

    settings = Settings()
    size, overlap = min(settings.chunk_tokens, embedder.max_tokens), settings.chunk_overlap
    papers = (paper_from_record(distractor(i, pool)[0], "distractors") for i in range(start, stop))
    return [c.embed_text for p in papers for c in chunk_paper(p, embedder.count_tokens, size, overlap)]


def real_vectors(n: int, pool: list[tuple[str, list[str]]]) -> tuple[np.ndarray, np.ndarray]:
    """Real embeddings of the chunks of distractors 0..n-1: (sorted text keys, vectors).

    Embedded through the ONNX graph (the fastest engine on a CPU; cosine >= 0.9999 to torch, see
    tests/test_onnx_embeddings.py) in blocks of BLOCK distractors, each cached in eval/.cache as it
    is done: a run that stops resumes at the first missing block.
    """
    embedder = Embedder(graph_dir=CACHE / "models")
    embedder.prepare()
    tag = hashlib.sha1(
        f"{Settings().chunk_tokens}/{Settings().chunk_overlap}/{Path(embedder.path).name}".encode()
        + "".join(pool_text(e) for e in pool).encode()
    ).hexdigest()[:12]
    folder = CACHE / f"scale-real-{tag}"
    folder.mkdir(parents=True, exist_ok=True)
    keys, vectors = [], []
    blocks = -(-n // BLOCK)
    began, done_now = time.perf_counter(), 0
    for b in range(blocks):
        path = folder / f"block-{b:04d}.npz"
        if not path.is_file():
            texts = distractor_texts(b * BLOCK, (b + 1) * BLOCK, pool, embedder)
            vecs = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, keys=np.array([digest(t) for t in texts], dtype=np.int64), vectors=vecs)
            os.replace(tmp, path)
            done_now += len(texts)
            rate = done_now / (time.perf_counter() - began)
            print(
                f"  real vectors: block {b + 1}/{blocks} ({rate:.1f} chunks/s, "
                f"~{(blocks - b - 1) * BLOCK / rate / 60:.0f} min left)",
                file=sys.stderr,
                flush=True,
            )
        with np.load(path) as block:
            keys.append(block["keys"])
            vectors.append(block["vectors"])
    if not keys:
        return np.empty(0, dtype=np.int64), np.empty((0, embedder.dimension), dtype=np.float32)
    key_arr, vec_arr = np.concatenate(keys), np.concatenate(vectors)
    order = np.argsort(key_arr)
    return key_arr[order], vec_arr[order]


class RealEmbedder(LookupEmbedder):
    """Real MiniLM throughout: distractor chunks' vectors from `real_vectors`, found by `digest`."""

    def __init__(self, base: Embedder, keys: np.ndarray, vectors: np.ndarray) -> None:
        super().__init__(base, keys)
        self.vectors = vectors

    def vector(self, at: int) -> np.ndarray:
        return np.asarray(self.vectors[at])

    @staticmethod
    def key(text: str) -> int:
        return digest(text)


# -- one size, in its own process ------------------------------------------------------------
def rss_peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6 if path.exists() else 0.0


def run_one(
    size: int, home: Path, queries: int, url: str | None = None, real_upto: int = 0
) -> dict[str, Any]:
    from index.library import Library

    base = Embedder()
    pool = pool_texts()
    vectors = pool_vectors(base, pool)
    settings = Settings(home=home, chroma_url=url, add_batch_size=1000, import_batch=2000)
    Embedder(graph_dir=settings.models_dir).prepare()  # the reader's query path: the ONNX graph
    t0 = time.perf_counter()
    real = Library(settings, base).index()
    bundled_s = time.perf_counter() - t0
    n = max(0, size - real.chunks)
    jsonl = home / "distractors.json"
    keys, pairs = np.empty(n, dtype=np.int64), np.empty((n, 2), dtype=np.int32)
    with jsonl.open("w") as fh:
        for i in range(n):
            record, a, b = distractor(i, pool)
            fh.write(json.dumps(record) + "\n")
            keys[i] = key(f"{record['title']}\n{record['abstract']}")
            pairs[i] = (a, b)
    order = np.argsort(keys)
    # distractors really embedded up to `real_upto` chunks; above, composed from the pool's vectors
    embedder: LookupEmbedder
    if size <= real_upto:
        embedder = RealEmbedder(base, *real_vectors(n, pool))
    else:
        embedder = PoolEmbedder(base, vectors, keys[order], pairs[order])
    del keys, pairs, order
    last = [time.perf_counter()]

    def progress(stage: str, done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(f"  [{size}] {stage}: {done}/{total}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    report = Library(settings, embedder).index([jsonl], progress=progress)
    import_s = time.perf_counter() - t0
    jsonl.unlink()
    rss_import = rss_peak_mb()
    lib = Library(settings, base)
    reset_peak()
    t0 = time.perf_counter()
    lib.retriever.sparse.ensure()  # a full BM25 build, streamed from the store
    bm25_s = time.perf_counter() - t0
    rss_bm25 = rss_peak_mb()
    reader_row = reader(home, url, queries)
    # a write of 100 papers afterwards: what BM25 costs to catch up (a delta, or a merge)
    more = home / "more.json"
    with more.open("w") as fh:
        for i in range(100):
            record, _, _ = distractor(10_000_000 + i, pool)
            fh.write(json.dumps(record) + "\n")
    Library(settings, base).index([more])
    before = lib.retriever.sparse._view.main  # what it had before the write
    t0 = time.perf_counter()
    after = lib.retriever.sparse.ensure()
    catch_up_s = time.perf_counter() - t0
    papers, chunks = lib.store.counts()
    return {
        "size": size,
        "store": "server" if url else "embedded",
        "chunks": chunks,
        "papers": papers,
        "distractor_chunks": report.chunks,
        "composed_vectors": embedder.found if isinstance(embedder, PoolEmbedder) else 0,
        "precomputed_real_vectors": embedder.found if isinstance(embedder, RealEmbedder) else 0,
        "bundled_index_s": round(bundled_s, 1),
        "import_s": round(import_s, 1),
        "import_chunks_per_s": round(report.chunks / import_s, 1) if import_s else None,
        "bm25_build_s": round(bm25_s, 1),
        "peak_rss_mb_import": round(rss_import, 0),
        "peak_rss_mb_bm25_build": round(rss_bm25, 0),
        "add_100_papers": {
            "bm25_catch_up_s": round(catch_up_s, 3),
            "share_of_full_build": round(catch_up_s / bm25_s, 4) if bm25_s else None,
            "how": "merge (main rebuilt)"
            if after.main is not before
            else f"delta of {len(after.delta.ids)} chunks",
        },
        "disk_mb_chroma": round(du_mb(settings.chroma_dir), 1),
        "disk_mb_bm25": round(du_mb(settings.bm25_dir), 1),
        **reader_row,
    }


def reset_peak() -> None:
    """Start VmHWM again from the current RSS (Linux: 5 > /proc/self/clear_refs)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def reader(home: Path, url: str | None, queries: int) -> dict[str, Any]:
    """A fresh process that opens the index and searches: its latency, quality and peak memory."""
    cmd = [sys.executable, "-m", "benchmarks.scale", "--read", str(home), "--queries", str(queries)]
    done = subprocess.run(
        cmd + (["--url", url] if url else []), stdout=subprocess.PIPE, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def read_one(home: Path, queries: int, url: str | None = None) -> dict[str, Any]:
    """In the reader process: warm latency per mode, quality per mode and per blend weight."""
    from benchmarks.tune_fusion import GRID, ndcg, papers
    from eval.evaluation import evaluate_retrieval
    from eval.questions import read_questions, resolve_gold, select_split
    from index.library import Library
    from index.retrieval import blend

    settings = Settings(home=home, chroma_url=url)
    lib = Library(settings)  # the query path people run: the ONNX graph, memory-mapped BM25
    questions = read_questions(QUESTIONS)
    real_papers = lib.store.get_papers(where={"format": {"$ne": "jsonl"}})
    questions = resolve_gold(questions, [(pid, str(m["title"])) for pid, _, m in real_papers])
    texts = [q.question for q in questions][:queries]
    latency: dict[str, dict[str, float]] = {}
    for mode in MODES:
        for q in texts[:5]:
            lib.search(q, 10, mode)  # warm: caches, the HNSW pages
        times = []
        for q in texts:
            t = time.perf_counter()
            lib.search(q, 10, mode)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        latency[mode] = {
            "p50_ms": round(quantile(times, 0.5), 2),
            "p95_ms": round(quantile(times, 0.95), 2),
        }
    quality = evaluate_retrieval(questions, lib.search, MODES, [10], settings.min_relevance, resamples=200)
    depth = max(80, settings.candidates)
    retriever = lib.retriever
    cands = {
        q.qid: (retriever.dense(q.question, depth), retriever.bm25(q.question, depth)) for q in questions
    }
    splits = {name: select_split(questions, name) for name in ("dev", "test")}
    by_weight = {
        str(w): {
            name: round(ndcg(qs, {qid: papers(blend(d, sp, w)) for qid, (d, sp) in cands.items()}), 4)
            for name, qs in splits.items()
        }
        for w in GRID
    }
    return {
        "latency": latency,
        "quality": {
            m: {k: round(v, 4) for k, v in r.means.items() if k in ("nDCG@10", "R@10", "RR@10")}
            for m, r in quality.modes.items()
        },
        "blend_ndcg_by_weight": by_weight,
        "scored_questions": len(quality.scored),
        "reader_peak_rss_mb": round(rss_peak_mb(), 0),
        "dense_weight": settings.dense_weight,
    }


# -- the whole benchmark ---------------------------------------------------------------------
def calibrate(samples: int = 100) -> dict[str, float]:
    """Real embedder throughput on distractor texts, and how close composed vectors are to real ones."""
    base = Embedder()
    pool = pool_texts()
    vectors = pool_vectors(base, pool)
    records = [distractor(i, pool) for i in range(samples)]
    texts = [f"{r['title']}\n{r['abstract']}" for r, _, _ in records]
    base.embed_documents(texts[:8])  # warm
    t0 = time.perf_counter()
    real = np.asarray(base.embed_documents(texts), dtype=np.float32)
    rate = samples / (time.perf_counter() - t0)
    composed = np.stack([vectors[a] + vectors[POOL + b] for _, a, b in records])
    composed /= np.linalg.norm(composed, axis=1, keepdims=True)
    cos = (real * composed).sum(axis=1)
    return {
        "real_embed_chunks_per_s": round(rate, 1),
        "composed_vs_real_cosine_mean": round(float(cos.mean()), 3),
        "composed_vs_real_cosine_min": round(float(cos.min()), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes in chunks (1000000 fits)")
    parser.add_argument("--queries", type=int, default=88, help="questions timed per mode")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--append", action="store_true", help="keep the other sizes already in the report")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one size, in a child
    parser.add_argument(
        "--store", choices=["embedded", "server"], default="embedded", help="embedded Chroma or `chroma run`"
    )
    parser.add_argument(
        "--real-upto",
        type=int,
        default=0,
        help="sizes up to this many chunks embed their distractors for real",
    )
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)  # internal: the reader process
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.home, args.queries, args.url, args.real_upto)))
        return 0
    if args.read:
        print(json.dumps(read_one(args.read, args.queries, args.url)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    info = calibrate()
    print(f"calibration: {info}", file=sys.stderr)
    if real := [s for s in sizes if s <= args.real_upto]:
        # embedded here, once, before any size runs: each size then only reads the cache (the
        # distractors a size needs are its size less the bundled chunks, fewer than its size)
        real_vectors(max(real), pool_texts())
    rows: list[dict[str, Any]] = []
    if args.append and (args.out / "report.json").is_file():
        rows = [
            r
            for r in json.loads((args.out / "report.json").read_text())["sizes"]
            if (r["size"], r.get("store", "embedded")) not in {(n, args.store) for n in sizes}
        ]
    for size in sizes:
        home = Path(tempfile.mkdtemp(prefix=f"scale-{size}-"))
        print(f"size {size}: building in {home}", file=sys.stderr, flush=True)
        server = ChromaServer(home / "server").start() if args.store == "server" else None
        try:
            cmd = [sys.executable, "-m", "benchmarks.scale", "--one", str(size), "--home", str(home)]
            cmd += ["--real-upto", str(args.real_upto)]
            cmd += ["--queries", str(args.queries)] + (["--url", server.url] if server else [])
            done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
            row = json.loads(done.stdout.strip().splitlines()[-1])
            if server:  # the store's own memory and disk, apart from the client's
                row["server_peak_rss_mb"] = round(peak_mb(server.pid), 0)
                row["disk_mb_chroma"] = round(du_mb(home / "server"), 1)
            rows.append(row)
            rows.sort(key=lambda r: (r.get("store", "embedded"), r["size"]))
            print(json.dumps(row), file=sys.stderr, flush=True)
        finally:
            if server:
                server.stop()
            shutil.rmtree(home, ignore_errors=True)
        write(args.out, info, rows, Settings().dense_weight)  # the rule: the weight in force, chosen on dev
    return 0


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def write(
    out: Path, info: dict[str, Any], rows: list[dict[str, Any]], chosen_weight: float | None = None
) -> None:
    import platform

    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, CPU", **info, "sizes": rows}
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        "# Scale benchmark",
        "",
        f"Machine: {report['machine']}. Real embedder: {info['real_embed_chunks_per_s']} chunks/s; "
        f"composed distractor vectors vs real: cosine {info['composed_vs_real_cosine_mean']} mean, "
        f"{info['composed_vs_real_cosine_min']} min.",
        "",
        *real_vectors_note(rows),
        "| store | chunks | distractor vectors | import chunks/s | BM25 build s | peak MB import / BM25 "
        "build / reader | Chroma MB | BM25 MB | BM25 after +100 papers | "
        + " | ".join(f"{m} p50/p95 ms" for m in MODES)
        + f" | nDCG@10 {' / '.join(MODES)} |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lat = " | ".join(f"{r['latency'][m]['p50_ms']} / {r['latency'][m]['p95_ms']}" for m in MODES)
        ndcg = " / ".join(f"{r['quality'][m]['nDCG@10']:.3f}" for m in MODES)
        server = f" (+ server {r['server_peak_rss_mb']:.0f})" if "server_peak_rss_mb" in r else ""
        peaks = " / ".join(
            f"{r[k]:.0f}" for k in ("peak_rss_mb_import", "peak_rss_mb_bm25_build", "reader_peak_rss_mb")
        )
        add = r["add_100_papers"]
        vectors = "composed" if r["composed_vectors"] else "real"
        lines.append(
            f"| {r.get('store', 'embedded')} | {r['chunks']:,} | {vectors} | {r['import_chunks_per_s']} "
            f"| {r['bm25_build_s']} | {peaks}{server} | {r['disk_mb_chroma']:.0f} | {r['disk_mb_bm25']:.0f} "
            f"| {add['bm25_catch_up_s']} s ({add['share_of_full_build']:.1%} of a build; {add['how']}) "
            f"| {lat} | {ndcg} |"
        )
    weights = list(rows[0]["blend_ndcg_by_weight"]) if rows else []
    used = sorted({str(r.get("dense_weight", "")) for r in rows})
    lines += [
        "",
        f"The table's hybrid column ran with the dense weight then in force ({', '.join(used)}); the "
        "tables below give every weight, from the same candidates.",
        "",
        "Hybrid nDCG@10 by the blend's dense weight (dev / test), beside the better of BM25 and dense:",
        "",
        "| chunks | " + " | ".join(weights) + " | max(BM25, dense) |",
        "|---|" + "---|" * (len(weights) + 1),
    ]
    for r in rows:
        cells = [f"{v['dev']:.3f} / {v['test']:.3f}" for v in r["blend_ndcg_by_weight"].values()]
        better = max(r["quality"]["bm25"]["nDCG@10"], r["quality"]["dense"]["nDCG@10"])
        lines.append(f"| {r['chunks']:,} | " + " | ".join(cells) + f" | {better:.3f} |")
    lines += [
        "",
        "The rule, on the test split (not used to choose the weight): hybrid at the chosen weight "
        "against the better of its two inputs (weight 0 is BM25's order, 1 dense's), within 0.01.",
        "",
        "| chunks | chosen weight | hybrid (test) | BM25 / dense (test) | holds |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        by = r["blend_ndcg_by_weight"]
        w = f"{chosen_weight:.1f}" if chosen_weight is not None else str(r["dense_weight"])
        hybrid, bm25, dense = by[w]["test"], by["0.0"]["test"], by["1.0"]["test"]
        ok = "yes" if hybrid >= max(bm25, dense) - 0.01 else "no"
        lines.append(f"| {r['chunks']:,} | {w} | {hybrid:.3f} | {bm25:.3f} / {dense:.3f} | {ok} |")
    (out / "report.md").write_text("\n".join(lines) + "\n")
    plot(out, rows)


def real_vectors_note(rows: list[dict[str, Any]]) -> list[str]:
    """A sentence on how the rows marked real got their vectors, when any were precomputed.

    Example:
        >>> real_vectors_note([{"chunks": 1100, "precomputed_real_vectors": 0}])
        []
    """
    pre = [r for r in rows if r.get("precomputed_real_vectors")]
    if not pre:
        return []
    top = max(pre, key=lambda r: r["chunks"])
    return [
        f"Up to {top['chunks']:,} chunks, every distractor chunk was embedded for real through the "
        f"ONNX graph before its size ran ({top['precomputed_real_vectors']:,} at that size, cached in "
        "eval/.cache), and the import looked each vector up by its text; rows marked composed use "
        "composed vectors.",
        "",
    ]


def plot(out: Path, rows: list[dict[str, Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    server = [r for r in rows if r.get("store") == "server"]
    rows = [r for r in rows if r.get("store", "embedded") == "embedded"]
    x = [r["chunks"] for r in rows]
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for mode in MODES:
        line = ax.plot(x, [r["latency"][mode]["p50_ms"] for r in rows], marker="o", label=f"{mode} p50")
        color = line[0].get_color()
        ax.plot(
            x,
            [r["latency"][mode]["p95_ms"] for r in rows],
            marker="x",
            ls="--",
            color=color,
            label=f"{mode} p95",
        )
        if server:
            xs, ys = [r["chunks"] for r in server], [r["latency"][mode]["p50_ms"] for r in server]
            ax.plot(xs, ys, marker="s", ls=":", color=color, label=f"{mode} p50, server")
    ax.set(xscale="log", yscale="log", xlabel="corpus size (chunks)", ylabel="warm query latency (ms)")
    ax.set_title("Search latency against corpus size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=120)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for mode in MODES:
        ax.plot(x, [r["quality"][mode]["nDCG@10"] for r in rows], marker="o", label=mode)
    ax.set(xscale="log", xlabel="corpus size (chunks)", ylabel="nDCG@10 (team questions)", ylim=(0, 1))
    ax.set_title("Retrieval quality as distractors grow")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "quality.png", dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main())
