"""What every benchmark sets up and writes: the settings, an indexed library, a report folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eval import reports
from index.library import Library
from index.settings import Settings


def indexed_library(settings: Settings | None = None) -> tuple[Settings, Library]:
    """The user's settings (PAPERS_HOME and the rest) and their library, the bundled papers indexed if empty."""  # noqa: E501
    from index.errors import NoIndex

    settings = settings or Settings()
    library = Library(settings)
    try:
        empty = not library.store.counts()[0]
    except NoIndex:
        empty = True
    if empty:
        library.index()
    return settings, library


def write_report(out: Path, data: dict[str, Any], markdown: str) -> None:
    """report.json and report.md in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    reports.write_json(out / "report.json", data)
    reports.write_text(out / "report.md", markdown)
