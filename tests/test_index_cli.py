"""The index commands as a person runs them: search output, TREC runs, one-line errors, the lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from index.embeddings import Embedder
from index.errors import PapersError
from index.lease import writer_lock
from index.library import Library
from index.settings import Settings
from ui import cli, commands

PAPERS = str(Path(sys.executable).with_name("papers"))
QUERY = "a learned agent that plays ping-pong against people"
TENNIS = "Achieving Human Level Competitive Robot Table Tennis"


def papers(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real `papers` script on a data folder."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    environ.update(PAPERS_HOME=str(home), HF_HUB_OFFLINE="1", **env)
    return subprocess.run([PAPERS, *args], env=environ, capture_output=True, text=True, timeout=300)


@pytest.fixture
def on_index(indexed_settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """`papers ...` in this process, reading the session's index with the session's embedder."""
    monkeypatch.setenv("PAPERS_HOME", str(indexed_settings.home))
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps tables to the terminal width
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))
    return indexed_settings


def test_search_prints_a_table(on_index: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["search", QUERY, "-k", "3"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "best matching text" in line)
    assert all(col in header for col in ("#", "paper", "score"))
    assert TENNIS in out and "p45a309592be" in out and "bundled:002_80bdc36b74ae66e6.txt" in out


def test_search_json_fields(on_index: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["search", QUERY, "-k", "4", "--json", "--mode", "dense"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 4
    assert {"paper_id", "title", "score", "text", "source"} <= set(hits[0])
    assert hits[0]["title"] == TENNIS and "table tennis" in hits[0]["text"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert len({h["paper_id"] for h in hits}) == 4


@pytest.mark.parametrize("kind", ["jsonl", "tsv"])
def test_search_queries_writes_a_trec_run(
    on_index: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    queries = {"q1": QUERY, "q2": "estimating how worn out lithium cells are with a language model"}
    path = tmp_path / f"queries.{kind}"
    if kind == "jsonl":
        path.write_text("".join(json.dumps({"qid": q, "question": t}) + "\n" for q, t in queries.items()))
    else:
        path.write_text("# qid<TAB>query\n" + "".join(f"{q}\t{t}\n" for q, t in queries.items()))
    out = tmp_path / "run.txt"
    assert cli.main(["search", "--queries", str(path), "-k", "3", "--mode", "bm25", "--out", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote 6 lines to {out}\n"
    rows = [line.split() for line in out.read_text().splitlines()]
    assert len(rows) == 6 and all(len(row) == 6 for row in rows)
    assert [(r[0], r[1], r[3], r[5]) for r in rows] == [
        (q, "Q0", str(rank), "papers-bm25") for q in ("q1", "q2") for rank in (1, 2, 3)
    ]
    assert rows[0][2] == "p45a309592be" and rows[3][2] == "pf4b8f13eb10"
    for q in ("q1", "q2"):
        scores = [float(r[4]) for r in rows if r[0] == q]
        assert scores == sorted(scores, reverse=True)
    # without --out the run goes to stdout
    assert cli.main(["search", "--queries", str(path), "-k", "1"]) == 0
    assert [line.split()[5] for line in capsys.readouterr().out.splitlines()] == ["papers-hybrid"] * 2


def test_search_errors_are_one_line(
    on_index: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"qid": "q1"}\n')
    for argv, message in [
        (
            ["search", "--queries", str(tmp_path / "none.tsv")],
            f"papers: {tmp_path / 'none.tsv'}: no such file\n",
        ),
        (["search", "--queries", str(bad)], f"papers: {bad}:1: not a question line"),
        (["search"], "papers: Give a query"),
    ]:
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert err.startswith(message) and err.count("\n") == 1
    with pytest.raises(PapersError, match="Unknown retrieval mode 'fuzzy': use one of hybrid, dense, bm25"):
        Library(on_index).search("anything", mode="fuzzy")


def test_search_table_shows_brackets_as_text(
    settings: Settings,
    embedder: Embedder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("Chat Templates [bold]\nChat models wrap each user turn in [INST] and [/INST] tags.\n")
    Library(settings, embedder).index([path])
    monkeypatch.setenv("PAPERS_HOME", str(settings.home))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))
    assert cli.main(["search", "how are user turns marked", "-k", "1"]) == 0
    out = capsys.readouterr().out
    assert "Chat Templates [bold]" in out and "[INST] and [/INST] tags" in out


@pytest.mark.slow  # three `papers` processes, one loading the embedding model
def test_real_cli_search_and_errors(indexed_settings: Settings, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    runs = [
        (["search", QUERY, "-k", "2", "--json"], indexed_settings.home),
        (["search", "anything"], empty),
        (["list"], empty),
        (["index", str(tmp_path / "missing.pdf")], empty),
        (["search", "--mode", "fuzzy", "anything"], empty),  # argparse's own refusal
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:  # five processes that do not depend on each other
        found, *nothing, missing, fuzzy = pool.map(lambda run: papers(*run[0], home=run[1]), runs)
    assert found.returncode == 0, found.stderr
    assert [h["title"] for h in json.loads(found.stdout)][0] == TENNIS
    assert "Traceback" not in found.stderr
    for done in nothing:
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr == "papers: Nothing is indexed yet: run `papers index`\n"
    assert (missing.returncode, missing.stderr) == (
        1,
        f"papers: {tmp_path / 'missing.pdf'}: no such file or folder\n",
    )
    # argparse refuses an unknown mode itself: exit 2, its usage, then one error line
    done = fuzzy
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].endswith(
        "invalid choice: 'fuzzy' (choose from 'hybrid', 'dense', 'bm25')"
    )


@pytest.mark.slow  # `papers index` in a new process
def test_a_second_writer_is_refused(settings: Settings) -> None:
    with writer_lock(settings):
        done = papers("index", home=settings.home)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("papers: Another papers process is writing to the index (")
    assert f"{settings.lock_path} is locked" in done.stderr
    # and the lock is free again afterwards
    with writer_lock(settings):
        pass


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from ui.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit as exit:\n    assert exit.code == 0\n"
        "print(sorted(m for m in ('torch', 'chromadb', 'gradio', 'sentence_transformers', 'transformers')"
        " if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    assert "index the bundled papers" in done.stdout
