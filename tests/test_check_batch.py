"""`papers check` on input that is partly bad (issue 28, items 4-5): each JSON line gets its own
result, a claim over the length limit is reported and skipped, a draft over the size limit is
refused with a message that says what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.embeddings import Embedder
from index.library import Library
from index.limits import MAX_CHECK, MAX_CLAIM
from index.settings import Settings
from ui import cli, commands

PIXART, DOCLAY = "pe6e98939be3", "p6840fc104df"


@pytest.fixture
def on_index(indexed_settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PAPERS_HOME", str(indexed_settings.home))
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))
    return indexed_settings


def test_each_claims_line_gets_its_result(
    on_index: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps(
            {"id": "a", "claim": "DocLayNet contains 80,863 manually annotated pages.", "paper_id": DOCLAY},
        ),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "l", "claim": "PIXART-δ is fast.", "paper_id": [PIXART, DOCLAY]}),
        json.dumps({"id": "n", "claim": "PIXART-δ is fast.", "paper_id": None}),
        json.dumps({"id": "m", "paper_id": PIXART}),
        "",
        json.dumps({"id": "long", "claim": "word " * 500, "paper_id": PIXART}),
        json.dumps({"id": "z", "claim": "PIXART-δ generates an image in 2.5 seconds.", "paper_id": PIXART}),
    ]
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(lines) + "\n")
    assert cli.main(["check", "--claims", str(path)]) == 1
    out, err = capsys.readouterr()
    got = {g["id"]: g for g in map(json.loads, out.splitlines())}
    assert list(got) == ["a", "2", "3", "l", "n", "m", "long", "z"], out + err
    assert (got["a"]["status"], got["z"]["status"]) == ("supported", "contradicted")
    for cid in ("2", "3", "l", "n", "m"):
        assert set(got[cid]) == {"id", "status", "reason"} and got[cid]["status"] == "error", got[cid]
    assert got["2"]["reason"].startswith("line 2 is not JSON")
    assert "line 3 is a JSON list, not an object" in got["3"]["reason"]
    assert '"paper_id" is a list; give one paper id per line' in got["l"]["reason"]
    assert '"paper_id" is null; give the id of a paper in the index' in got["n"]["reason"]
    assert 'line 6 has no "claim"' in got["m"]["reason"]
    assert "not in the index" not in out
    assert got["long"]["status"] == "skipped"
    assert f"2,500 characters, over the {MAX_CLAIM:,}-character limit" in got["long"]["reason"]


def test_a_long_claim_in_a_draft_is_skipped_and_the_rest_checked(
    on_index: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "draft.md"
    long_claim = "PIXART-δ is " + "very " * 500 + f"fast [@{PIXART}]."
    fine = f"PIXART-δ generates 1024x1024 pixel images in 0.5 seconds [@{PIXART}]."
    draft.write_text(f"{long_claim}\n\n{fine}\n")
    assert cli.main(["check", str(draft)]) == 1  # a claim was not checked
    out, err = capsys.readouterr()
    assert "✓ supported: PIXART-δ generates 1024x1024 pixel images in 0.5 seconds." in out, out + err
    assert "⚠ skipped: PIXART-δ is very very" in out and "…" in out
    assert f"over the {MAX_CLAIM:,}-character limit; split it into shorter sentences" in out
    assert "-- 1 supported, 1 skipped" in out


def test_a_draft_over_the_size_limit_is_refused_before_it_is_checked(
    on_index: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "big.md"
    sentence = f"PIXART-δ generates images in 0.5 seconds [@{PIXART}].\n"
    draft.write_text(sentence * (MAX_CHECK // len(sentence) + 1))
    assert cli.main(["check", str(draft)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"over the {MAX_CHECK:,}-character limit of `papers check`" in err
    assert "split the draft" in err
