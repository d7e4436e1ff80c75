"""The dev-split tuners' choices and the BM25 benchmark's plumbing, on small inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.chain import declines
from benchmarks import bm25, hnsw
from benchmarks.tune_abstention import choose, rates

ROWS = [  # (dense, keyword): two out-of-corpus questions, three answerable ones
    {"qid": "o1", "type": "out-of-corpus", "split": "dev", "dense": 0.30, "keyword": 0.40},
    {"qid": "o2", "type": "out-of-corpus", "split": "dev", "dense": 0.44, "keyword": 0.70},
    {"qid": "a1", "type": "answer", "split": "dev", "dense": 0.45, "keyword": 0.87},
    {"qid": "a2", "type": "known-item", "split": "dev", "dense": 0.60, "keyword": 0.30},
    {"qid": "a3", "type": "topical", "split": "dev", "dense": 0.70, "keyword": 1.10},
    {"qid": "t1", "type": "answer", "split": "test", "dense": 0.10, "keyword": 0.10},  # never used
]


def test_abstention_is_chosen_on_dev_for_accuracy_and_keeps_a_tie_at_the_current_setting() -> None:
    assert declines(ROWS[0]["dense"], ROWS[0]["keyword"], 0.46, 0.9)  # the chain's own rule
    assert not declines(ROWS[4]["dense"], ROWS[4]["keyword"], 0.46, 0.9)
    before = rates(ROWS[:5], 0.46, 0.9)
    assert before["falsely_declined"] == ["a1"] and before["out_of_corpus_declined"] == "2/2"
    chosen = choose(ROWS, (0.46, 0.9))
    after = rates(ROWS[:5], *chosen)
    assert after["accuracy"] == 1.0 and after["out_of_corpus_declined"] == "2/2"
    assert 0.70 < chosen[1] <= 0.87 or chosen[0] <= 0.45  # between o2 and a1 on one axis
    assert choose(ROWS, chosen) == chosen  # already best: kept


@pytest.mark.slow  # runs the BM25 benchmark end to end
def test_bm25_bench_builds_reads_memory_mapped_and_catches_up(tmp_path: Path) -> None:
    assert bm25.main(["--sizes", "1500", "--queries", "8", "--out", str(tmp_path)]) == 0
    row = json.loads((tmp_path / "report.json").read_text())["sizes"][0]
    assert row["docs"] == 1500 and row["mmap"] == "memmap"
    assert row["delta_docs"] == bm25.ADDED and row["new_paper_found"]
    assert "| 1,500 |" in (tmp_path / "report.md").read_text()


def _ef(ef: int, dev: float, p50: float, test: float = 1.0) -> dict[str, object]:
    at = f"recall@{hnsw.DEPTH}"
    return {"ef_search": ef, "dev": {at: dev}, "test": {at: test}, "hybrid_p50_ms": p50}


def test_ef_search_is_the_smallest_that_every_size_recalls_on_dev_within_the_latency_budget() -> None:
    small = {"efs": [_ef(100, 0.97, 20), _ef(200, 0.99, 22), _ef(400, 1.0, 30)]}
    large = {"efs": [_ef(100, 0.60, 50), _ef(200, 0.96, 70, test=0.5), _ef(400, 0.99, 90)]}
    assert hnsw.choose([small], [100, 200, 400]) == 100
    assert hnsw.choose([small, large], [100, 200, 400]) == 200  # test recall plays no part
    slow = {"efs": [_ef(100, 0.60, 50), _ef(200, 0.90, 100), _ef(400, 0.99, 200)]}
    assert hnsw.choose([small, slow], [100, 200, 400]) is None  # none is both: say so
