"""llama.cpp threading for the embedded model, quiet and beside a busy neighbour.

Usage:
    python -m benchmarks.llama_threads [--prompt-tokens 400] [--repeats 3] [--out DIR]

For each (threads writing, threads reading) pair, the embedded GGUF reads a prompt of real paper
text and writes 48 tokens; medians of prompt tokens/s and generation tokens/s are reported, with
the machine quiet and with one CPU-bound process that the benchmark starts and stops itself. Run
it with another llama-cpp-python build first on PYTHONPATH to compare builds; the report names
the build's system info (OpenMP, AVX2, AVX-512 ...).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPORTS, write_report

PAIRS = [(1, 1), (1, 2), (2, 2)]  # (writing, reading)


def _spin() -> None:
    while True:
        pass


def measure(model: str, writing: int, reading: int, tokens: list[int], repeats: int) -> dict[str, float]:
    from llama_cpp import Llama

    llm = Llama(model_path=model, n_ctx=2048, n_threads=writing, n_threads_batch=reading, verbose=False)
    prompt, gen = [], []
    for _ in range(repeats):
        llm.reset()
        start = time.perf_counter()
        llm.eval(tokens)
        prompt.append(len(tokens) / (time.perf_counter() - start))
        start, n = time.perf_counter(), 0
        # reset=True (the default) finds the prompt already in the KV cache and samples at once;
        # reset=False appended the whole prompt again, so "generation" timed a second prompt read.
        for _token in llm.generate(tokens, temp=0.0):
            n += 1
            if n == 48:
                break
        gen.append(n / (time.perf_counter() - start))
    llm.close()
    return {"prompt_tok_s": statistics.median(prompt), "gen_tok_s": statistics.median(gen)}


def main(argv: list[str] | None = None) -> int:
    import llama_cpp

    from assistant.llm import gguf_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompt-tokens", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--label", default="installed build")
    parser.add_argument("--out", type=Path, default=REPORTS / "llama_threads")
    args = parser.parse_args(argv)
    model = gguf_path()
    text = " ".join(Path(p).read_text() for p in sorted((Path(__file__).parent.parent / "index" / "data" /
                                                           "seeds").glob("*.txt"))[:1])  # fmt: skip
    from llama_cpp import Llama

    vocab = Llama(model_path=model, n_ctx=256, vocab_only=True, verbose=False)
    tokens = vocab.tokenize(text.encode())[: args.prompt_tokens]
    rows: list[dict[str, Any]] = []
    for busy in (False, True):
        neighbour = multiprocessing.Process(target=_spin, daemon=True) if busy else None
        if neighbour:
            neighbour.start()
        try:
            for writing, reading in PAIRS:
                load = os.getloadavg()[0]  # the machine may be shared: the 1-minute load before each row
                got = measure(model, writing, reading, tokens, args.repeats)
                rows.append({"busy": busy, "writing": writing, "reading": reading, **got, "load_1m": load})
                print(json.dumps(rows[-1]), flush=True)
        finally:
            if neighbour:
                neighbour.terminate()
                neighbour.join()
    info = llama_cpp.llama_print_system_info().decode().strip()
    result = {"build": args.label, "library": llama_cpp.__file__, "system_info": info,
              "cores": os.cpu_count(), "prompt_tokens": len(tokens), "rows": rows}  # fmt: skip
    md = [
        f"# llama.cpp threads, quiet and busy (`python -m benchmarks.llama_threads`): {args.label}",
        "",
        f"`{info}`; {len(tokens)} prompt tokens, 48 generated; medians of {args.repeats}.",
        "",
        "| neighbour | threads writing / reading | prompt tok/s | generation tok/s |",
        "|---|---|---|---|",
        *(
            f"| {'busy' if r['busy'] else 'quiet'} | {r['writing']} / {r['reading']} "
            f"| {r['prompt_tok_s']:.0f} | {r['gen_tok_s']:.0f} |"
            for r in rows
        ),
    ]
    write_report(args.out, result, "\n".join(md) + "\n")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
