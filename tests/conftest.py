"""Shared fixtures: the real embedder and one real index of the bundled papers per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from index.embeddings import Embedder  # noqa: E402
from index.library import Library  # noqa: E402
from index.settings import Settings  # noqa: E402

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose data folder is this test's own tmp_path."""
    return Settings(home=tmp_path / "home", chroma_url=None, backend="embedded")


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """Settings of a data folder holding the bundled corpus, indexed once per session."""
    settings = Settings(home=tmp_path_factory.mktemp("indexed"), chroma_url=None, backend="embedded")
    Library(settings, embedder).index()
    return settings


@pytest.fixture(scope="session")
def library(indexed_settings: Settings, embedder: Embedder) -> Library:
    """A read-only library over the session's index: tests must not write to it."""
    return Library(indexed_settings, embedder)
