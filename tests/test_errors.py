"""Errors carry hints as data; the command line and the web app each say them in their own words."""

from __future__ import annotations

import pickle

from assistant import llm
from index.errors import BackendUnavailable, Hint, NoIndex, PapersError, UnreadableFile
from ui.render import OFFER, say


def test_the_command_line_says_flags_and_the_web_app_says_its_controls() -> None:
    down = BackendUnavailable("Ollama is not reachable at http://x", llm.SERVE, llm.EMBEDDED)
    assert (
        str(down)
        == "Ollama is not reachable at http://x: start it with `ollama serve`, or use --backend embedded"
    )
    web = say(down)
    assert "--backend" not in web and OFFER in web and "`ollama serve`" in web
    tight = PapersError(
        "No source fits", Hint("set", "PAPERS_NUM_CTX", verb="raise"), Hint("use", "sources", "1")
    )
    assert str(tight) == "No source fits: raise PAPERS_NUM_CTX, or use -k 1"
    assert say(tight) == "No source fits: raise PAPERS_NUM_CTX, or use 1 source (Settings → Sources)"
    empty = NoIndex("Nothing is indexed yet", Hint("run", "papers index"))
    assert (str(empty), say(empty)) == (
        "Nothing is indexed yet: run `papers index`",
        "Nothing is indexed yet: add papers in the Library tab",
    )


def test_hints_survive_a_process_boundary() -> None:
    down = BackendUnavailable("Ollama stopped answering", llm.SERVE, llm.EMBEDDED)
    back = pickle.loads(pickle.dumps(down))
    assert type(back) is BackendUnavailable and back.hints == down.hints and str(back) == str(down)
    bad = pickle.loads(pickle.dumps(UnreadableFile("a.pdf", "encrypted")))
    assert (bad.path, bad.why, str(bad)) == ("a.pdf", "encrypted", "a.pdf: encrypted")
