"""Paths as people type them: relative files and folders, `./x`, `../x` and `~` all index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.cli import Ran

from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from ui import cli

NOTE = "# Quiet Gradients\n\nA note on gradient noise scales for small batch training of transformers.\n"
OTHER = "# Loud Activations\n\nOutlier activations in large language models break int8 quantization.\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, papers: Callable[..., Ran]) -> Path:
    """A folder with two notes and a sub-folder; the CLI runs from inside it on a fresh home."""
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    (work / "note.md").write_text(NOTE)
    (work / "sub" / "other.md").write_text(OTHER)
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "work"))
    return work


@pytest.mark.parametrize(
    "args",
    [["note.md", "sub"], ["./note.md", "./sub/"], ["sub/../note.md", "sub/other.md"], ["~/note.md", "~/sub"]],
    ids=["relative", "dot-slash", "dot-dot", "tilde"],
)
def test_relative_paths_index_both_papers(
    workdir: Path, args: list[str], embedder: Embedder, papers: Callable[..., Ran]
) -> None:
    done = papers("index", *args)
    assert done.code == 0 and "indexed 2 papers" in done.out, done.err
    settings = Settings()
    listed = {p.title: p.source for p in Library(settings, embedder).papers()}
    assert listed == {
        "Quiet Gradients": str(workdir / "note.md"),
        "Loud Activations": str(workdir / "sub" / "other.md"),
    }
    # the same files named another way are unchanged, not indexed twice
    assert cli.main(["index", str(workdir / "note.md"), str(workdir / "sub")]) == 0
    assert len(Library(settings, embedder).papers()) == 2


def test_parent_relative_path_and_remove_by_relative_path(workdir: Path, embedder: Embedder) -> None:
    import os

    os.chdir(workdir / "sub")
    assert cli.main(["index", "../note.md"]) == 0
    assert [p.title for p in Library(Settings(), embedder).papers()] == ["Quiet Gradients"]
    assert cli.main(["remove", "../note.md"]) == 0
    assert Library(Settings(), embedder).papers() == []
