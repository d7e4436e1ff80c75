"""Cold starts, each a fresh process, side by side with its baseline in the same run.

- `papers search` against `python -c "import sentence_transformers"` (target: <= 0.35x);
- `papers ask` (embedded model) time to its first output (the quotes) and to the model's first token,
  with the ONNX query path and with torch, beside the import time the ONNX path saves (the torch
  search less the ONNX search);
- `papers index` of the bundled papers against the LangChain tutorial pipeline (recursive
  splitter, sentence-transformers embeddings as HuggingFaceEmbeddings runs them, Chroma), target
  <= 0.8x, and with PAPERS_EMBED_ENGINE=torch beside it.

Runs alternate (A, B, A, B, ...) so a busy moment hits both; medians are reported, with peak RSS
per process (wait4). Writes benchmarks/reports/cold/{report.json,report.md,cold.png}.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import write_report  # noqa: E402

os.environ.setdefault("HF_HUB_OFFLINE", "1")
OUT = Path(__file__).resolve().parent / "reports" / "cold"
PAPERS = str(Path(sys.executable).with_name("papers"))
QUERY = "pruning vision transformers"
QUESTION = "How fast does PIXART-δ generate a 1024px image?"


def timed(cmd: list[str], env: dict[str, str], first_output: bool = False) -> tuple[float, float, float]:
    """(seconds to exit, seconds to the first byte on stdout, peak RSS in MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    first = proc.stdout.read(1) if first_output else b""
    first_s = time.perf_counter() - start
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} exited with {proc.returncode}")
    del first
    return seconds, first_s, usage.ru_maxrss / 1024


def model_first_token(env: dict[str, str]) -> float:
    """Seconds from a cold `papers ask --json`'s start to the model's first token: its wall time less
    what the answer reports after that token (the rest of the generation, and checking)."""
    start = time.perf_counter()
    cmd = [PAPERS, "ask", QUESTION, "--backend", "embedded", "--json"]
    done = subprocess.run(cmd, env=env, capture_output=True, check=True)
    wall = time.perf_counter() - start
    timings = json.loads(done.stdout)["timings"]
    return wall - (timings["total"] - timings["first_token"])


def environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    env.update({"PAPERS_HOME": str(home), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"})
    env.update(extra)
    return env


def tutorial(home: str) -> None:
    """The LangChain RAG tutorial's indexing: 1,000-character chunks with 200 overlap, embedded by
    sentence-transformers as HuggingFaceEmbeddings does it, stored with Chroma.from_documents."""
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from sentence_transformers import SentenceTransformer

    from index.corpus import bundled_papers
    from index.embeddings import default_model_path

    class HuggingFaceEmbeddings(Embeddings):  # langchain-huggingface's class, minus its pins
        def __init__(self) -> None:
            self.model = SentenceTransformer(str(default_model_path()), device="cpu")

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return self.model.encode(texts, normalize_embeddings=True).tolist()  # type: ignore[no-any-return]

        def embed_query(self, text: str) -> list[float]:
            return self.embed_documents([text])[0]

    docs = [Document(page_content=p.text, metadata={"title": p.title}) for p in bundled_papers()]
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
    Chroma.from_documents(splits, HuggingFaceEmbeddings(), persist_directory=home)
    print(len(splits))


def median(runs: list[tuple[float, float, float]], part: int) -> float:
    return statistics.median(r[part] for r in runs)


def run(repeats: int, work: Path) -> dict[str, Any]:
    seeded = work / "seeded"  # an index of the bundled papers, with its ONNX graph
    subprocess.run([PAPERS, "index"], env=environment(seeded), check=True, capture_output=True)
    python = sys.executable
    runs: dict[str, list[tuple[float, float, float]]] = {k: [] for k in ("import", "search", "search_torch")}
    for _ in range(repeats + 2):
        runs["import"].append(timed([python, "-c", "import sentence_transformers"], environment(seeded)))
        runs["search"].append(timed([PAPERS, "search", QUERY, "-k", "3"], environment(seeded)))
        torch_env = environment(seeded, PAPERS_EMBED_ENGINE="torch")
        runs["search_torch"].append(timed([PAPERS, "search", QUERY, "-k", "3"], torch_env))
    ask: dict[str, list[tuple[float, float, float]]] = {"onnx": [], "torch": []}
    token: dict[str, list[float]] = {"onnx": [], "torch": []}
    for _ in range(repeats):
        for engine in ask:
            env = environment(seeded, PAPERS_EMBED_ENGINE=engine, PAPERS_MAX_TOKENS="48")
            ask[engine].append(timed([PAPERS, "ask", QUESTION, "--backend", "embedded"], env, True))
            token[engine].append(model_first_token(env))
    index: dict[str, list[tuple[float, float, float]]] = {"papers": [], "papers_torch": [], "tutorial": []}
    for i in range(repeats):
        fresh = work / f"index-{i}"
        # the graph and its weights are written once per data folder
        shutil.copytree(seeded / "models", fresh / "models")
        index["papers"].append(timed([PAPERS, "index"], environment(fresh)))
        torch_home = work / f"index-torch-{i}"
        index["papers_torch"].append(
            timed([PAPERS, "index"], environment(torch_home, PAPERS_EMBED_ENGINE="torch"))
        )
        tut = [python, "-c", f"from benchmarks.cold import tutorial; tutorial({str(work / f'tut-{i}')!r})"]
        index["tutorial"].append(timed(tut, environment(work)))
        for folder in (fresh, torch_home, work / f"tut-{i}"):
            shutil.rmtree(folder, ignore_errors=True)
    imp, search = median(runs["import"][2:], 0), median(runs["search"][2:], 0)  # two warm the disk cache
    tutorial_s = median(index["tutorial"], 0)
    return {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "repeats": repeats,
        "search": {
            "import_sentence_transformers_s": imp,
            "papers_search_s": search,
            "papers_search_torch_s": median(runs["search_torch"][2:], 0),
            "ratio": search / imp,
            "target": 0.35,
            "peak_rss_mb": {k: median(v[2:], 2) for k, v in runs.items()},
        },
        "ask": {
            engine: {
                "first_output_s": median(v, 1),
                "model_first_token_s": statistics.median(token[engine]),
                "peak_rss_mb": median(v, 2),
            }
            for engine, v in ask.items()
        },
        "index": {
            "papers_s": median(index["papers"], 0),
            "papers_torch_s": median(index["papers_torch"], 0),
            "tutorial_s": tutorial_s,
            "ratio": median(index["papers"], 0) / tutorial_s,
            "ratio_torch": median(index["papers_torch"], 0) / tutorial_s,
            "target": 0.8,
            "peak_rss_mb": {k: median(v, 2) for k, v in index.items()},
        },
    }


def markdown(r: dict[str, Any]) -> str:
    s, a, i = r["search"], r["ask"], r["index"]
    import_saved = s["papers_search_torch_s"] - s["papers_search_s"]
    saved = {k: a["torch"][k] - a["onnx"][k] for k in ("first_output_s", "model_first_token_s")}
    rss = s["peak_rss_mb"]
    torch_ratio = s["papers_search_torch_s"] / s["import_sentence_transformers_s"]
    return "\n".join(
        [
            "# Cold starts (`python -m benchmarks.cold`)",
            "",
            f"{r['machine']['cpus']} CPUs, Python {r['machine']['python']}; medians of {r['repeats']} "
            "alternating runs (searches: the first two of each warm the disk cache and are dropped).",
            "",
            "| what | ours | baseline (same run) | ratio | target |",
            "|---|---|---|---|---|",
            f"| cold `papers search` vs `import sentence_transformers` | {s['papers_search_s']:.2f} s, "
            f"{rss['search']:.0f} MB | {s['import_sentence_transformers_s']:.2f} s, {rss['import']:.0f} MB "
            f"| {s['ratio']:.2f} | <= {s['target']} |",
            f"| same search with PAPERS_EMBED_ENGINE=torch (before) | {s['papers_search_torch_s']:.2f} s, "
            f"{rss['search_torch']:.0f} MB | | {torch_ratio:.2f} | |",
            f"| cold `papers ask` first output (the quotes), ONNX vs torch | "
            f"{a['onnx']['first_output_s']:.2f} s | {a['torch']['first_output_s']:.2f} s | "
            f"saved {saved['first_output_s']:.2f} s | >= import time saved ({import_saved:.2f} s) |",
            f"| cold `papers ask` the model's first token, ONNX vs torch | "
            f"{a['onnx']['model_first_token_s']:.2f} s | {a['torch']['model_first_token_s']:.2f} s | "
            f"saved {saved['model_first_token_s']:.2f} s | >= import time saved ({import_saved:.2f} s) |",
            f"| cold `papers index` (bundled) vs LangChain tutorial | {i['papers_s']:.1f} s | "
            f"{i['tutorial_s']:.1f} s | {i['ratio']:.2f} | <= {i['target']} |",
            f"| same index with PAPERS_EMBED_ENGINE=torch | {i['papers_torch_s']:.1f} s | | "
            f"{i['ratio_torch']:.2f} | |",
            "",
            "The ask's first output is its quotes (evidence first); the model's first token is a cold "
            "`papers ask --json`'s wall time less what it reports after that token (the rest of the "
            "generation, and checking). The import time saved is the torch search less the ONNX search.",
            "",
            "The tutorial pipeline: RecursiveCharacterTextSplitter(1000, 200), the same model through "
            "sentence-transformers (HuggingFaceEmbeddings' own call), Chroma.from_documents. Ours "
            "chunks by sentences in the model's tokens, finds duplicates, keeps paper records and "
            "a write journal; its ONNX graph was written once beforehand (a first index also writes it).",
            "",
            "![cold starts](cold.png)",
            "",
        ]
    )


def plot(r: dict[str, Any], path: Path) -> None:
    from eval.report_plots import pyplot, save_figure

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.6))
    names = ["search", "ask: quotes", "index"]
    ours = [r["search"]["papers_search_s"], r["ask"]["onnx"]["first_output_s"], r["index"]["papers_s"]]
    base = [
        r["search"]["import_sentence_transformers_s"],
        r["ask"]["torch"]["first_output_s"],
        r["index"]["tutorial_s"],
    ]
    xs = range(len(names))
    ax.bar([x - 0.2 for x in xs], ours, 0.4, label="papers (ONNX query path)")
    ax.bar([x + 0.2 for x in xs], base, 0.4, label="baseline: import s-t / torch / LangChain tutorial")
    ax.set_xticks(list(xs), names)
    ax.set_ylabel("seconds (median, cold process)")
    ax.legend(fontsize=8)
    save_figure(fig, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as work:
        result = run(args.repeats, Path(work))
    args.out.mkdir(parents=True, exist_ok=True)
    write_report(args.out, result, markdown(result))
    plot(result, args.out / "cold.png")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
