"""What the indexer works on and reports, as plain data: a Source to index and an IndexReport."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.papers import Paper

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Resolver = Callable[[str], "Source | None"]  # a source's name -> how to read it again


@dataclass(frozen=True)
class Read:
    """What reading a source gave: its papers, and notes on the file that no paper carries (a
    reference library's entries that could not be read, keys that repeat), without its name."""

    papers: list[Paper]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """Something to index: a name, its content hash and how to read its papers."""

    name: str
    digest: str
    load: Callable[[], Read]
    path: Path | None = None  # set for a bulk (JSON Lines) source, which is streamed, not loaded
    bulk: bool = False


@dataclass
class IndexReport:
    papers: int = 0
    chunks: int = 0
    embedded: int = 0
    unchanged: int = 0  # sources skipped as unchanged
    removed_chunks: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (title, canonical id)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # read, with something to say ("read as cp1252")
    bad_lines: list[str] = field(default_factory=list)  # lines of a bulk file that are not papers
    # a bulk import lists the first 50 duplicates and bad lines, and counts the rest
    more_duplicates: int = 0
    more_bad_lines: int = 0
    seconds: float = 0.0
