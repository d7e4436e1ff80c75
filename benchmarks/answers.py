"""How fast the embedded model answers: warm and cold, quiet and beside a busy neighbour.

Usage:
    python -m benchmarks.answers [--cold 5] [--out benchmarks/reports/answers_speed]

On the dev answer questions of eval/questions.jsonl, against the index in PAPERS_HOME (built first
if empty), with the embedded model:

- warm: one process asks every question, as the chat does;
- cold: a fresh `papers ask --json` per question (the first `--cold` of them), as a person at a
  terminal does; its wall time to the answer includes Python's start and every import, not the exit after it.

Each is run with the prompt before this change (every packed chunk, PAPERS_PROMPT_SOURCES=chunks)
and after it (the evidence passages), alternating per question, first on a quiet machine and then
beside one CPU-bound process that the benchmark starts and stops itself. Medians are reported:
prompt tokens, prompt tokens/s (read between the quotes and the first token), time to the quotes,
to the first token, and to the whole answer.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.answer import Answer  # noqa: E402
from assistant.chain import Assistant, Options  # noqa: E402
from benchmarks.common import QUESTIONS, REPORTS, indexed_library, write_report  # noqa: E402
from eval.questions import read_questions  # noqa: E402

PROMPTS = ("chunks", "evidence")  # before, after
PAPERS = str(Path(sys.executable).with_name("papers"))


def _spin() -> None:
    while True:
        pass


def _row(timings: dict[str, float], prompt_tokens: int, wall: float | None = None) -> dict[str, float]:
    quotes, first = timings.get("quotes", 0.0), timings.get("first_token", 0.0)
    reading = max(first - quotes, 1e-6)
    row = {
        "prompt_tokens": prompt_tokens,
        "prompt_tok_s": prompt_tokens / reading if first else 0.0,
        "quotes_s": quotes,
        "first_token_s": first,
        "total_s": timings.get("total", 0.0),
    }
    if wall is not None:  # a fresh process: everything from its start, imports included
        start_up = wall - timings.get("total", 0.0)
        row |= {"quotes_s": quotes + start_up, "first_token_s": first + start_up, "total_s": wall}
    return row


def warm(assistants: dict[str, Assistant], questions: list[str]) -> dict[str, list[dict[str, float]]]:
    rows: dict[str, list[dict[str, float]]] = {p: [] for p in PROMPTS}
    for q in questions:
        for p in PROMPTS:
            answer: Answer = assistants[p].ask(q, None, Options(backend="embedded"))
            if not answer.declined:
                rows[p].append(_row(answer.timings, answer.prompt_tokens))
    return rows


def cold(questions: list[str]) -> dict[str, list[dict[str, float]]]:
    rows: dict[str, list[dict[str, float]]] = {p: [] for p in PROMPTS}
    for q in questions:
        for p in PROMPTS:
            env = {**os.environ, "PAPERS_PROMPT_SOURCES": p, "PAPERS_BACKEND": "embedded"}
            answer, wall = _answered(PAPERS, q, env)
            if answer is not None and not answer["declined"]:
                rows[p].append(_row(answer["timings"], answer["prompt_tokens"], wall))
    return rows


def _answered(papers: str, question: str, env: dict[str, str]) -> tuple[dict[str, Any] | None, float]:
    """A fresh `papers ask --json`'s answer, and the seconds from its start until the answer was out.

    The answer's own timings start when the question is asked; what came before (Python's start and
    the imports) is the wall time to the answer's last byte less its total. The process's exit, after
    it, is no part of the wait.
    """
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty stderr cannot block the child
        start = time.perf_counter()
        child = subprocess.Popen(
            [papers, "ask", question, "--json"], stdout=subprocess.PIPE, stderr=errors, env=env
        )
        assert child.stdout is not None
        out = b""
        while piece := os.read(child.stdout.fileno(), 65536):
            out += piece
            if out.rstrip().endswith(b"}"):
                try:
                    answer = json.loads(out)
                except ValueError:
                    continue  # a "}" inside the answer: more is coming
                wall = time.perf_counter() - start
                child.communicate()
                return answer, wall
        child.wait()
        errors.seek(0)
        said = errors.read().decode(errors="replace")[-2000:]
        print(f"papers ask exited {child.returncode} with no answer on stdout: {said}", file=sys.stderr)
    return None, 0.0


def medians(rows: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in rows) for k in rows[0]} if rows else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", type=int, default=5, help="questions asked in a fresh process each")
    parser.add_argument("--out", type=Path, default=REPORTS / "answers_speed")
    args = parser.parse_args(argv)
    settings, library = indexed_library()
    questions = [q.question for q in read_questions(QUESTIONS) if q.split == "dev" and q.type == "answer"]
    assistants = {
        p: Assistant(settings.model_copy(update={"backend": "embedded", "prompt_sources": p}), library)
        for p in PROMPTS
    }
    assistants["chunks"].ask(questions[0], None, Options(backend="embedded"))  # warm: model, embedder, index
    result: dict[str, Any] = {"questions": len(questions), "cold_questions": args.cold, "runs": {}}
    for busy in (False, True):
        neighbour = multiprocessing.Process(target=_spin, daemon=True) if busy else None
        if neighbour:
            neighbour.start()
        try:
            load = "busy" if busy else "quiet"
            for kind, rows in (("warm", warm(assistants, questions)), ("cold", cold(questions[: args.cold]))):
                for p in PROMPTS:
                    run = result["runs"][f"{load} {kind} {p}"] = {"n": len(rows[p]), **medians(rows[p])}
                    print(f"{load} {kind} {p}: {json.dumps(run)}", flush=True)
        finally:
            if neighbour:
                neighbour.terminate()
                neighbour.join()
    write_report(args.out, result, markdown(result))
    print(markdown(result))
    return 0


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# How fast the embedded model answers (`python -m benchmarks.answers`)",
        "",
        f"Medians over the {result['questions']} dev answer questions (warm: one process) and the first "
        f"{result['cold_questions']} (cold: a fresh `papers ask --json` each, its wall time); before = every "
        "packed chunk in the prompt, after = the evidence passages; alternating per question in one run; "
        "busy = one CPU-bound process beside it, on 2 cores.",
        "",
        "| machine | start | prompt | prompt tokens | prompt tok/s | quotes s | first token s "
        "| whole answer s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in result["runs"].items():
        load, kind, p = name.split()
        if not r.get("n"):
            continue
        lines.append(
            f"| {load} | {kind} | {'before' if p == 'chunks' else 'after'} | {r['prompt_tokens']:.0f} "
            f"| {r['prompt_tok_s']:.0f} | {r['quotes_s']:.2f} | {r['first_token_s']:.2f} "
            f"| {r['total_s']:.2f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
