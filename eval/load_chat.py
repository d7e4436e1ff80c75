"""Load check: N chat sessions at once through gradio_client; time to first token and to the end.

Run `.venv/bin/python eval/load_chat.py` (defaults: 8 sessions, the embedded backend, 96 tokens,
3 sources). It serves the app in this process over PAPERS_HOME's index (indexing the bundled papers
first if it is empty), or uses a running app with --url. Each session asks a different question from
eval/questions.jsonl through the `/chat` endpoint and reads the stream as it arrives:
- first token: from submitting to the first update that shows answer text;
- total: from submitting to the checked answer (the last update).
Prints one line per session and the median and worst of both; writes eval/reports/load_chat.json.
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
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings  # noqa: E402

WAITING = "Looking through the papers"  # the placeholder before the first token


def questions(n: int) -> list[str]:
    lines = (ROOT / "eval" / "questions.jsonl").read_text().splitlines()
    found = [json.loads(line)["question"] for line in lines if line.startswith("{")]
    return (found * (n // len(found) + 1))[:n]


def serve(settings: Settings) -> str:
    """The app over settings' index, in a background thread on a free port; its URL."""
    import socket

    from assistant.chain import Assistant
    from index.library import Library
    from ui.app import create_app
    from ui.launch import ensure_index, launch

    library = Library(settings)
    ensure_index(settings, library)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    app = create_app(settings, Assistant(settings, library))
    _, url = launch(app, settings, port, block=False, quiet=True)
    return str(url)


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--url", help="a running app (default: serve one in this process)")
    parser.add_argument("--max-tokens", type=int, default=96)
    parser.add_argument("-k", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "reports" / "load_chat.json")
    args = parser.parse_args()
    settings = Settings(backend="embedded", max_tokens=args.max_tokens, k=args.k)
    url = args.url or serve(settings)
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
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2))
    return 0 if summary["all_done"] else 1


if __name__ == "__main__":
    sys.exit(main())
