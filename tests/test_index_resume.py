"""`papers index` killed part-way (SIGKILL) leaves a partial store that the next run completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from helpers.embedders import link_graph

from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings

PAPERS = str(Path(sys.executable).with_name("papers"))


def stored_rows(settings: Settings) -> int:
    """Records Chroma has logged so far, read straight from its SQLite file (0 before it exists)."""
    db = settings.chroma_dir / "chroma.sqlite3"
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("select count(*) from embeddings_queue").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_killed_index_resumes_to_the_clean_result(
    settings: Settings, embedder: Embedder, library: Library, onnx_graph: Path
) -> None:
    clean = library.store.chunk_ids()
    link_graph(onnx_graph, settings.models_dir)  # as a first `papers index` leaves it: not written again
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    env.update(PAPERS_HOME=str(settings.home), PAPERS_ADD_BATCH_SIZE="8", HF_HUB_OFFLINE="1")
    proc = subprocess.Popen([PAPERS, "index"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 400
        while stored_rows(settings) < 24 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert proc.poll() is None, f"the run ended before it could be killed: {proc.communicate()[1]!r}"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    partial = Library(settings, embedder)
    papers, chunks = partial.store.counts()
    assert papers == 0 and 24 <= chunks < len(clean)  # paper records come only after all their chunks
    assert partial.store.chunk_ids() < clean

    start = embedder.embedded
    report = Library(settings, embedder).index()
    assert report.errors == [] and report.papers == 123
    assert report.embedded == embedder.embedded - start == len(clean) - chunks  # nothing embedded twice

    lib = Library(settings, embedder)
    assert lib.store.chunk_ids() == clean
    got = lib.store.chunks.get(include=["metadatas"])
    metas = got["metadatas"] or []
    records = {r.paper_id: r for r in lib.papers()}
    assert len(records) == 123
    per_paper = Counter(str(m["paper_id"]) for m in metas)
    assert set(per_paper) == set(records)  # no orphan chunk, no paper without chunks
    assert all(per_paper[pid] == r.chunks for pid, r in records.items())
    assert len({(m["paper_id"], m["position"]) for m in metas}) == len(metas)  # no duplicate chunk
    assert (
        lib.search("one-shot pruning of transformers without retraining", k=1)[0].paper_id == "p5f59f6c1004"
    )
