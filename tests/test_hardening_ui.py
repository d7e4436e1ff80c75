"""Hardening of the UI and CLI (issue 28): the Check API refuses odd input in one log line, `papers ask`
refuses an empty question and says when --model was not used, terminal sequences are dropped whole,
counts read as words, the Library tab's count line stays short.
"""

from __future__ import annotations

import logging
import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from helpers.cli import Ran
from helpers.servers import free_port

from assistant.answer import Answer
from assistant.chain import Assistant
from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from ui import cli, commands
from ui.app import create_app
from ui.check_view import MAX_CHARS, CheckView
from ui.launch import launch
from ui.library_view import LibraryView
from ui.output import safe

QUESTION = "How can transformers be pruned?"
VOCABULARY = str.split(
    "otter badger heron quokka lynx marten vole shrew ibis crane stoat weasel gecko newt toad tern "
    "finch wren lark dove hawk kite owl bat mole hare lemur tapir okapi dingo yak gnu eland kudu "
    "oryx puma ocelot margay serval caracal civet genet mongoose meerkat fossa"
)


@pytest.fixture
def on_index(
    indexed_settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> Callable[..., Ran]:
    """The CLI on the session's index (read only), with the session's embedder."""
    for name in [k for k in os.environ if k.startswith("PAPERS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("PAPERS_HOME", str(indexed_settings.home))
    monkeypatch.setenv("PAPERS_MAX_TOKENS", "16")
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))

    def run(*args: str) -> Ran:
        capsys.readouterr()
        code = cli.main(list(args))
        got = capsys.readouterr()
        return Ran(code, got.out, got.err)

    return run


# --- item 15: terminal sequences -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J\x1b]0;PWNED\x07Title", "Title"),  # the red team's title: clear screen, retitle
        ("\x1b[31mRed\x1b[0m text", "Red text"),
        ("\x9b2J\x9d0;PWNED\x9cTitle", "Title"),  # the same in 8-bit controls
        ("a \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ b", "a link b"),  # OSC 8 hyperlink, ST
        ("\x1bcreset", "reset"),  # ESC c: reset the terminal
        ("\x1b]0;PWNED\nnext", "next"),  # an OSC never ended stops at the line's end
        ("bell\x07 and tab\tend", "bell and tab end"),
    ],
)
def test_terminal_sequences_are_dropped_whole(text: str, shown: str) -> None:
    assert safe(text).strip() == shown


def test_a_title_with_sequences_lists_without_them(papers: Callable[..., Ran], tmp_path: Path) -> None:
    note = tmp_path / "evil.md"
    note.write_text("# \x1b[2J\x1b]0;PWNED\x07Clear Screen Herrings\n\nHerrings clear the screen at night.\n")
    assert papers("index", str(note)).code == 0
    listed = papers("list").out + papers("search", "herrings clear the screen").out
    assert "Clear Screen Herrings" in listed
    assert "[2J" not in listed and "PWNED" not in listed and "]0;" not in listed


