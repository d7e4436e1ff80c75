"""`papers check` on a Markdown draft and on JSON lines, against the real index and embeddings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.drafts import parse
from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from ui import cli, commands

PIXART, DOCLAY = "pe6e98939be3", "p6840fc104df"
DRAFT = f"""# Related work

PIXART-δ generates 1024x1024 pixel images in 0.5 seconds [@{PIXART}]. DocLayNet contains 91,000
manually annotated pages [@{DOCLAY}]. Layout analysis matters for PDF conversion.

- PIXART-δ marks a 7x degradation over PIXART-α [@{PIXART}; @{DOCLAY}].
"""


@pytest.fixture
def on_index(indexed_settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PAPERS_HOME", str(indexed_settings.home))
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))
    return indexed_settings


def test_parse_reads_citations_and_list_items() -> None:
    rows = parse("# T\n\nA is fast [@p1; @arXiv:2401.00001]. B holds.\n\n- C works [@p2].")
    assert rows == [("A is fast.", ["p1", "arXiv:2401.00001"]), ("B holds.", []), ("C works.", ["p2"])]


def test_markdown_draft(on_index: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT)
    assert cli.main(["check", str(draft)]) == 1  # a claim is contradicted
    out = capsys.readouterr().out
    blocks = out.split("\n✓ ")
    assert "✓ supported: PIXART-δ generates 1024x1024 pixel images in 0.5 seconds." in out
    assert "✗ contradicted: DocLayNet contains 91,000 manually annotated pages." in out
    assert f"{DOCLAY} says 80863 pages, not 91,000 pages" in out
    assert "“It contains 80863 manually annotated pages" in out
    assert "· not-cited: Layout analysis matters for PDF conversion." in out
    assert "✗ contradicted: PIXART-δ marks a 7x degradation over PIXART-α." in out
    assert f"{PIXART} says improvement, not degradation" in out
    assert "-- 1 supported, 2 contradicted, 1 not-cited" in out, blocks


def test_claims_jsonl(on_index: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {"id": "a", "claim": "DocLayNet contains 80,863 manually annotated pages.", "paper_id": DOCLAY},
        {"id": "b", "claim": "PIXART-δ generates an image in 2.5 seconds.", "paper_id": PIXART},
        {"id": "c", "claim": "We find an inverse scaling law for CLIP training.", "paper_id": PIXART},
        {"id": "d", "claim": "It exists.", "paper_id": "pnot-a-paper"},
    ]
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert cli.main(["check", "--claims", str(path)]) == 1
    got = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(g["id"], g["status"]) for g in got] == [
        ("a", "supported"),
        ("b", "contradicted"),
        ("c", "unsupported"),
        ("d", "unknown-paper"),
    ]
    assert got[1]["reason"] == f"{PIXART} says 0.5 seconds, not 2.5 seconds"
    assert "0.5 seconds" in got[1]["evidence"] and set(got[0]) == {
        "id",
        "status",
        "reason",
        "evidence",
        "score",
    }


def test_bad_claims_line_is_one_clear_error(
    on_index: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_text('{"id": 1, "claim": "x"}\n')
    assert cli.main(["check", "--claims", str(path)]) == 1
    (got,) = map(json.loads, capsys.readouterr().out.splitlines())
    assert got["id"] == "1" and got["status"] == "error"
    assert got["reason"].startswith('line 1 has no "paper_id"')


def test_arxiv_ids_resolve(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    from assistant.drafts import Checker, check_text
    from assistant.verifier import Verifier

    bulk = tmp_path / "snapshot.jsonl"
    paper = {
        "id": "2401.00001",
        "title": "Quiet Gradients",
        "abstract": "We train ViT-B on ImageNet for 90 epochs. It reaches 81.2% top-1 accuracy.",
        "categories": "cs.CV",
        "update_date": "2024-01-02",
    }
    bulk.write_text(json.dumps(paper) + "\n")
    library = Library(settings, embedder)
    library.index([bulk])
    results = check_text(
        "Quiet Gradients reaches 81.2 percent top-1 accuracy on ImageNet [@arXiv:2401.00001]. "
        "It trains for 30 epochs [@arXiv:2401.00001]. It is new [@arXiv:9999.99999].",
        Checker(library, Verifier(embedder)),
    )
    assert [r.status for r in results] == ["supported", "contradicted", "unknown-paper"]


def test_pandoc_keys_from_a_bib_generated_keys_doi_and_locators(
    settings: Settings,
    embedder: Embedder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from helpers.bibs import zotero_bib

    bib = zotero_bib(tmp_path)
    notes = tmp_path / "notes.md"
    notes.write_text("# Wombat Burrows Run Deep\n\nWombat burrows reach 3 metres below the surface.\n")
    monkeypatch.setenv("PAPERS_HOME", str(settings.home))
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))
    assert cli.main(["index", str(bib), str(notes)]) == 0
    capsys.readouterr()
    assert cli.main(["list", "--bibtex"]) == 0
    exported = capsys.readouterr().out
    assert "@article{muller2023quokka," in exported  # the .bib's own key, kept
    generated = next(line.split("{", 1)[1].rstrip(",") for line in exported.splitlines() if "wombat" in line)
    draft = tmp_path / "draft.md"
    draft.write_text(
        "Quokkas cross the salt flats at dawn [see @muller2023quokka, p. 4]. "
        f"Wombat burrows reach 3 metres below the surface [@{generated}]. "
        "Large language models misread footnotes in scanned theses "
        "[@arXiv:2401.01234; @doi:10.1234/quokka.5]. "
        "Quokkas migrate south [@muler2023quokka].\n"
    )
    assert cli.main(["check", str(draft)]) == 1  # one key is unknown
    out = capsys.readouterr().out
    assert "✓ supported: Quokkas cross the salt flats at dawn." in out
    assert "✓ supported: Wombat burrows reach 3 metres below the surface." in out
    assert "✓ supported: Large language models misread footnotes in scanned theses." in out
    assert "@muler2023quokka is not a key or paper of the index; did you mean @muller2023quokka?" in out
