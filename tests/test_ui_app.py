"""The chat app served in this process, driven through gradio_client and plain HTTP.

Fast tests check the HTML and Markdown the UI builds; the served ones answer with the real embedded
model (slowly: few sources, few tokens). Uploads write to a copy of the session index.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from helpers.servers import free_port

from assistant import llm
from assistant.answer import Answer
from assistant.chain import Assistant, Options, Token
from index.catalog import date_key
from index.embeddings import Embedder
from index.errors import BackendUnavailable
from index.library import Library
from index.settings import Settings
from ui import conversation, render
from ui.app import create_app
from ui.chat import Chat, options
from ui.launch import allowed_hosts, launch, steady_malloc
from ui.library_view import safe_name
from ui.panel import source_panel
from ui.render import OFFER
from ui.sessions import Sessions

QUESTION = "Which paper speeds up pruning of transformers?"
GOOD = (
    "# Sparse Ferrets Prune Attention Heads\n\n"
    "We prune the attention heads of ferret transformers with a gate.\n"
)


def serve(settings: Settings, library: Library) -> Iterator[str]:
    app = create_app(settings, Assistant(settings, library))
    _, url = launch(app, settings, port=free_port(), block=False, quiet=True)
    try:
        yield url
    finally:
        app.close()


@pytest.fixture(scope="module")
def url(indexed_settings: Settings, library: Library) -> Iterator[str]:
    """The app over the session index (read only), small answers for speed."""
    yield from serve(indexed_settings.model_copy(update={"max_tokens": 96, "k": 3}), library)


@pytest.fixture
def writable(
    indexed_settings: Settings, embedder: Embedder, tmp_path: Path
) -> Iterator[tuple[str, Settings]]:
    """The app over a copy of the session index, for tests that add papers."""
    home = tmp_path / "home"
    shutil.copytree(indexed_settings.home, home)
    settings = indexed_settings.model_copy(update={"home": home, "max_tokens": 96, "k": 3})
    for served in serve(settings, Library(settings, embedder)):
        yield served, settings


def client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False)


# --- what the UI renders -------------------------------------------------------------------------

CITATION = {
    "n": 2,
    "paper_id": "p1",
    "title": "<b>T</b>",
    "source": "/home/u/uploads/x/a.md",
    "snippet": "First.  The <script>x</script> claim.",
    "sentence": "The <script>x</script> claim.",
    "support": 0.8,
    "chunk_id": "c1",
    "meta": {"date": "May 2023", "position": 0},
}


def test_answer_html_escapes_and_marks() -> None:
    answer = {
        "text": "A <img src=x> [2]. B.",
        "citations": [CITATION],
        "sentences": [
            {"text": "A <img src=x>", "cites": [2], "status": "supported"},
            {"text": "B never said.", "cites": [], "status": "unsupported", "reason": "[2] says <C>"},
        ],
        "evidence": [{"n": 2, "paper_id": "p1", "quote": "The <script>x</script> claim.", "score": 0.9}],
        "unsupported": ["B never said."],
        "interrupted": True,
        "error": "cut <off>",
    }
    html = render.answer(4, answer)
    assert "<img" not in html and "&lt;img src=x&gt;" in html and "<script>" not in html
    assert 'href="#cite-4-2"' in html
    assert html.index("From the papers") < html.index("&lt;img src=x&gt;") < html.index("Not verified (1)")
    assert '<details class="not-verified">' in html and "[2] says &lt;C&gt;" in html
    assert "Interrupted: cut &lt;off&gt;" in html and "<b>T</b>" not in html


def test_source_panel_highlights_the_supporting_sentence() -> None:
    html = source_panel({"citations": [CITATION]}, 2)
    assert "<mark>The &lt;script&gt;x&lt;/script&gt; claim.</mark>" in html
    assert "Support 0.80" in html and "a.md" in html and "May 2023" in html and "position" not in html


def test_declined_answer_lists_the_nearest_papers() -> None:
    html = render.answer(
        0,
        {
            "declined": True,
            "text": "No.",
            "nearest": [
                {"paper_id": "p9", "title": "Near <i>one</i>", "source": "bundled:1.txt", "score": 0.21}
            ],
        },
    )
    assert "Near &lt;i&gt;one&lt;/i&gt;" in html and "similarity 0.21" in html


def test_markdown_export_renumbers_citations_into_one_list() -> None:
    other = {**CITATION, "n": 1, "paper_id": "p2", "chunk_id": "c2", "title": "Other"}
    turns = [
        conversation.turn("q1", {"text": "A [2].", "citations": [CITATION]}),
        conversation.turn("q2", {"text": "B [1]. C [2].", "citations": [other, CITATION]}),
        conversation.turn("q3", error="Ollama is down"),
    ]
    text = conversation.markdown(turns)
    assert "## 1. q1\n\nA [1]." in text and "B [2]. C [1]." in text
    assert "1. **&lt;b&gt;T&lt;/b&gt;**, a.md (date: May 2023)" in text and "2. **Other**" in text
    assert "could not answer: Ollama is down" in text


def test_browser_turns_are_checked_and_citations_picked() -> None:
    kept = {"question": "q", "answer": {"citations": [CITATION]}}
    turns = conversation.clean([kept, "junk", {"answer": 1}])
    assert len(turns) == 1
    assert conversation.citation(turns, "0-2:1712") == (turns[0]["answer"], 2)
    assert conversation.citation(turns, "7-1") == (None, None)


class ScriptedAssistant:
    """Streams the tokens it is given, then an Answer, or raises the error it is given."""

    def __init__(self, tokens: list[str], error: Exception | None = None) -> None:
        self.tokens, self.error = tokens, error

    def stream(self, question: str, history: Any, options: Any) -> Iterator[Token | Answer]:
        if self.error:
            raise self.error
        yield from (Token(t) for t in self.tokens)
        yield Answer(question, text="".join(self.tokens))


def scripted(tokens: list[str], error: Exception | None = None, stop: threading.Event | None = None) -> Any:
    """The events of one chat turn answered by a ScriptedAssistant."""
    chat = Chat(cast(Assistant, ScriptedAssistant(tokens, error)))
    return chat._events("q", [], Options(), stop or threading.Event())


def test_stop_keeps_what_arrived_and_marks_it_interrupted() -> None:
    stop = threading.Event()
    events = scripted(["One ", "two ", "three."], stop=stop)
    assert [next(events), next(events)] == [("", []), ("One ", [])]
    stop.set()
    turn = list(events)[-1]
    assert (
        turn["answer"]["interrupted"] and turn["answer"]["draft"] == "One " and turn["answer"]["text"] == ""
    )
    html = conversation.messages([turn])[1]["content"]
    assert "Draft, stopped before it was checked" in html and "One" in html


def test_backend_errors_become_plain_words_with_an_offer() -> None:
    down = BackendUnavailable("Ollama is not reachable at http://x", llm.SERVE, llm.EMBEDDED)
    turn = list(scripted([], down))[-1]
    assert turn["answer"] is None and "--backend" not in turn["error"] and OFFER in turn["error"]
    assert "⚠ The assistant could not answer." in conversation.messages([turn])[1]["content"]


def test_hosts_and_names() -> None:
    assert allowed_hosts(Settings(host="127.0.0.1")) == ["127.0.0.1", "localhost"]
    assert safe_name("../../etc/pass wd?.md") == "pass wd_.md"


def test_malloc_threshold_is_fixed_on_glibc_unless_the_environment_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platform

    assert steady_malloc() is (platform.libc_ver()[0] == "glibc")
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    assert steady_malloc() is False


def test_a_session_used_again_in_its_grace_period_is_kept() -> None:
    import datetime
    from types import SimpleNamespace

    from gradio.state_holder import StateHolder

    holder = StateHolder()
    sessions = Sessions(cast(Any, SimpleNamespace(state_holder=holder)))
    closed, again = datetime.datetime(2026, 1, 1, 12), datetime.datetime(2026, 1, 1, 12, 1)
    holder.session_data["s"], holder.time_last_used["s"] = cast(Any, "state"), again
    assert sessions.forget("s", closed) is False and "s" in holder.session_data
    assert sessions.forget("s", again) is True and "s" not in holder.session_data


# --- the served app ------------------------------------------------------------------------------


@pytest.mark.slow
def test_ask_api_returns_a_checked_answer(url: str) -> None:
    answer = client(url).predict(QUESTION, api_name="/ask")
    assert answer["question"] == QUESTION and answer["backend"] == "embedded" and answer["text"]
    numbers = {s["n"] for s in answer["sources"]}
    assert numbers and all(c["n"] in numbers for c in answer["citations"])
    assert set(answer) >= {"citations", "sentences", "declined", "nearest", "interrupted", "timings"}


@pytest.mark.slow
def test_chat_streams_in_several_updates(url: str) -> None:
    job = client(url).submit(QUESTION, [], api_name="/chat")
    final = job.result(timeout=600)
    updates = job.outputs()
    assert len(updates) >= 3  # the question, pieces of the answer, the checked answer
    writing = [u[0][-1]["content"][0]["text"] for u in updates[:-1] if len(u[0]) == 2]
    assert any('class="answer streaming"' in w and len(w) > 80 for w in writing)
    chat, turns = final[0], final[1]
    assert len(chat) == 2 and 'class="answer"' in chat[1]["content"][0]["text"]
    assert turns[0]["question"] == QUESTION and "sources" not in turns[0]["answer"]


def test_upload_indexes_good_files_and_names_bad_ones(writable: tuple[str, Settings], tmp_path: Path) -> None:
    from gradio_client import handle_file

    url, settings = writable
    good, bad = tmp_path / "ferrets.md", tmp_path / "broken.pdf"
    good.write_text(GOOD)
    bad.write_bytes(os.urandom(2048))
    report = client(url).predict([handle_file(str(good)), handle_file(str(bad))], api_name="/upload")
    assert "Indexed 1 of 2 files" in report
    assert "broken.pdf: named .pdf but it is not a PDF" in report and str(settings.uploads_dir) not in report
    table, count = client(url).predict("ferrets", api_name="/library")
    assert [row[0] for row in table["data"]] == ["Sparse Ferrets Prune Attention Heads"] and "1 of" in count
    newest, _ = client(url).predict(
        "", "2023-2024", "", "", "Date", "descending", api_name="/library"
    )  # the API takes the tab's filters and sort too
    dates = [row[3] for row in newest["data"]]
    assert dates and all(("2023" in d or "2024" in d) for d in dates), dates
    keys = [date_key({"date": d}) or 0 for d in dates]
    assert keys == sorted(keys, reverse=True)
    bad = client(url).predict("", "soon", "", "", "Date", "ascending", api_name="/library")
    assert bad[0]["data"] == [] and "2019-2021" in bad[1]
    copy = next(settings.uploads_dir.glob("*/ferrets.md"))
    assert httpx.get(f"{url}gradio_api/file={copy}").status_code == 200  # the upload folder is served
    paper_id = table["data"][0][1]
    assert client(url).predict(paper_id, api_name="/remove") == f"Removed {paper_id}."
    assert client(url).predict("ferrets", api_name="/library")[0]["data"] == []


@pytest.mark.slow  # a served app, two clients and Gradio's heartbeat
def test_sessions_of_clients_that_went_away_are_forgotten(
    indexed_settings: Settings, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc
    import time

    monkeypatch.setenv("GRADIO_HEARTBEAT_INTERVAL", "0.2")  # a client gone is noticed at once
    monkeypatch.setattr("ui.sessions.GRACE_S", 0.2)
    app = create_app(indexed_settings, Assistant(indexed_settings, library))
    _, served = launch(app, indexed_settings, port=free_port(), block=False, quiet=True)
    try:
        gone, kept = client(served), client(served)
        for c in (gone, kept):
            c.predict("", api_name="/library")
        assert set(app.state_holder.session_data) == {gone.session_hash, kept.session_hash}
        hash_gone = gone.session_hash
        del gone, c
        gc.collect()
        deadline = time.monotonic() + 30
        while hash_gone in app.state_holder.session_data and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        assert list(app.state_holder.session_data) == [kept.session_hash]
        assert re.match(r"\d+ of \d+ papers", kept.predict("ferrets", api_name="/library")[1])
    finally:
        app.close()


def test_foreign_host_is_refused(url: str) -> None:
    assert httpx.get(url).status_code == 200
    assert httpx.get(url, headers={"Host": "evil.example"}).status_code == 400
    assert httpx.get(url, headers={"Host": "evil.example:7860"}).status_code == 400


def test_files_outside_the_upload_folder_are_not_served(url: str, indexed_settings: Settings) -> None:
    for path in ("/etc/passwd", str(next(indexed_settings.chroma_dir.glob("*.sqlite3"))), __file__):
        assert httpx.get(f"{url}gradio_api/file={path}").status_code in (403, 404), path


def test_uploads_over_the_size_limit_are_refused(indexed_settings: Settings, library: Library) -> None:
    small = indexed_settings.model_copy(update={"max_upload_mb": 1})
    for served in serve(small, library):
        big = {"files": ("big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), "application/pdf")}
        refused = httpx.post(f"{served}gradio_api/upload", files=big)
        assert refused.status_code == 413, refused.text
        ok = httpx.post(
            f"{served}gradio_api/upload", files={"files": ("s.md", b"# Small\n\nfits.", "text/markdown")}
        )
        assert ok.status_code == 200


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "kwargs", "message"),
    [
        (QUESTION, {"k": "abc"}, "k must be a whole number from 1 to 10."),
        (QUESTION, {"k": -1}, "k must be a whole number from 1 to 10."),
        (QUESTION, {"listings": [{"$ne": ""}]}, "listings must be a list of names."),
        (QUESTION, {"mode": "sql"}, "mode must be one of hybrid, dense, bm25."),
        (QUESTION, {"model": "/etc/passwd"}, "No model '/etc/passwd' is available here"),
        (QUESTION, {"model": "/no/such/model.gguf"}, "No model '/no/such/model.gguf' is available here"),
        ("x" * 2001, {}, "The question is 2,001 characters; ask in at most 2,000."),
    ],
)
def test_ask_api_refuses_bad_input_with_a_clear_message(
    url: str, question: str, kwargs: dict[str, Any], message: str
) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as refused:
        client(url).predict(question, api_name="/ask", **kwargs)
    assert str(refused.value).startswith(message)


def test_models_named_over_the_web_are_only_ollama_names_or_allowed_gguf_files(
    settings: Settings, tmp_path: Path
) -> None:
    from assistant.llm import allowed_model
    from index.errors import BackendUnavailable

    folder = settings.home / "models"
    folder.mkdir(parents=True)
    (folder / "tiny.gguf").write_bytes(b"GGUF")
    outside = tmp_path / "outside.gguf"
    outside.write_bytes(b"GGUF")
    assert allowed_model(settings, "qwen2.5:3b") == "qwen2.5:3b"
    assert allowed_model(settings, "hf.co/user/model:Q4_K_M") == "hf.co/user/model:Q4_K_M"
    assert allowed_model(settings, str(folder / "tiny.gguf")) == str((folder / "tiny.gguf").resolve())
    messages = set()
    for bad in (str(outside), "/etc/passwd", "/no/such.gguf", str(folder / "../../x.gguf"), "../etc/passwd"):
        with pytest.raises(BackendUnavailable) as refused:
            allowed_model(settings, bad)
        messages.add(str(refused.value).replace(repr(bad[:80]), "X"))
    assert len(messages) == 1  # missing and not allowed read the same


def test_question_date_and_numbers_arrive_as_the_controls_send_them() -> None:
    opts = options("", "", "3", "", None, None, 2023)
    assert opts.k == 3 and opts.filters.date == "2023"


def test_the_status_line_says_when_the_warm_up_is_done(
    indexed_settings: Settings, embedder: Embedder
) -> None:
    from ui import status
    from ui.warmup import Warmup

    library = Library(indexed_settings, embedder)
    warmup = Warmup(library, backend="ollama")
    assert "getting ready: starting" in status.line(library, "embedded", "", warmup)[0]
    warmup.start().done.wait(120)
    html = status.line(library, "embedded", "", warmup)[0]
    assert (
        "ready (" in html and "not ready" not in html and library.retriever.sparse.ensure().main is not None
    )

    broken = Warmup(Library(indexed_settings.model_copy(update={"home": indexed_settings.home / "none"})))
    broken.run()
    assert broken.note().startswith("not ready: Nothing is indexed yet: add papers in the Library tab")


def test_identifiers_are_plain_links_and_nothing_else_is() -> None:
    html = render.definitions({"doi": "10.1234/q.5", "arxiv_id": "2401.01234", "venue": "<b>x</b>"})
    assert '<a href="https://doi.org/10.1234/q.5" target="_blank" rel="noopener noreferrer">' in html
    assert 'href="https://arxiv.org/abs/2401.01234"' in html and "&lt;b&gt;x&lt;/b&gt;" in html
    hostile = render.definitions({"url": 'javascript:alert(1)"', "doi": '10.1/"><script>'})
    assert 'href="javascript' not in hostile  # only http(s) URLs become links
    assert "<script>" not in hostile


def test_the_compare_tab_api_returns_the_table_and_its_exports(url: str) -> None:
    question = "How can video diffusion models be distilled to generate in very few steps?"
    table, md, sheet, bib, status = client(url).predict(question, 4, api_name="/compare")
    rows: list[list[Any]] = table["data"]
    assert len(rows) == 4 and rows[0][1].startswith("AnimateDiff-Lightning")
    assert "4 papers" in status

    def read(file: Any) -> str:
        return Path(file["path"] if isinstance(file, dict) else file).read_text()

    assert read(md).startswith(f"# {question}")
    assert len(read(sheet).strip().splitlines()) == 1 + 4  # the header and a row per paper
    assert read(bib).count("\n@") + read(bib).startswith("@") == 4
