"""Server mode: index into and search a real `chroma run` server started by the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.servers import ChromaServer, unused_url

from index.embeddings import Embedder
from index.errors import StoreUnavailable
from index.library import Library
from index.settings import Settings


def test_index_and_search_through_a_chroma_server(
    chroma_server: ChromaServer, embedder: Embedder, tmp_path: Path
) -> None:
    chroma_url = chroma_server.url
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "tides.txt").write_text(
        "Why the Sea Has Tides\nThe moon pulls the ocean towards it. The earth turns under the bulge, "
        "so most coasts see two high waters a day.\n"
    )
    (docs / "bread.md").write_text(
        "# Baking Bread\n\nYeast eats sugar and breathes out gas. The gas makes the dough rise in the oven.\n"
    )
    (docs / "stars.txt").write_text(
        "How Stars Shine\nStars fuse hydrogen into helium in their cores. The energy makes them glow.\n"
    )
    settings = Settings(home=tmp_path / "home", chroma_url=chroma_url)
    report = Library(settings, embedder).index([docs])
    assert (report.papers, report.errors) == (3, [])
    assert not settings.chroma_dir.exists()  # nothing was written locally: the server holds it
    hnsw = Library(settings, embedder).store.chunks.configuration["hnsw"]
    assert hnsw["ef_search"] == settings.ef_search  # the search breadth is set on the server too

    # another client (its own data folder, same server) sees the same index
    reader = Library(Settings(home=tmp_path / "reader", chroma_url=chroma_url), embedder)
    assert reader.stats()["papers"] == 3 and reader.stats()["store"] == chroma_url
    assert {r.title for r in reader.papers()} == {"Why the Sea Has Tides", "Baking Bread", "How Stars Shine"}
    for mode in ("hybrid", "dense", "bm25"):
        assert (
            reader.search("what makes a loaf puff up while baking", k=1, mode=mode)[0].title == "Baking Bread"
        )
    assert reader.search("moon and ocean water levels", k=1)[0].title == "Why the Sea Has Tides"

    again = Library(settings, embedder).index([docs])
    assert (again.embedded, again.unchanged) == (0, 3)


def test_an_unreachable_server_is_one_clear_error(tmp_path: Path, embedder: Embedder) -> None:
    url = unused_url()
    with pytest.raises(StoreUnavailable, match=f"Cannot open the Chroma store at {url}"):
        Library(Settings(home=tmp_path, chroma_url=url), embedder).search("anything")
