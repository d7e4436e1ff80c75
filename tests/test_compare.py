"""`papers compare` and the Compare tab's API: one row per relevant paper, every cell a verbatim
quote of that paper (or "not stated"), on the real index of the bundled papers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from assistant.compare import compare
from assistant.verifier import Verifier
from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from ui import cli, commands

QUESTION = "How can video diffusion models be distilled to generate in very few steps?"


@pytest.fixture
def on_index(indexed_settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PAPERS_HOME", str(indexed_settings.home))
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))
    return indexed_settings


def test_every_cell_is_a_quote_of_its_own_paper(library: Library, embedder: Embedder) -> None:
    table = compare(library, Verifier(embedder), QUESTION, n=6)
    assert len(table.rows) == 6 and len({r.paper_id for r in table.rows}) == 6
    assert table.rows[0].title.startswith("AnimateDiff-Lightning")  # the paper the question is about
    assert [r.relevance for r in table.rows] == sorted((r.relevance for r in table.rows), reverse=True)
    for row in table.rows:
        text = " ".join(t for _, t in library.store.paper_chunks(row.paper_id))
        for cell in (row.approach, row.result):
            if cell is not None:
                assert cell.quote in text and cell.location.startswith("chunk ")
        assert row.approach != row.result
    numbered = [r for r in table.rows if r.result and r.number is not None]
    assert len(numbered) >= 3  # results prefer a sentence with a number


def test_cli_json_csv_markdown_and_an_empty_question(
    on_index: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["compare", QUESTION, "--papers", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["question"] == QUESTION and len(data["rows"]) == 3
    assert set(data["rows"][0]) >= {"paper_id", "title", "year", "approach", "result"}
    assert data["rows"][0]["approach"] is None or set(data["rows"][0]["approach"]) == {"quote", "location"}
    assert cli.main(["compare", QUESTION, "--papers", "3", "--csv"]) == 0
    sheet = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["paper_id"] for r in sheet] == [r["paper_id"] for r in data["rows"]]
    assert cli.main(["compare", QUESTION, "--papers", "3", "--markdown"]) == 0
    assert capsys.readouterr().out.startswith("| # | paper | year | approach | result |")
    assert cli.main(["compare", "   "]) == 1
    assert "Say what to compare" in capsys.readouterr().err
