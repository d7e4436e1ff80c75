"""Searches while a write lands: none fails, and the BM25 rebuild after the write runs once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from index.sparse import Sparse

PAPER = "# {title}\n\n{title} studies sparse attention for long documents, with {n} experiments.\n"


def _write(folder: Path, n: int) -> Path:
    path = folder / f"paper{n}.md"
    path.write_text(PAPER.format(title=f"Long Context Study {n}", n=n))
    return path


def test_searches_while_writes_land_never_fail(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    library = Library(settings, embedder)
    library.index([_write(tmp_path, 0)])
    reader = Library(settings, embedder)  # the chat's reading side: its own retriever
    errors: list[BaseException] = []
    found: list[int] = []
    stop = threading.Event()

    def search() -> None:
        while not stop.is_set():
            try:
                hits = reader.search("sparse attention long documents", k=3, mode="hybrid")
                hits += reader.search("long context study", k=3, mode="bm25")
                found.append(len(hits))
            except BaseException as exc:  # noqa: BLE001 - any failure is the finding
                errors.append(exc)
                return

    threads = [threading.Thread(target=search) for _ in range(8)]
    for t in threads:
        t.start()
    try:
        for n in range(1, 5):  # four writes while eight readers search
            library.index([_write(tmp_path, n)])
        library.remove(str(tmp_path / "paper1.md"))
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
    assert errors == []
    assert found and min(found) > 0
    titles = {h.title for h in reader.search("long context study", k=10, mode="bm25")}
    assert titles == {f"Long Context Study {n}" for n in (0, 2, 3, 4)}


def test_concurrent_readers_share_one_rebuild(
    settings: Settings, embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(settings, embedder)
    library.index([_write(tmp_path, 0)])
    builds: list[str] = []
    real_build = Sparse._build

    def counting_build(self: Sparse, generation: str):  # type: ignore[no-untyped-def]
        builds.append(generation)
        return real_build(self, generation)

    monkeypatch.setattr(Sparse, "_build", counting_build)
    # no saved index to load: every reader must build, or wait for the one build
    monkeypatch.setattr(Sparse, "_load", lambda self, generation: None)
    sparse = Library(settings, embedder).retriever.sparse
    barrier = threading.Barrier(8)
    seen: list[int] = []

    def reader() -> None:
        barrier.wait()
        seen.append(len(sparse.search("long documents", 5)))

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert seen == [1] * 8
    assert len(builds) == 1
