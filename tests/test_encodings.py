"""Text files in the encodings people have: read, and the report says which; noise still refused."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from index.documents import read_path
from index.embeddings import Embedder
from index.errors import UnreadableFile
from index.library import Library
from index.settings import Settings

TEXT = "# Résumé Ranking\n\nA naïve Bayes baseline for café reviews beats the “smart” model — über alles.\n"


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("cp1252", "cp1252"), ("latin-1", "cp1252"), ("utf-16", "utf-16"), ("utf-8", "")],
)
def test_text_in_common_encodings_is_read(tmp_path: Path, encoding: str, named: str) -> None:
    text = TEXT if encoding != "latin-1" else TEXT.replace("“", '"').replace("”", '"').replace("—", "-")
    path = tmp_path / "note.md"
    path.write_bytes(text.encode(encoding))
    (paper,) = read_path(path)
    assert paper.title == "Résumé Ranking" and "naïve Bayes" in paper.text and "über" in paper.text
    assert [f for f in paper.flags if f.startswith("encoding:")] == ([f"encoding:{named}"] if named else [])


def test_the_index_report_says_which_encoding(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Résumé of naïve models\nWe rank café reviews with a naïve Bayes model.\n".encode("latin-1")
    )
    report = Library(settings, embedder).index([path])
    assert report.papers == 1 and report.notes == [f"{path}: read as cp1252 (not UTF-8)"]


@pytest.mark.parametrize(
    "data",
    [random.Random(3).randbytes(4096), bytes(range(128, 256)) * 32, b"\xff\xfe" + b"\x00\xd8" * 10],
    ids=["noise", "high-bytes", "broken-utf16"],
)
def test_noise_and_unknown_encodings_are_refused_with_the_reason(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match="binary|not text in any encoding|not utf-16 text"):
        read_path(path)
