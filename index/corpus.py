"""The bundled corpus: the five vendored listings, shipped as package data."""

from __future__ import annotations

from importlib.resources import files

from index.listings import parse_listing
from index.papers import Paper

BUNDLED_PREFIX = "bundled:"


def bundled_listings() -> list[tuple[str, str]]:
    """(source name, text) of every vendored listing, in file order."""
    folder = files("index").joinpath("data/seeds")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".txt"))
    return [(BUNDLED_PREFIX + name, folder.joinpath(name).read_text("utf-8")) for name in names]


def bundled_papers() -> list[Paper]:
    """All 126 bundled papers, duplicates included (the indexer marks them)."""
    return [paper for source, text in bundled_listings() for paper in parse_listing(text, source)]
