"""Load check: N chat sessions at once through gradio_client; time to first token and to the end.

Run `.venv/bin/python eval/load_chat.py` (defaults: 8 sessions, the embedded backend, 96 tokens,
3 sources). It starts `papers chat` in a process of its own over PAPERS_HOME's index (which indexes
the bundled papers first if it is empty), or uses a running app with --url. Each session asks a
different question from eval/questions.jsonl through the `/chat` endpoint and reads the stream as it arrives:
- first token: from submitting to the first update that shows answer text;
- total: from submitting to the checked answer (the last update).
Prints one line per session and the median and worst of both; writes benchmarks/reports/load_chat.json.
The embedded model runs one generation at a time (llama.cpp holds one sequence), so sessions
stream in turns: the worst first token grows with the number of sessions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parents[1]

from helpers.servers import free_port  # noqa: E402

from benchmarks.common import QUESTIONS, write_json  # noqa: E402
from index.settings import Settings  # noqa: E402

WAITING = "Looking through the papers"  # the placeholder before the first token


def questions(n: int) -> list[str]:
    lines = (QUESTIONS).read_text().splitlines()
    found = [json.loads(line)["question"] for line in lines if line.startswith("{")]
    return (found * (n // len(found) + 1))[:n]


def serve(settings: Settings) -> tuple[str, int]:
    """`papers chat` over settings' index in a process of its own, on a free port: (its URL, its pid).

    The app is driven over HTTP, as a person's browser would, never imported: the benchmark sits
    below the UI. It indexes the bundled papers first when the index is empty, and is stopped when
    this script exits.
    """
    import atexit
    import subprocess
    import urllib.request

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    env.update({f"PAPERS_{k.upper()}": str(v) for k, v in settings.model_dump().items() if v is not None})
    papers = str(Path(sys.executable).with_name("papers"))
    proc = subprocess.Popen([papers, "chat", "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    atexit.register(proc.terminate)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 900  # a first run indexes the bundled papers
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"papers chat exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return url, proc.pid
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"papers chat did not answer at {url}")


def session(url: str, question: str, result: dict[str, Any]) -> None:
    """One chat: submit, read updates as they stream, note the times."""
    from gradio_client import Client

    client = Client(url, verbose=False, download_files=False)
    start = time.perf_counter()
    job = client.submit(question, [], api_name="/chat")
    updates = 0
    for update in job:
        updates += 1
        text = update[0][-1]["content"][0]["text"] if update[0] else ""
        if "first" not in result and "streaming" in text and WAITING not in text:
            result["first"] = time.perf_counter() - start
    result["total"] = time.perf_counter() - start
    final = job.outputs()[-1]
    answer = final[1][-1]["answer"] if final[1] and final[1][-1].get("answer") else {}
    result.update(
        updates=updates,
        done=bool(answer),
        declined=bool(answer.get("declined")),
        error=final[1][-1].get("error", "") if final[1] else "no turn",
    )
    result.setdefault("first", result["total"])  # a declined question has no tokens


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--url", help="a running app (default: start `papers chat` for the run)")
    parser.add_argument("--max-tokens", type=int, default=96)
    parser.add_argument("-k", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "reports" / "load_chat.json")
    args = parser.parse_args(argv)
    settings = Settings(backend="embedded", max_tokens=args.max_tokens, k=args.k)
    url = args.url or serve(settings)[0]
    # warm-up: load the embedder, BM25 and the model once, so the numbers are about serving
    session(url, "What is knowledge distillation?", {})
    results: list[dict[str, Any]] = [{} for _ in range(args.sessions)]
    threads = [
        threading.Thread(target=session, args=(url, q, r))
        for q, r in zip(questions(args.sessions), results, strict=True)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    for i, r in enumerate(results):
        print(
            f"session {i}: first token {r['first']:6.1f} s  total {r['total']:6.1f} s  "
            f"updates {r['updates']:4d}  {'ok' if r['done'] else 'FAILED ' + r['error']}"
            f"{' (declined)' if r['declined'] else ''}"
        )
    firsts, totals = [r["first"] for r in results], [r["total"] for r in results]
    summary = {
        "sessions": args.sessions,
        "all_done": all(r["done"] for r in results),
        "wall_s": round(wall, 1),
        "first_token_median_s": round(statistics.median(firsts), 1),
        "first_token_worst_s": round(max(firsts), 1),
        "total_median_s": round(statistics.median(totals), 1),
        "total_worst_s": round(max(totals), 1),
        "max_tokens": args.max_tokens,
        "k": args.k,
        "cpus": os.cpu_count(),
        "results": results,
    }
    print({k: v for k, v in summary.items() if k != "results"})
    write_json(args.out, summary)
    return 0 if summary["all_done"] else 1


if __name__ == "__main__":
    sys.exit(main())
