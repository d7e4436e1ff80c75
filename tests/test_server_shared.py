"""A shared index on a real `chroma run` server: readers during a write, a restart mid-import."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from helpers.bulk_corpus import write_snapshot
from helpers.embedders import link_graph
from helpers.servers import ChromaServer
from helpers.token_proxy import TokenProxy

from index.embeddings import Embedder
from index.errors import IndexBusy, StoreUnavailable
from index.library import Library
from index.settings import Settings

PAPERS = str(Path(sys.executable).with_name("papers"))


def writer(server: ChromaServer, home: Path, path: Path, graph: Path) -> subprocess.Popen[str]:
    """`papers index FILE` in its own process, small batches so that it is caught half-way; the ONNX
    graph is in its home already, as a first `papers index` leaves it (not written again here)."""
    link_graph(graph, Settings(home=home).models_dir)
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
    chroma_server: ChromaServer, embedder: Embedder, tmp_path: Path, onnx_graph: Path
) -> None:
    server = chroma_server
    seed = tmp_path / "seed.jsonl"
    write_snapshot(seed, 20)
    Library(Settings(home=tmp_path / "seeder", chroma_url=server.url), embedder).index([seed])
    big = tmp_path / "big.jsonl"
    write_snapshot(big, 200, start=20)
    proc = writer(server, tmp_path / "writer", big, onnx_graph)
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
    chroma_server: ChromaServer, embedder: Embedder, tmp_path: Path, onnx_graph: Path
) -> None:
    server = chroma_server
    big = tmp_path / "arxiv-metadata-oai-snapshot.json"
    records = write_snapshot(big, 240)
    proc = writer(server, tmp_path / "writer", big, onnx_graph)
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


def test_a_second_writer_on_a_shared_server_is_refused(
    chroma_server: ChromaServer, embedder: Embedder, tmp_path: Path
) -> None:
    server = chroma_server
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text("# Tide Tables\n\nThe moon pulls the ocean, so coasts see two high waters a day.\n")
    second.write_text("# Bread Rising\n\nYeast breathes out gas, and the gas makes the dough rise.\n")
    a = Library(Settings(home=tmp_path / "a", chroma_url=server.url), embedder)
    a.index([first])
    assert "writer" not in (a.store.chunks.metadata or {})  # released when the write ended
    assert a.store.claim_writer("otherhost:4242:abcd", ttl=60) is None  # a writer on another machine
    b = Library(Settings(home=tmp_path / "b", chroma_url=server.url), embedder)
    with pytest.raises(IndexBusy, match=r"pid 4242 on otherhost.*lease runs out within 60 s"):
        b.index([second])
    assert [r.title for r in b.papers()] == ["Tide Tables"]  # nothing touched
    a.store.claim_writer("otherhost:4242:abcd", ttl=-1)  # it died: its lease has run out
    assert b.index([second]).papers == 1
    assert sorted(r.title for r in b.papers()) == ["Bread Rising", "Tide Tables"]

    # a writer on this machine that was killed before it could let go: no wait for its lease
    ended = subprocess.Popen(["true"])
    ended.wait()
    assert a.store.claim_writer(f"{socket.gethostname()}:{ended.pid}:dead", ttl=600) is None
    third = tmp_path / "third.md"
    third.write_text("# Kite Lines\n\nWind lifts the kite while the line holds it against the pull.\n")
    assert b.index([third]).papers == 1
    live = f"{socket.gethostname()}:{os.getpid()}:alive"  # a live process here still holds it
    assert a.store.claim_writer(live, ttl=600) is None
    with pytest.raises(IndexBusy):
        b.index([first])


def test_a_token_protected_server_takes_the_token_and_refuses_others(
    chroma_server: ChromaServer, embedder: Embedder, tmp_path: Path
) -> None:
    server = chroma_server
    doc = tmp_path / "tides.md"
    doc.write_text("# Tide Tables\n\nThe moon pulls the ocean, so coasts see two high waters a day.\n")
    with TokenProxy(server.url, "s3cret") as proxy:
        good = Library(Settings(home=tmp_path / "a", chroma_url=proxy.url, chroma_token="s3cret"), embedder)
        assert good.index([doc]).papers == 1
        assert good.search("why are there two high tides", k=1)[0].title == "Tide Tables"
        for token in ("wrong", None):
            bad = Library(Settings(home=tmp_path / "b", chroma_url=proxy.url, chroma_token=token), embedder)
            with pytest.raises(StoreUnavailable, match="refused.*PAPERS_CHROMA_TOKEN"):
                bad.search("tides")


@pytest.mark.slow  # `papers serve-index` in a new process
def test_serve_index_serves_the_data_folder_and_stays_on_loopback(
    embedder: Embedder,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    free_port: int,
) -> None:
    from ui import cli

    monkeypatch.setenv("PAPERS_HOME", str(tmp_path / "server-home"))
    assert cli.main(["serve-index", "--host", "0.0.0.0"]) == 1
    assert "no authentication" in capsys.readouterr().err

    port = free_port
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    env["PAPERS_HOME"] = str(tmp_path / "server-home")
    proc = subprocess.Popen(
        [PAPERS, "serve-index", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while not _answers(url):
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
            time.sleep(0.3)
        lib = Library(Settings(home=tmp_path / "client", chroma_url=url), embedder)
        doc = tmp_path / "tides.md"
        doc.write_text("# Tide Tables\n\nThe moon pulls the ocean into two high waters a day.\n")
        assert lib.index([doc]).papers == 1
        assert [r.title for r in lib.papers()] == ["Tide Tables"]
        assert (tmp_path / "server-home" / "chroma" / "chroma.sqlite3").is_file()  # the server's own folder
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
            return True
    except OSError:
        return False
