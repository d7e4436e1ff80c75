"""A store written by another chromadb version is refused; migrating it is explicit and backed up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from index import versions
from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings


def _index_one(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    paper = tmp_path / "p.md"
    paper.write_text("# Versioned Stores\n\nStores remember which chromadb version wrote them.\n")
    Library(settings, embedder).index([paper])


@pytest.mark.slow  # `papers list` and `papers migrate-index` in new processes
def test_other_version_is_refused_then_migrated_with_a_backup(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    _index_one(settings, embedder, tmp_path)
    stamp = settings.chroma_dir / versions.STAMP
    assert json.loads(stamp.read_text()) == {"chromadb": versions.installed()}
    stamp.write_text(json.dumps({"chromadb": "0.5.23"}))

    env = {"PAPERS_HOME": str(settings.home), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    listed = subprocess.run([sys.executable, "-m", "ui.cli", "list"], env=env, capture_output=True, text=True)
    assert listed.returncode == 1
    assert "written by chromadb 0.5.23" in listed.stderr and "papers migrate-index" in listed.stderr
    assert "Traceback" not in listed.stderr

    migrated = subprocess.run(
        [sys.executable, "-m", "ui.cli", "migrate-index"], env=env, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    backups = list(settings.home.glob("chroma.backup-*"))
    assert len(backups) == 1 and (backups[0] / versions.STAMP).is_file()
    assert json.loads(stamp.read_text()) == {"chromadb": versions.installed()}
    assert [p.title for p in Library(settings, embedder).papers()] == ["Versioned Stores"]
