"""The README and docs/results.md are generated where they carry facts, so they cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from cogapp import Cog

from benchmarks import results
from index.settings import Settings, table

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def test_the_readme_is_for_users_and_short() -> None:
    text = README.read_text()
    assert len(text.encode()) <= 15_000
    for shot in ("chat", "compare"):  # the chat, and the comparison table
        assert f"docs/{shot}.png" in text and (ROOT / "docs" / f"{shot}.png").is_file()
    # a run diary or a figure of the day belongs in reports and commit messages
    assert not re.search(r"\b(yesterday|this session|last round|previous build)\b", text, re.I)


def test_the_settings_table_is_generated_and_lists_every_setting() -> None:
    cog = Cog()
    cog.options.check = True  # as `cog --check README.md`: the block must equal what it generates
    assert cog.main(["cog", "--check", str(README)]) == 0, "run: .venv/bin/cog -r README.md"
    text = README.read_text()
    for name in Settings.model_fields:
        assert f"`PAPERS_{name.upper()}`" in text
    assert table() in text


def test_the_results_page_is_generated_from_the_committed_reports() -> None:
    assert results.PAGE.read_text() == results.render(), "run: python -m benchmarks.results"
