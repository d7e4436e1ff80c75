"""Generated JSON Lines collections for the bulk-import tests (arXiv snapshot format or ours)."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

TOPICS = [
    ("Otter Echolocation Networks", "otters locate fish from underwater clicks", "q-bio.PE"),
    (
        "Glacier Melt Forecasting",
        "glacier melt is forecast from satellite temperature series",
        "physics.ao-ph",
    ),
    ("Beehive Acoustic Monitoring", "the hum of a beehive reveals whether the queen is alive", "eess.AS"),
    ("Vineyard Frost Prediction", "frost nights in vineyards are predicted from soil sensors", "cs.LG"),
    ("Lighthouse Keeper Scheduling", "lighthouse shifts are scheduled with integer programming", "math.OC"),
]
_WORDS = [
    "model",
    "data",
    "method",
    "network",
    "training",
    "results",
    "task",
    "learning",
    "performance",
    "approach",
    "based",
    "proposed",
    "show",
    "experiments",
    "feature",
    "accuracy",
    "dataset",
    "benchmark",
    "framework",
    "optimization",
]


def arxiv_record(i: int, rng: random.Random) -> dict[str, Any]:
    """One paper in the arXiv snapshot's shape, titles and abstracts wrapped over lines as arXiv does."""
    title, claim, category = TOPICS[i % len(TOPICS)]
    filler = ". ".join(" ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() for _ in range(3))
    return {
        "id": f"2{i // 1000:03d}.{i % 100000:05d}",
        "submitter": "A. Author",
        "authors": "A. One, B. Two and C. Three",
        "title": f"{title} Study\n  Number {i}",
        "comments": "10 pages",
        "categories": f"{category} cs.AI" if i % 2 else category,
        "abstract": f"  We show that {claim} in setting {i}. {filler}.\n",
        "update_date": f"{2020 + i % 4}-{1 + i % 12:02d}-{1 + i % 28:02d}",
    }


def write_snapshot(
    path: Path, n: int, seed: int = 0, start: int = 0, gz: bool = False
) -> list[dict[str, Any]]:
    """Write n arXiv-style lines (ids from `start`); returns the records written."""
    rng = random.Random(seed)
    records = [arxiv_record(i, rng) for i in range(start, start + n)]
    text = "".join(json.dumps(r) + "\n" for r in records)
    if gz:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return records
