"""HNSW search breadth (`ef_search`): a new index takes the setting, an older one takes it when a
writer opens it, a reader changes nothing, and the setting reaches the nearest-neighbour search."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from index.store import Store

N, DIM, K = 4000, 64, 50

READ = """
import json, sys
import numpy as np
from index.settings import Settings
from index.store import Store
home, data = sys.argv[1], np.load(sys.argv[2])
store = Store(Settings(home=home, chroma_url=None), "random", data.shape[1])
print(json.dumps([[int(i[1:]) for i, *_ in store.query(q.tolist(), int(sys.argv[3]))] for q in data]))
"""


def _breadth(settings: Settings, embedder: Embedder) -> int:
    return int(Library(settings, embedder).store.chunks.configuration["hnsw"]["ef_search"])


def test_a_new_index_takes_the_setting_and_an_older_one_takes_it_when_indexed_again(
    tmp_path: Path, embedder: Embedder
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "tides.txt").write_text("Why the Sea Has Tides\nThe moon pulls the ocean towards it.\n")
    (docs / "stars.txt").write_text("How Stars Shine\nStars fuse hydrogen into helium in their cores.\n")
    old = Settings(home=tmp_path / "home", chroma_url=None, ef_search=100)
    Library(old, embedder).index([docs])
    assert _breadth(old, embedder) == 100

    wider = old.model_copy(update={"ef_search": 400})
    assert _breadth(wider, embedder) == 100  # a reader (search, chat) writes nothing
    report = Library(wider, embedder).index([docs])
    assert (report.embedded, report.unchanged) == (0, 2)  # nothing re-embedded: a setting, not a rebuild
    assert _breadth(wider, embedder) == 400
    assert Library(wider, embedder).search("moon and the sea", k=1)[0].title == "Why the Sea Has Tides"


@pytest.mark.slow  # thousands of vectors into a real Chroma, searched both ways
def test_a_wider_search_finds_more_of_the_exact_nearest_chunks(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((N, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    noise = rng.standard_normal((30, DIM)).astype(np.float32)
    queries = vectors[rng.choice(N, 30, replace=False)] + 0.5 * noise
    np.save(tmp_path / "queries.npy", queries)
    exact = np.argsort(-(queries @ vectors.T), axis=1)[:, :K]
    home = tmp_path / "home"
    narrow = Settings(home=home, chroma_url=None, ef_search=10)
    store = Store(narrow, "random", DIM, create=True)
    for lo in range(0, N, 1000):
        store.chunks.add(
            ids=[f"c{i}" for i in range(lo, lo + 1000)],
            embeddings=vectors[lo : lo + 1000],  # type: ignore[arg-type]
            metadatas=[{"paper_id": f"p{i}"} for i in range(lo, lo + 1000)],
            documents=["x"] * 1000,
        )

    def recall() -> float:  # a fresh reader process, as `papers search` is
        cmd = [sys.executable, "-c", READ, str(home), str(tmp_path / "queries.npy"), str(K)]
        got = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        rows = json.loads(got.splitlines()[-1])
        return float(np.mean([len(set(r) & set(e)) / K for r, e in zip(rows, exact.tolist(), strict=True)]))

    before = recall()
    Store(narrow.model_copy(update={"ef_search": 500}), "random", DIM, create=True)  # as `papers index`
    after = recall()
    assert after >= 0.98 and after > before + 0.05, (before, after)
