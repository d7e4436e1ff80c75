"""The duplicate check when one paper is added to a library of 100, 1,000 and 10,000 papers: every pair
compared (the old way) against blocks (index.duplicates); prints a table of seconds and writes
benchmarks/reports/dedupe/.

Run `.venv/bin/python -m benchmarks.dedupe` (about a minute on 2 cores). The library is made up:
abstract-sized texts (120 to 260 words) drawn from a Zipf vocabulary, so that common phrases repeat
across papers as in real abstracts. What is timed is `mark_duplicates(library + [new])`, the step
`papers index` runs over the stored papers and the new one; reading the store is not included.
Every pair at 10,000 papers would take minutes: it is extrapolated from 1,000 (it grows with the
square of the library) unless --pairwise-all is given.

Usage: python -m benchmarks.dedupe --sizes 100 1000 -> a table of two rows
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

from benchmarks.common import write_report
from index.duplicates import mark_duplicates
from index.papers import Paper, _features, new_paper

OUT = Path(__file__).parent / "reports" / "dedupe"
SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "xe", "za", "bo", "de", "fi"]


def library(n: int, seed: int = 0) -> list[Paper]:
    """n made-up papers, each with a title and an abstract-sized text."""
    rng = random.Random(seed)
    vocab = list({"".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(30_000)})
    weights = [1 / (i + 1) for i in range(len(vocab))]
    return [
        new_paper(
            " ".join(rng.choices(vocab, k=rng.randint(4, 10))).title(),
            " ".join(rng.choices(vocab, weights, k=rng.randint(120, 260))) + ".",
            f"synthetic/{i}.txt",
            "text",
        )
        for i in range(n)
    ]


def seconds(papers: list[Paper], pairwise: bool) -> float:
    """Time of one duplicate check over `papers`, text features not cached beforehand."""
    _features.cache_clear()
    began = time.perf_counter()
    marked = mark_duplicates(papers, pairwise=pairwise)
    took = time.perf_counter() - began
    assert sum(1 for p in marked if p.duplicate_of) == 1  # the new paper repeats one of the library
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--pairwise-all", action="store_true", help="time every pair at every size")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        papers = library(n)
        rng = random.Random(n)
        base = papers[rng.randrange(n)]
        new = new_paper(None, base.text[: len(base.text) * 3 // 4], "new.txt", "text")  # an earlier version
        papers = [*papers, new]
        blocked = seconds(papers, pairwise=False)
        if n <= 1000 or args.pairwise_all:
            old, measured = seconds(papers, pairwise=True), True
        else:  # quadratic: scaled from the largest size measured
            m, t = max((r["papers"], r["pairwise_s"]) for r in rows if r["pairwise_measured"])
            old, measured = t * (n / m) ** 2, False
        rows.append({"papers": n, "pairwise_s": old, "pairwise_measured": measured, "blocked_s": blocked})
        guess = "" if measured else " (extrapolated)"
        print(f"{n:>6} papers: pairwise {old:8.2f} s{guess}, blocked {blocked:.2f} s")
    lines = ["| library | every pair (s) | blocks (s) | ratio |", "|---:|---:|---:|---:|"]
    for r in rows:
        star = "" if r["pairwise_measured"] else " (extrapolated)"
        ratio = r["pairwise_s"] / r["blocked_s"]
        lines.append(
            f"| {r['papers']:,} | {r['pairwise_s']:.2f}{star} | {r['blocked_s']:.2f} | {ratio:,.0f}x |"
        )
    table = "\n".join(lines)
    print(table)
    about = (
        "Made-up abstracts of 120 to 260 words, one of them repeated as a shortened earlier version; "
        "seconds of `mark_duplicates(library + [new])` on the CPU. Every pair at sizes over 1,000 is "
        "extrapolated from 1,000 (it grows with the square of the library).\n"
    )
    write_report(OUT, {"rows": rows}, f"# Adding one paper: the duplicate check\n\n{about}\n{table}\n")


if __name__ == "__main__":
    main()
