"""A shared index on a real `chroma run` server: readers during a write, a restart mid-import."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from bulk_corpus import write_snapshot
from chroma_server import ChromaServer

from assistant.settings import Settings
from index.embeddings import Embedder
from index.library import Library

PAPERS = str(Path(sys.executable).with_name("papers"))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ChromaServer]:
    chroma = ChromaServer(tmp_path / "server").start()
    try:
        yield chroma
    finally:
        chroma.stop()


def writer(server: ChromaServer, home: Path, path: Path) -> subprocess.Popen[str]:
    """`papers index FILE` in its own process, small batches so that it is caught half-way."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    env.update(
        PAPERS_HOME=str(home),
        PAPERS_CHROMA_URL=server.url,
        PAPERS_IMPORT_BATCH="20",
        PAPERS_ADD_BATCH_SIZE="20",
        HF_HUB_OFFLINE="1",
    )
    return subprocess.Popen(
        [PAPERS, "index", str(path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for(predicate, proc: subprocess.Popen[str], timeout: float = 300) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert proc.poll() is None, f"the writer ended first: {proc.communicate()}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.mark.slow
def test_readers_keep_working_while_one_process_writes(
    server: ChromaServer, embedder: Embedder, tmp_path: Path
) -> None:
    seed = tmp_path / "seed.jsonl"
    write_snapshot(seed, 20)
    Library(Settings(home=tmp_path / "seeder", chroma_url=server.url), embedder).index([seed])
    big = tmp_path / "big.jsonl"
    write_snapshot(big, 200, start=20)
    proc = writer(server, tmp_path / "writer", big)
    readers = [
        Library(Settings(home=tmp_path / f"reader{i}", chroma_url=server.url), embedder) for i in range(3)
    ]
    seen: dict[int, list[int]] = {i: [] for i in range(3)}
    errors: list[BaseException] = []

    def read(i: int) -> None:
        lib = readers[i]
        modes = ("hybrid", "dense", "bm25")
        n = 0
        while proc.poll() is None or n < 3:
            try:
                hits = lib.search("how do otters find fish from underwater clicks", k=3, mode=modes[n % 3])
                assert hits and all(h.title.startswith("Otter Echolocation") for h in hits)
                seen[i].append(lib.store.counts()[0])
            except BaseException as exc:  # noqa: BLE001 - reported by the test thread
                errors.append(exc)
                return
            n += 1

    threads = [threading.Thread(target=read, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    out, err = proc.communicate(timeout=600)
    for t in threads:
        t.join(timeout=120)
    assert proc.returncode == 0, err
    assert "indexed 200 papers, 200 chunks: embedded 200 now" in out
    assert errors == []
    for counts in seen.values():
        assert len(counts) >= 3 and counts == sorted(counts)  # papers only ever appear, never vanish
    assert any(len(set(c)) > 1 for c in seen.values())  # the readers did read during the write
    for lib in readers:
        assert lib.store.counts() == (220, 220)
        # the BM25 side is rebuilt from the server's documents once the writer is done
        top = lib.search("Lighthouse Keeper Scheduling Study Number 219", k=1, mode="bm25")
        assert top[0].title == "Lighthouse Keeper Scheduling Study Number 219"


@pytest.mark.slow
def test_server_restarted_mid_import_then_resumed(
    server: ChromaServer, embedder: Embedder, tmp_path: Path
) -> None:
    big = tmp_path / "arxiv-metadata-oai-snapshot.json"
    records = write_snapshot(big, 240)
    proc = writer(server, tmp_path / "writer", big)
    reader = Library(Settings(home=tmp_path / "reader", chroma_url=server.url), embedder)
    wait_for(lambda: _chunks(reader) >= 60, proc)
    server.stop()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert f"The Chroma server at {server.url} did not answer" in err and "Nothing indexed is lost" in err
    assert "Traceback" not in err

    server.start()
    settings = Settings(home=tmp_path / "writer", chroma_url=server.url, import_batch=20, add_batch_size=20)
    lib = Library(settings, embedder)
    papers_before, chunks_before = lib.store.counts()
    assert 60 <= chunks_before < 240 and papers_before <= chunks_before
    report = Library(settings, embedder).index([big])
    assert report.papers == 240 and report.errors == []
    assert report.embedded == 240 - chunks_before  # what the server kept is not embedded again

    lib = Library(Settings(home=tmp_path / "reader2", chroma_url=server.url), embedder)
    assert lib.store.counts() == (240, 240)
    metas = lib.store.chunks.get(include=["metadatas"])["metadatas"] or []
    per_paper = Counter(str(m["paper_id"]) for m in metas)
    assert set(per_paper.values()) == {1} and set(per_paper) == {r.paper_id for r in lib.papers()}
    assert {r.meta["arxiv_id"] for r in lib.papers()} == {r["id"] for r in records}
    again = Library(settings, embedder).index([big])
    assert (again.unchanged, again.embedded) == (1, 0)


def _chunks(lib: Library) -> int:
    try:
        return lib.store.counts()[1]
    except Exception:  # noqa: BLE001 - not created yet
        lib.__dict__.pop("store", None)
        return 0