# --- item 10: the Check API ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (123, "The text to check must be a string, not int."),
        (["a"], "The text to check must be a string, not list."),
        ("   ", "Paste a paragraph whose sentences cite papers"),
        ("x" * (MAX_CHARS + 1), f"The text is {MAX_CHARS + 1:,} characters"),
    ],
)
def test_check_refuses_odd_input_with_a_message_and_one_log_line(
    text: Any, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ui.check_view")
    with pytest.raises(gr.Error) as refused:
        CheckView(object()).api(text)
    assert refused.value.message.startswith(message) and not refused.value.print_exception
    assert [r.getMessage() for r in caplog.records] == [f"check refused: {refused.value.message}"]


@pytest.fixture(scope="module")
def url(indexed_settings: Settings, library: Library) -> Iterator[str]:
    app = create_app(indexed_settings, Assistant(indexed_settings, library))
    _, address = launch(app, indexed_settings, port=free_port(), block=False, quiet=True)
    yield address
    app.close()


def test_the_served_check_api_logs_no_traceback(url: str, capfd: pytest.CaptureFixture[str]) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(url, verbose=False, download_files=False)
    for bad in (123, "", "x" * (MAX_CHARS + 1)):
        with pytest.raises(AppError) as refused:
            client.predict(bad, api_name="/check")
        assert str(refused.value).startswith(("The text", "Paste a paragraph"))
    logged = capfd.readouterr()
    assert "Traceback" not in logged.err + logged.out


# --- item 14: papers ask -------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_ask_refuses_an_empty_question(on_index: Callable[..., Ran], question: str) -> None:
    ran = on_index("ask", question)
    assert ran.code == 1 and "Ask a question in words" in ran.err and "Nearest papers" not in ran.out


def test_a_model_the_auto_backend_did_not_use_is_named() -> None:
    from ui.ask import replaced_model

    embedded = Answer(QUESTION, backend="embedded", model="SmolLM2-135M-Instruct.Q4_1.gguf")
    note = replaced_model("/etc/passwd", "auto", embedded)
    assert "--model '/etc/passwd' was not used" in note and "SmolLM2-135M-Instruct.Q4_1.gguf" in note
    assert replaced_model(None, "auto", embedded) == ""
    assert replaced_model("x.gguf", "embedded", embedded) == ""
    assert replaced_model("qwen2.5:3b", "auto", Answer(QUESTION, backend="ollama", model="qwen2.5:3b")) == ""


@pytest.mark.slow
def test_ask_says_the_embedded_model_answered_instead_of_the_named_one(
    on_index: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERS_OLLAMA_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens
    ran = on_index("ask", QUESTION, "--backend", "auto", "--model", "/etc/passwd", "-k", "1")
    assert ran.code == 0, ran.err
    assert "--model '/etc/passwd' was not used" in ran.err and "embedded model" in ran.err


# --- plurals and the Library tab's count line ----------------------------------------------------


def test_counts_read_as_words() -> None:
    from ui.counts import count

    assert [count(n, "paper") for n in (0, 1, 2, 1200)] == ["0 papers", "1 paper", "2 papers", "1,200 papers"]
    assert count(1, "entry") == "1 entry" and count(3, "entry") == "3 entries"


def test_one_paper_is_one_paper(papers: Callable[..., Ran], tmp_path: Path) -> None:
    note = tmp_path / "one.md"
    note.write_text("# Lonely Gradients\n\nA single note on lonely gradients.\n")
    indexed = papers("index", str(note))
    assert "indexed 1 paper, 1 chunk:" in indexed.out and "1 file unreadable" not in indexed.out
    assert "0 files unreadable" in indexed.out and "papers" not in indexed.out.split(":")[0]
    assert papers("list").out.rstrip().endswith("\n1 paper")
    assert papers("remove", str(note)).out.startswith("removed 1 paper: ")


def test_the_library_count_line_sums_up_many_files(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    files = []
    for i in range(40):
        path = tmp_path / f"c{i:03d}.txt"
        words = random.Random(i).sample(VOCABULARY, 10)  # texts unlike each other: no duplicates
        path.write_text(f"{' '.join(words).capitalize()}.\n")
        files.append(str(path))
    files.append(str(tmp_path / "c900.pdf"))
    (tmp_path / "c900.pdf").write_bytes(b"%PDF-1.4 not really")
    view = LibraryView(Library(settings, embedder))
    report = view.upload(files, progress=lambda *a, **k: None)  # type: ignore[arg-type]
    first = report.splitlines()[0]
    assert first.startswith("Indexed 40 of 41 files: 40 papers, 40 chunks"), report
    assert len(report.splitlines()) <= 7
    rows, line = view.table()
    assert len(rows) == 40
    assert line.startswith("40 papers · from 40 sources: ") and line.endswith(" and 37 more")
    assert len(line) < 120 and line.count(" from c0") == 3
    assert view.table("c007.txt")[1].startswith("1 of 40 papers · ")


# --- "support 1.09": a bounded, explained figure, or none ----------------------------------------

SNIPPET = "Otters count pebbles up to seven. They lose interest after that. Badgers never count."
VERIFIED = {
    "n": 1,
    "paper_id": "p1",
    "title": "Otters Count",
    "source": "bundled:otters.txt",
    "snippet": SNIPPET,
    "sentence": "Otters count pebbles up to seven.",
    "support": 0.91,
    "chunk_id": "c1",
    "meta": {},
}
QUOTE_ONLY = {  # a source only a quote cites, as conversation.turn stores it: its score ranks quotes
    **VERIFIED,
    "n": 2,
    "paper_id": "p2",
    "chunk_id": "c2",
    "sentence": "Badgers never count.",
    "support": 1.09,
    "kind": "evidence",
}


def test_a_quote_s_ranking_score_is_not_shown_as_support() -> None:
    from ui import conversation, render
    from ui.panel import source_panel

    answer = {"text": "Otters count to seven [1].", "citations": [VERIFIED, QUOTE_ONLY]}
    shown = (
        render.answer(0, answer)
        + source_panel(answer, 2)
        + conversation.markdown([{"question": "q", "answer": answer}])
    )
    assert "1.09" not in shown and "1.00" not in shown
    assert "support 0.91" in shown and "Support 0.91" in shown
    assert "quoted because it answers the question" in shown.lower()
    assert render.support({"support": 1.0000002}) == 1.0 and render.support({"support": -0.2}) == 0.0


# --- a citation click marks the sentence its claim was checked against ----------------------------


def two_claims_on_one_source() -> list[dict[str, Any]]:
    """A turn whose two sentences cite [1], each checked against its own sentence of the source."""
    from ui import conversation

    answer = {
        "text": "Otters count to seven [1]. They stop after that [1].",
        "citations": [VERIFIED],  # the best support over both claims: the first one's
        "sentences": [
            {
                "text": "Otters count to seven",
                "cites": [1],
                "status": "supported",
                "support": 0.91,
                "evidence": "Otters count pebbles up to seven.",
            },
            {
                "text": "They stop after that",
                "cites": [1],
                "status": "supported",
                "support": 0.7,
                "evidence": "They lose interest after that.",
            },
        ],  # fmt: skip
        "evidence": [{"n": 1, "paper_id": "p1", "quote": "Badgers never count.", "score": 1.2}],
    }
    return [conversation.turn("How far do otters count?", answer)]


def marked(panel: str) -> str:
    return panel.split("<mark>")[1].split("</mark>")[0]


def test_a_click_marks_the_sentence_that_claim_was_checked_against() -> None:
    from ui import conversation
    from ui.chat import Chat

    turns = two_claims_on_one_source()
    html = conversation.messages(turns)[1]["content"]
    assert 'href="#cite-0-1-s0"' in html and 'href="#cite-0-1-s1"' in html and 'href="#cite-0-1-q0"' in html
    assert marked(Chat.pick("0-1-s0:1712", turns)) == "Otters count pebbles up to seven."
    assert marked(Chat.pick("0-1-s1:1713", turns)) == "They lose interest after that."
    assert marked(Chat.pick("0-1-q0:1714", turns)) == "Badgers never count."
    assert marked(Chat.pick("0-1:1715", turns)) == "Otters count pebbles up to seven."  # the list of sources
    assert marked(Chat.pick("0-1-s9:1716", turns)) == "Otters count pebbles up to seven."  # no such claim


# --- the Ollama notice, once; the status line names who answers -----------------------------------


@pytest.fixture
def no_ollama(indexed_settings: Settings, embedder: Embedder) -> Library:
    """The session's index, with Ollama's address a port where nothing listens."""
    down = indexed_settings.model_copy(update={"ollama_url": f"http://127.0.0.1:{free_port()}"})
    return Library(down, embedder)


def test_auto_says_the_embedded_model_answers_without_a_banner(no_ollama: Library) -> None:
    from ui import status

    html, offer, _ = status.line(no_ollama, "auto", "")
    assert '<div class="status ok">' in html and "⚠" not in html and "Meanwhile" not in html
    assert (
        "Answers: embedded model SmolLM2-135M-Instruct.Q4_1.gguf" in html and "Ollama is not running" in html
    )
    assert offer["visible"] is False
    said, seen = status.notice(no_ollama, "auto", "", "")
    assert said.startswith("Ollama is not reachable at") and "the embedded model" in said
    assert "Settings → Backend" not in said  # the embedded model answers already: nothing to switch
    assert status.notice(no_ollama, "auto", "", seen) == ("", seen)  # once per browser


def test_ollama_chosen_and_down_warns_and_offers_the_embedded_model(no_ollama: Library) -> None:
    from ui import status

    html, offer, _ = status.line(no_ollama, "ollama", "")
    assert '<div class="status warn">' in html and "Ollama is not reachable" in html
    assert offer["visible"] is True
    assert status.notice(no_ollama, "embedded", "", "")[0] == ""


# --- `make run` opens the chat where there is a desktop -------------------------------------------


@pytest.mark.parametrize(
    ("no_browser", "environ", "opens"),
    [
        (False, {"DISPLAY": ":0"}, True),
        (False, {"WAYLAND_DISPLAY": "wayland-0"}, True),
        (True, {"DISPLAY": ":0"}, False),  # papers chat --no-browser
        (False, {"DISPLAY": ":0", "PAPERS_NO_BROWSER": "1"}, False),
        (False, {"DISPLAY": ":0", "PYTEST_CURRENT_TEST": "t"}, False),
    ],
)
def test_the_chat_opens_in_a_browser_only_on_a_desktop(
    no_browser: bool, environ: dict[str, str], opens: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import launch as served

    monkeypatch.setattr(served.sys, "platform", "linux")
    assert served.wants_browser(no_browser, environ) is opens
    assert served.wants_browser(False, {}) is False  # no desktop: SSH, a container, CI


def test_papers_chat_has_no_browser_and_the_readme_says_what_make_run_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert len(readme.encode()) < 15_000
    assert "--no-browser" in readme and "opens it in your browser" in readme
    assert "123 papers" in readme and "merged" in readme
    with pytest.raises(SystemExit):
        cli.main(["chat", "--help"])
    assert "--no-browser" in capsys.readouterr().out
