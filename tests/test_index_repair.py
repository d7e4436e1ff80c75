"""A write killed half-way (kill -9 during an upload): the next start repairs it, and remove finds
a paper by id even while its record is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from index.store import Store
from ui.launch import ensure_index

BODY = "# Half Written\n\n" + " ".join(
    f"Sentence {i} about sparse mixture routing of experts." for i in range(60)
)


class Killed(Exception):
    """Stands in for kill -9: the paper records are never written."""


@pytest.fixture
def half_written(
    settings: Settings, embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """An upload whose chunks reached the store and whose paper record did not."""
    Library(settings, embedder).index(
        [_note(tmp_path, "kept.md", "# Kept Paper\n\nA kept note on pruning.\n")]
    )
    upload = _note(tmp_path, "upload.md", BODY)

    def killed(self: Store, *args: object, **kwargs: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(Store, "put_papers", killed)
        with pytest.raises(Killed):
            Library(settings, embedder).index([upload])
    papers, chunks = Library(settings, embedder).store.counts()
    assert papers == 1 and chunks > 2  # the orphan: chunks that `papers list` cannot account for
    return upload


def _note(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def _accounted(library: Library) -> tuple[int, int]:
    """(chunks in the store, chunks the paper records account for)."""
    return library.store.counts()[1], sum(p.chunks for p in library.papers())


def test_next_start_completes_a_write_whose_file_is_still_there(
    settings: Settings, embedder: Embedder, half_written: Path
) -> None:
    library = Library(settings, embedder)
    ensure_index(settings, library)
    stored, accounted = _accounted(Library(settings, embedder))
    assert stored == accounted
    assert sorted(p.title for p in Library(settings, embedder).papers()) == ["Half Written", "Kept Paper"]
    assert not Library(settings, embedder).store.pending_writes()


def test_next_start_removes_a_write_whose_file_is_gone(
    settings: Settings, embedder: Embedder, half_written: Path
) -> None:
    half_written.unlink()
    ensure_index(settings, Library(settings, embedder))
    library = Library(settings, embedder)
    assert [p.title for p in library.papers()] == ["Kept Paper"]
    assert _accounted(library) == (1, 1)
    assert all(h.title == "Kept Paper" for h in library.search("sparse mixture routing of experts", k=5))


def test_remove_finds_a_paper_by_id_without_its_record(
    settings: Settings, embedder: Embedder, half_written: Path
) -> None:
    library = Library(settings, embedder)
    orphan = next(h.paper_id for h in library.search("sparse mixture routing of experts", k=5, mode="bm25"))
    assert orphan not in {p.paper_id for p in library.papers()}
    assert library.remove(orphan) == [orphan]
    assert _accounted(Library(settings, embedder)) == (1, 1)
