"""Tune the evidence selector's weights on the dev answer questions; report dev and test.

For each answer-type question (with nuggets) the chain's sources are retrieved as `papers ask`
does (hybrid, k sources, at most `per_paper` chunks of one paper, itself part of the grid); the
selector then picks quotes under each weight setting of a small grid. Measured: the asked fact
(every nugget, numbers by value) in the first quote, and in any of the up-to-three quotes; and
whether the first quote comes from the question's paper (what the answer screen takes as the paper
that answers). The objective is the sum of the three.
Everything is chosen on dev only.

    python -m benchmarks.tune_evidence [--out benchmarks/reports/evidence]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from dataclasses import asdict, replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant import evidence, prompts  # noqa: E402
from assistant.answer import Source  # noqa: E402
from assistant.chain import diversify, spare  # noqa: E402
from assistant.verifier import Verifier  # noqa: E402
from benchmarks.common import QUESTIONS, indexed_library, write_report  # noqa: E402
from eval.questions import read_questions, resolve_gold  # noqa: E402
from index.library import Library  # noqa: E402
from index.settings import Settings  # noqa: E402

GRID = {
    "terms": [0.0, 0.25, 0.5, 0.75],
    "number": [0.0, 0.1, 0.2, 0.3],
    "name": [0.0, 0.1, 0.2],
    "keep_within": [0.15, 0.3, 0.5],
    "rank": [0.0, 0.1, 0.2],
    "paper": [0.0, 0.25, 0.5],
    "focus": [0.0, 0.25, 0.5, 0.75],
}
# the weights before the paper term (measured beside the chosen ones, in the same run)
BEFORE = {"terms": 0.25, "number": 0.2, "name": 0.2, "rank": 0.2, "paper": 0.0, "focus": 0.0}
# (the weights before the focus term are the shipped ones with focus 0: "without_focus" in the report)
PER_PAPER = [2, 3]  # chunks of one paper among the k sources (Settings.per_paper)
RESERVE = [0, 1, 2, 4]  # more chunks of the sources' papers, quotable (Settings.evidence_reserve)


def sources_for(
    library: Library, settings: Settings, question: str, per_paper: int, reserve: int
) -> list[Source]:
    """The k sources, then up to `reserve` more chunks of their papers (numbered after them)."""
    candidates = library.retriever.chunks(question, settings.mode, settings.candidates)
    hits = diversify(candidates, settings.k, per_paper)
    hits += spare(candidates, hits, reserve)
    return [
        Source(i, h.paper_id, h.title, h.source, prompts.defang(h.text)[0], h.chunk_id, h.dense, h.meta)
        for i, h in enumerate(hits, 1)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "reports" / "evidence")
    parser.add_argument("--dev-only", action="store_true", help="tune and print dev; measure no test")
    args = parser.parse_args(argv)
    settings, library = indexed_library()
    questions = resolve_gold(
        [q for q in read_questions(args.questions) if q.type == "answer" and q.nuggets],
        [(r.paper_id, r.title) for r in library.papers()],
    )
    verifier = Verifier(library.embedder)
    prepared = {
        (n, r): [
            (q, evidence.candidates(q.question, sources_for(library, settings, q.question, n, r), verifier))
            for q in questions
        ]
        for n in PER_PAPER
        for r in RESERVE
    }
    now = (settings.per_paper, settings.evidence_reserve)

    def measure(weights: evidence.Weights, split: str, at: tuple[int, int] = now) -> dict[str, float]:
        """The asked fact in the first quote, in any, and the first quote's paper, on one split."""
        rows = [(q, s) for q, s in prepared[at] if q.split == split]
        first = anywhere = paper = 0
        for q, found in rows:
            picked = evidence.pick(found, weights)
            rank = evidence.rank_of_fact(list(q.nuggets), picked)
            first += rank == 1
            anywhere += rank is not None
            paper += bool(picked) and picked[0].paper_id in q.gold
        return {
            "questions": len(rows),
            "fact_in_first_quote": first / len(rows),
            "fact_in_quotes": anywhere / len(rows),
            "first_quote_from_the_paper": paper / len(rows),
        }

    results = []
    for at in prepared:
        for values in itertools.product(*GRID.values()):
            weights = replace(evidence.Weights(), **dict(zip(GRID, values, strict=True)))
            dev = measure(weights, "dev", at)
            # ties go to the current retrieval settings, then to the grid's first (smallest) weights
            score = dev["fact_in_quotes"] + dev["fact_in_first_quote"] + dev["first_quote_from_the_paper"]
            results.append((score, at != now, at, weights, dev))
    results.sort(key=lambda r: (-r[0], r[1]))
    _, _, at, best, dev = results[0]
    per_paper, reserve = at
    by_setting = {
        f"per_paper {n}, reserve {r}": measure(evidence.Weights(), "dev", (n, r)) for n, r in prepared
    }
    if args.dev_only:
        chosen = {"per_paper": per_paper, "reserve": reserve, "weights": asdict(best), "dev": dev}
        print(json.dumps({**chosen, "dev_with_default_weights": by_setting}, indent=2))
        return 0
    report = {
        "tuned_on": "dev answer questions of eval/questions.jsonl",
        "chosen": asdict(best),
        "per_paper": per_paper,
        "evidence_reserve": reserve,
        "default": asdict(evidence.Weights()),
        "dev": dev,
        "dev_with_default_weights": by_setting,
        "test": measure(best, "test", at),
        "test_with_default": measure(evidence.Weights(), "test"),
        "before": BEFORE,
        "before_dev": measure(replace(evidence.Weights(), **BEFORE), "dev"),
        "before_test": measure(replace(evidence.Weights(), **BEFORE), "test"),
        "without_focus_dev": measure(replace(evidence.Weights(), focus=0.0), "dev"),
        "without_focus_test": measure(replace(evidence.Weights(), focus=0.0), "test"),
        "no_bonus_baseline_test": measure(
            replace(evidence.Weights(), terms=0.0, number=0.0, name=0.0, paper=0.0), "test"
        ),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    write_report(args.out, report)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
