"""Bulk JSON Lines import: streamed, batched, resumable, duplicates by id, metadata as filters."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest
from helpers.bulk_corpus import write_snapshot
from helpers.embedders import HashEmbedder

from index.embeddings import Embedder
from index.errors import PapersError
from index.jsonl import paper_from_record, read_rows
from index.library import Library
from index.retrieval import Filters
from index.settings import Settings
from ui import cli, commands


class CountingEmbedder(HashEmbedder):
    """Records the size of every batch it is given; can fail on a chosen call. Its vectors are hashed
    words (helpers.embedders): the tests that use it count what is embedded and stored, not rankings."""

    def __init__(self, fail_on_call: int = 0) -> None:
        super().__init__()
        self.batches: list[int] = []
        self.fail_on_call = fail_on_call

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.batches.append(len(texts))
        if len(self.batches) == self.fail_on_call:
            raise KeyboardInterrupt  # what a Ctrl-C half-way through an import raises
        return super().embed_documents(texts)


@pytest.fixture
def hashed() -> HashEmbedder:
    """For the tests of what is embedded, stored and skipped: no search here depends on meaning."""
    return HashEmbedder()


def test_arxiv_and_own_records_become_papers_with_their_metadata() -> None:
    arxiv = paper_from_record(
        {
            "id": "2305.01234",
            "title": "Sparse  Attention\n  for Long Inputs",
            "abstract": "  We prune attention.\n It works.",
            "authors": "A. One, B. Two and C. Three",
            "categories": "cs.CL cs.LG",
            "update_date": "2023-05-19",
        },
        "snap.json",
    )
    assert (arxiv.title, arxiv.text, arxiv.fmt) == (
        "Sparse Attention for Long Inputs",
        "We prune attention. It works.",
        "jsonl",
    )
    assert arxiv.meta == {
        "arxiv_id": "2305.01234",
        "authors": 3,
        "date": "2023-05-19",
        "categories": "cs.CL cs.LG",
    }
    ours = paper_from_record(
        {
            "id": "x-1",
            "title": "T",
            "abstract": "A b c.",
            "authors": ["a", "b"],
            "date": "May 2, 2024",
            "categories": ["cs.CV"],
        },
        "mine.jsonl",
    )
    assert ours.meta == {"id": "x-1", "authors": 2, "date": "May 2, 2024", "categories": "cs.CV"}
    untitled = paper_from_record({"abstract": "We propose FooNet, a fast net. It is fast."}, "mine.jsonl")
    assert untitled.title_derived and untitled.title == "FooNet, a fast net"
    with pytest.raises(ValueError, match="no abstract"):
        paper_from_record({"title": "only a title"}, "mine.jsonl")


def test_reading_is_lazy_and_bad_lines_are_reported_by_number(tmp_path: Path) -> None:
    path = tmp_path / "snap.json"
    write_snapshot(path, 2000)
    with path.open("a") as fh:
        fh.write("{not json\n" + json.dumps({"title": "no abstract here"}) + "\n" + json.dumps([1, 2]) + "\n")
    rows = read_rows(path, "snap.json")
    first = next(rows)
    assert first.paper is not None and first.line == 1
    assert first.offset < path.stat().st_size / 10  # one buffer read, not the whole file
    rest = list(rows)
    assert sum(r.paper is not None for r in rest) == 1999
    assert [r.error for r in rest if r.paper is None] == [
        "line 2001: not JSON",
        "line 2002: no abstract",
        "line 2003: not a JSON object",
    ]
    gz = tmp_path / "snap.jsonl.gz"
    write_snapshot(gz, 30, gz=True)
    assert sum(r.paper is not None for r in read_rows(gz, "snap.jsonl.gz")) == 30


def test_import_is_batched_idempotent_and_reports_bad_lines(
    settings: Settings,
    hashed: HashEmbedder,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    records = write_snapshot(path, 120)
    path.write_text(path.read_text() + "garbage line\n")
    settings = settings.model_copy(update={"import_batch": 25, "add_batch_size": 16})
    counting = CountingEmbedder()
    report = Library(settings, counting).index([path])
    assert (report.papers, report.chunks, report.embedded, report.errors) == (120, 120, 120, [])
    assert report.bad_lines == [f"{path.resolve()}: line 121: not JSON"]
    assert max(counting.batches) <= 16  # the embedder and the store get bounded batches
    lib = Library(settings, hashed)
    assert lib.store.counts() == (120, 120)
    assert {r.meta["arxiv_id"] for r in lib.papers()} == {r["id"] for r in records}

    again = Library(settings, counting).index([path])
    assert (again.unchanged, again.embedded, again.papers) == (1, 0, 120)
    monkeypatch.setenv("PAPERS_HOME", str(settings.home))
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, hashed))
    assert cli.main(["index", str(path)]) == 0  # through the CLI too: unchanged, nothing embedded
    out = capsys.readouterr().out
    assert "indexed 120 papers, 120 chunks: embedded 0 now, 1 source unchanged" in out
    assert cli.main(["list"]) == 0  # a bulk collection is summed up, not printed paper by paper
    out = capsys.readouterr().out
    assert out.startswith("0 papers\n") and f"+ 120 papers from {path.resolve()} (bulk)" in out
    assert cli.main(["list", "--source", str(path)]) == 0
    assert capsys.readouterr().out.endswith("120 papers\n")


def test_interrupted_import_resumes_without_embedding_twice(
    settings: Settings, hashed: HashEmbedder, tmp_path: Path
) -> None:
    path = tmp_path / "snap.jsonl"
    write_snapshot(path, 100)
    settings = settings.model_copy(update={"import_batch": 20, "add_batch_size": 10})
    failing = CountingEmbedder(fail_on_call=5)  # batches 1-4 are stored, then Ctrl-C
    with pytest.raises(KeyboardInterrupt):
        Library(settings, failing).index([path])
    lib = Library(settings, hashed)
    papers, chunks = lib.store.counts()
    assert (papers, chunks) == (40, 40)  # whole batches only: 2 batches of 20 papers, records after chunks
    assert not lib.store.source_state(str(path.resolve()))["done"]

    report = Library(settings, hashed).index([path])
    assert (report.papers, report.embedded) == (100, 60)  # the first 40 are skipped, not embedded again
    lib = Library(settings, hashed)
    assert lib.store.counts() == (100, 100)
    per_paper = Counter(
        str(m["paper_id"]) for m in lib.store.chunks.get(include=["metadatas"])["metadatas"] or []
    )
    assert set(per_paper) == {r.paper_id for r in lib.papers()} and set(per_paper.values()) == {1}


def test_a_batch_killed_between_its_chunks_and_its_records_is_not_embedded_again(
    settings: Settings, hashed: HashEmbedder, tmp_path: Path
) -> None:
    path = tmp_path / "snap.jsonl"
    write_snapshot(path, 100)
    settings = settings.model_copy(update={"import_batch": 20, "add_batch_size": 10})
    failing = CountingEmbedder(fail_on_call=6)  # batch 3's first 10 chunks are stored, then Ctrl-C
    with pytest.raises(KeyboardInterrupt):
        Library(settings, failing).index([path])
    assert Library(settings, hashed).store.counts() == (40, 50)  # 10 chunks without their records

    report = Library(settings, hashed).index([path])
    assert (report.papers, report.embedded, report.removed_chunks) == (100, 50, 0)  # the 10 are reused
    lib = Library(settings, hashed)
    assert lib.store.counts() == (100, 100) and lib.store.pending_writes() == {}


def test_a_killed_batch_whose_papers_left_the_file_loses_their_chunks(
    settings: Settings, hashed: HashEmbedder, tmp_path: Path
) -> None:
    path = tmp_path / "snap.jsonl"
    write_snapshot(path, 100)
    settings = settings.model_copy(update={"import_batch": 20, "add_batch_size": 10})
    with pytest.raises(KeyboardInterrupt):
        Library(settings, CountingEmbedder(fail_on_call=6)).index([path])
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:40] + lines[60:]) + "\n")  # batch 3's papers are gone from the file

    report = Library(settings, hashed).index([path])
    assert (report.papers, report.embedded, report.removed_chunks) == (80, 40, 10)
    lib = Library(settings, hashed)
    assert lib.store.counts() == (80, 80) and lib.store.pending_writes() == {}
    titles = {r.title for r in lib.papers()}
    metas = lib.store.chunks.get(include=["metadatas"])["metadatas"] or []
    assert {str(m["title"]) for m in metas} == titles  # no chunk of a paper without a record


def test_a_changed_file_keeps_what_is_unchanged(
    settings: Settings, hashed: HashEmbedder, tmp_path: Path
) -> None:
    path = tmp_path / "snap.jsonl"
    write_snapshot(path, 60)
    Library(settings, hashed).index([path])
    lines = path.read_text().splitlines()
    changed = json.loads(lines[5])
    changed["abstract"] += " A new sentence about otters and their clicks."
    path.write_text("\n".join(lines[:5] + [json.dumps(changed)] + lines[6:50]) + "\n")  # 10 papers gone
    report = Library(settings, hashed).index([path])
    assert (report.papers, report.embedded, report.removed_chunks) == (50, 1, 11)  # old chunk of #5 too
    assert Library(settings, hashed).store.counts() == (50, 50)


def test_bulk_duplicates_of_indexed_papers_are_skipped_by_id(
    settings: Settings, hashed: HashEmbedder, tmp_path: Path
) -> None:
    lib = Library(settings, hashed)
    paper = tmp_path / "otters.md"
    paper.write_text("# Pruning Transformers Without Retraining\n\nWe prune transformers in one shot.\n")
    lib.index([paper])
    path = tmp_path / "snap.jsonl"
    rows = [
        {
            "title": "Pruning transformers without retraining.",
            "abstract": "Another abstract of the same paper.",
        },
        {"title": "A New Paper", "abstract": "Something else entirely, about lighthouses."},
        {"title": "A new paper", "abstract": "The same title again in the same file."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = lib.index([path])
    assert report.papers == 1 and sorted(t for t, _ in report.duplicates) == [
        "A new paper",
        "Pruning transformers without retraining.",
    ]
    assert sorted(r.title for r in Library(settings, hashed).papers()) == [
        "A New Paper",
        "Pruning Transformers Without Retraining",
    ]


def test_metadata_filters_in_every_mode(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    path = tmp_path / "snap.jsonl"
    records = write_snapshot(path, 80)
    lib = Library(settings, embedder)
    lib.index([path])
    query = "how do otters find fish from underwater clicks"
    by_id = {r["id"]: r for r in records}
    for mode in ("dense", "bm25", "hybrid"):
        hits = lib.retriever.chunks(
            query, mode, 10, Filters(categories=("cs.AI",), since="2021", until="2021-06")
        )
        assert hits, mode
        for h in hits:
            rec = by_id[str(h.meta["arxiv_id"])]
            assert "cs.AI" in rec["categories"].split() and "2021-01-01" <= rec["update_date"] <= "2021-06-30"
        top = lib.search(query, k=3, mode=mode, filters=Filters(categories=("q-bio.PE",)))
        assert top and all(h.title.startswith("Otter Echolocation Networks") for h in top)
        only = lib.retriever.chunks(query, mode, 5, Filters(arxiv_ids=("arXiv:2000.00003",)))
        assert [h.meta["arxiv_id"] for h in only] in ([], ["2000.00003"])
    assert (
        lib.retriever.chunks("glacier melt", "hybrid", 5, Filters(arxiv_ids=("2000.00001",)))[0].meta[
            "arxiv_id"
        ]
        == "2000.00001"
    )
    with pytest.raises(PapersError, match="not a date"):
        Filters(since="2023-13")


def test_a_file_named_jsonl_without_papers_is_refused(
    settings: Settings, hashed: HashEmbedder, tmp_path: Path
) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"a": 1}\n{"b": 2}\n')
    report = Library(settings, hashed).index([path])
    assert report.papers == 0 and len(report.errors) == 1
    assert (
        "no paper in the first 2 lines" in report.errors[0] and '"title" and "abstract"' in report.errors[0]
    )


def test_a_folder_is_indexed_in_groups_with_duplicates_found_across_groups(
    settings: Settings, hashed: HashEmbedder, tmp_path: Path
) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    for i in range(7):
        (folder / f"{i}.md").write_text(
            f"# Paper Number {i} About Tides\n\nTide model {i} predicts coastal water levels from the moon's "
            f"position and the shape of bay {i}. It beats harmonic analysis on {i + 3} harbours.\n"
        )
    # the same paper as 0.md under another file name, in the last group
    (folder / "z-copy.md").write_text((folder / "0.md").read_text())
    seen: list[tuple[str, int, int]] = []
    lib = Library(settings.model_copy(update={"file_batch": 3}), hashed)
    began = time.perf_counter()
    report = lib.index([folder], progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert 0 < report.seconds <= time.perf_counter() - began  # the run's own time, however grouped
    assert (report.papers, [t for t, _ in report.duplicates]) == (7, ["Paper Number 0 About Tides"])
    assert [s for s in seen if s[0] == "files"] == [("files", 3, 8), ("files", 6, 8), ("files", 8, 8)]
    assert Library(settings, hashed).store.counts() == (7, 7)
    again = Library(settings.model_copy(update={"file_batch": 3}), hashed).index([folder])
    # the copy has no record of its own, so it is read again (and dropped again): nothing embedded
    assert (again.unchanged, again.embedded, len(again.duplicates)) == (7, 0, 1)


def test_a_title_repeated_in_a_later_batch_is_a_duplicate(
    settings: Settings, hashed: HashEmbedder, tmp_path: Path
) -> None:
    path = tmp_path / "snap.jsonl"
    records = write_snapshot(path, 30)
    repeat = dict(records[2], abstract="A second abstract under the same title.")
    with path.open("a") as fh:
        fh.write(json.dumps(repeat) + "\n")
    report = Library(settings.model_copy(update={"import_batch": 10}), hashed).index([path])
    assert report.papers == 30 and [t for t, _ in report.duplicates] == [
        "Beehive Acoustic Monitoring Study Number 2"
    ]
    assert Library(settings, hashed).store.counts() == (30, 30)
