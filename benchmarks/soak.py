"""Soak check: N chat sessions asking without pause for a while, with uploads in between.

Run `python -m benchmarks.soak [--sessions 16] [--minutes 10]` with PAPERS_HOME pointing at
a scratch copy of an index (uploads are written to it). It starts `papers chat` in a process of its
own (or uses --url), runs the sessions through gradio_client's `/chat`, uploads a generated paper
through `/upload` every `--upload-every` seconds and checks through `/library` that each one is
listed, and samples the app's resident memory (the started process, or --pid's). Reports failed
requests, lost uploads and the memory trend (first and last third, and the slope over the last
half); writes benchmarks/reports/soak_chat.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.common import write_json  # noqa: E402
from benchmarks.load import ROOT, questions, serve, session  # noqa: E402
from index.settings import Settings  # noqa: E402


def rss_mb(status: Path) -> float:
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares MB per minute of (seconds, MB) samples.

    Example:
        >>> slope([(0, 100), (60, 110)])
        10.0
    """
    if len(points) < 2:
        return 0.0
    n = len(points)
    mean_t, mean_m = sum(t for t, _ in points) / n, sum(m for _, m in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    cov = sum((t - mean_t) * (m - mean_m) for t, m in points)
    return cov / var * 60 if var else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=16)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--upload-every", type=float, default=60)
    parser.add_argument("--max-tokens", type=int, default=48)
    parser.add_argument("--url", help="a running app (default: start `papers chat` for the run)")
    parser.add_argument("--pid", type=int, help="the running app's process id, whose memory is sampled")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "reports" / "soak_chat.json")
    args = parser.parse_args(argv)
    settings = Settings(backend="embedded", max_tokens=args.max_tokens, k=3)
    url, pid = (args.url, args.pid) if args.url else serve(settings)
    status = Path(f"/proc/{pid}/status") if pid else Path("/proc/self/status")
    session(url, "What is knowledge distillation?", {})  # warm-up
    stop_at = time.perf_counter() + args.minutes * 60
    asked = questions(200)
    results: list[dict[str, Any]] = []
    lock = threading.Lock()

    def chatter(i: int) -> None:
        n = i
        while time.perf_counter() < stop_at:
            result: dict[str, Any] = {}
            try:
                session(url, asked[n % len(asked)], result)
            except Exception as exc:  # a failed request is what the soak counts
                result = {"done": False, "error": repr(exc)}
            with lock:
                results.append(result)
            n += args.sessions

    uploads: list[dict[str, Any]] = []

    def uploader() -> None:
        from gradio_client import Client, handle_file

        client = Client(url, verbose=False, download_files=False)
        folder = Path(tempfile.mkdtemp(prefix="soak-"))
        k = 0
        while time.perf_counter() + args.upload_every < stop_at:
            time.sleep(args.upload_every)
            k += 1
            word = f"zyqx{k:03d}"
            path = folder / f"soak-{k}.md"
            path.write_text(f"# Soak Paper {word}\n\nThe {word} method tests uploads while people chat.\n")
            try:
                report = client.predict([handle_file(str(path))], api_name="/upload")
                table, _ = client.predict(word, api_name="/library")
                listed = any(word in str(row) for row in table["data"])
            except Exception as exc:
                report, listed = repr(exc), False
            uploads.append({"upload": k, "listed": listed, "report": str(report)[:200]})

    memory: list[tuple[float, float]] = []
    threads = [threading.Thread(target=chatter, args=(i,)) for i in range(args.sessions)]
    threads.append(threading.Thread(target=uploader))
    start = time.perf_counter()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        memory.append((round(time.perf_counter() - start, 1), round(rss_mb(status), 1)))
        time.sleep(10)
    done = sum(1 for r in results if r.get("done"))
    totals = sorted(r["total"] for r in results if "total" in r)  # seconds, queueing included
    third = max(1, len(memory) // 3)
    summary = {
        "sessions": args.sessions,
        "minutes": args.minutes,
        "requests": len(results),
        "completed": done,
        "failed": len(results) - done,
        "errors": sorted({r.get("error", "") for r in results if not r.get("done")})[:5],
        "request_s_median": round(statistics.median(totals), 1) if totals else None,
        "request_s_p95": round(totals[int(0.95 * (len(totals) - 1))], 1) if totals else None,
        "uploads": len(uploads),
        "uploads_lost": sum(1 for u in uploads if not u["listed"]),
        "rss_mb_first_third_mean": round(sum(m for _, m in memory[:third]) / third, 1),
        "rss_mb_last_third_mean": round(sum(m for _, m in memory[-third:]) / third, 1),
        "rss_mb_max": max(m for _, m in memory),
        "rss_mb_per_min_last_half": round(slope(memory[len(memory) // 2 :]), 1),
        "memory": memory,
        "upload_log": uploads,
    }
    print({k: v for k, v in summary.items() if k not in ("memory", "upload_log")})
    write_json(args.out, summary)
    return 0 if summary["failed"] == 0 and summary["uploads_lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
