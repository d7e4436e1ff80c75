"""What every benchmark sets up and writes: the settings, an indexed library, the question set, reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eval import reports
from index.library import Library
from index.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions.jsonl"
REPORTS = ROOT / "benchmarks" / "reports"


def indexed_library(settings: Settings | None = None) -> tuple[Settings, Library]:
    """The user's settings (PAPERS_HOME and the rest) and their library, the bundled papers indexed if empty."""  # noqa: E501
    settings = settings or Settings()
    library = Library(settings)
    if library.empty():
        library.index()
    return settings, library


def write_report(out: Path, data: dict[str, Any], markdown: str | None = None) -> None:
    """report.json (and report.md when given) in the folder `out`."""
    out.mkdir(parents=True, exist_ok=True)
    reports.write_json(out / "report.json", data)
    if markdown is not None:
        reports.write_text(out / "report.md", markdown)


def write_json(path: Path, data: Any) -> None:
    """One JSON report file, its folder made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    reports.write_json(path, data)
