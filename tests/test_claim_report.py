"""The claim report's batch table: a batch of false claims only has no true-claim rates to show."""

from __future__ import annotations

import json
from pathlib import Path

from eval import claimbench

REPORT = Path(__file__).resolve().parent.parent / "benchmarks" / "reports" / "claims"


def test_a_batch_without_true_claims_shows_no_rate_for_them() -> None:
    result = json.loads((REPORT / "report.json").read_text())
    rows = json.loads((REPORT / "claims.json").read_text())
    batches = result["batches"]
    only_false = next(name for name, b in batches.items() if b["true_n"] == 0)
    with_true = next(name for name, b in batches.items() if b["true_n"] > 0)
    lines = claimbench.markdown(result, rows).splitlines()
    row = next(line for line in lines if line.startswith(f"| {only_false} |"))
    assert row.split(" | ")[3] == "n/a" and row.split(" | ")[5] == "n/a"
    assert row.split(" | ")[4] != "n/a"  # its false claims are still counted
    other = next(line for line in lines if line.startswith(f"| {with_true} |"))
    assert "n/a" not in other
