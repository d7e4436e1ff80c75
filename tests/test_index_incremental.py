"""Re-indexing embeds nothing twice; a changed file replaces exactly its chunks; `papers remove`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.chunking import chunk_paper
from index.documents import read_path
from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from ui import cli, commands

SENTENCES = [
    f"Experiment {i} measured how fast the {animal} ran across the {ground} field."
    for i, (animal, ground) in enumerate(
        [
            (a, g)
            for a in ("fox", "hare", "deer", "wolf", "lynx", "boar")
            for g in ("wet", "dry", "icy", "sandy", "rocky")
        ]
    )
]


@pytest.fixture
def copied(indexed_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the session's indexed data folder, safe to write to."""
    home = tmp_path / "home"
    shutil.copytree(indexed_settings.home, home, ignore=shutil.ignore_patterns("*.lock"))
    return indexed_settings.model_copy(update={"home": home})


def chunks_by_source(lib: Library) -> dict[str, set[str]]:
    got = lib.store.chunks.get(include=["metadatas"])
    out: dict[str, set[str]] = {}
    for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
        out.setdefault(str(meta["source"]), set()).add(cid)
    return out


def test_reindexing_the_unchanged_corpus_embeds_nothing(copied: Settings, library: Library) -> None:
    before = library.store.chunk_ids()
    fresh = Embedder()
    report = Library(copied, fresh).index()
    assert (report.embedded, fresh.embedded, report.unchanged) == (0, 0, 5)
    assert (report.papers, report.chunks, report.removed_chunks, report.errors) == (123, len(before), 0, [])
    assert fresh._model is None  # nothing to embed: the model was not even loaded
    after = Library(copied, fresh)
    assert after.store.chunk_ids() == before
    assert after.stats()["papers"] == 123


def test_a_changed_file_replaces_exactly_its_chunks(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    a, b = tmp_path / "runs.txt", tmp_path / "bees.md"
    a.write_text("Animal Running Speeds\n" + " ".join(SENTENCES) + "\n")
    b.write_text(
        "# Bee Dances\n\nBees dance to say where the flowers are. The angle of the dance gives the way.\n"
    )
    lib = Library(settings, embedder)
    first = lib.index([a, b])
    assert (first.papers, first.unchanged) == (2, 0)
    old = chunks_by_source(lib)
    assert len(old[str(a.resolve())]) >= 3

    a.write_text(
        "Animal Running Speeds\n" + " ".join(SENTENCES[:-1]) + " The last run was cancelled by rain.\n"
    )
    start = embedder.embedded
    second = lib.index([a, b])
    new = chunks_by_source(lib)
    expected = {
        c.chunk_id
        for p in read_path(a)
        for c in chunk_paper(p, embedder.count_tokens, min(settings.chunk_tokens, embedder.max_tokens), 1)
    }
    assert new[str(a.resolve())] == expected
    assert new[str(b.resolve())] == old[str(b.resolve())]  # the other file is untouched
    kept = old[str(a.resolve())] & expected
    assert kept, "the chunks before the edit keep their ids"
    assert second.unchanged == 1
    assert second.embedded == embedder.embedded - start == len(expected - kept)
    assert second.removed_chunks == len(old[str(a.resolve())] - expected)
    assert {r.title for r in lib.papers()} == {"Animal Running Speeds", "Bee Dances"}
    hit = lib.search("which run did the weather stop", k=1, mode="bm25")[0]
    assert "cancelled by rain" in hit.text


def test_papers_remove_by_id_title_and_path(
    copied: Settings,
    embedder: Embedder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PAPERS_HOME", str(copied.home))
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "Sourdough Starters\nA starter is flour and water fermented by wild yeast and bacteria.\n"
    )
    lib = Library(copied, embedder)
    lib.index([notes])
    before = chunks_by_source(lib)
    all_before = set().union(*before.values())
    records = {r.title: r for r in lib.papers()}
    assert len(records) == 124
    convllava = records["ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"]
    skywork = records["Skywork: A More Open Bilingual Foundation Model"]
    capsys.readouterr()

    monkeypatch.chdir(tmp_path)
    for key, pid in [
        (convllava.paper_id, convllava.paper_id),
        (skywork.title, skywork.paper_id),
        ("notes.txt", None),
    ]:
        assert cli.main(["remove", key]) == 0
        out = capsys.readouterr().out
        assert out.startswith("removed 1 paper: ") and (pid is None or out.strip().endswith(pid))

    lib = Library(copied, embedder)
    left = lib.store.chunks.get(include=["metadatas"])
    gone_ids = {convllava.paper_id, skywork.paper_id}
    assert not gone_ids & {m["paper_id"] for m in left["metadatas"] or []}
    assert str(notes.resolve()) not in {m["source"] for m in left["metadatas"] or []}
    removed = all_before - set(left["ids"])
    assert {cid.split("-")[0] for cid in removed} == gone_ids | {records["Sourdough Starters"].paper_id}
    assert len(lib.papers()) == 121
    # the BM25 side follows the store: the removed paper is not found any more
    assert skywork.paper_id not in {h.paper_id for h in lib.search("Skywork bilingual 13B", k=5, mode="bm25")}

    assert cli.main(["remove", "No Such Paper"]) == 1
    err = capsys.readouterr().err
    assert err == "papers: No indexed paper or file matches 'No Such Paper'; see `papers list`.\n"
