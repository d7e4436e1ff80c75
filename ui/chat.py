"""The chat's handlers: stream an answer into the chat, the `ask` API, the source panel, restore.

The streaming handler is a generator that yields the growing message list (and, at the end, the
stored turns); errors become a plain sentence in the chat, never a traceback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import gradio as gr

from assistant import llm
from assistant.answer import Answer, Evidence
from assistant.chain import Assistant, Options, Quotes, Token
from index.errors import PapersError
from index.retrieval import Filters
from index.settings import MAX_K, MAX_QUESTION, MODES, Settings
from ui import conversation, render
from ui.panel import source_panel
from ui.render import Turn

log = logging.getLogger(__name__)
Update = tuple[list[dict[str, Any]], Any, str, Any, Any]  # chatbot, turns, question box, export, offer
BACKENDS = ("auto", "ollama", "embedded")


def options(
    backend: Any,
    model: Any,
    k: Any,
    mode: Any,
    listings: Any,
    papers: Any,
    date: Any,
    settings: Settings | None = None,
) -> Options:
    """Web and API input as Options, checked once here: a clear gr.Error for anything else.

    The same limits hold as in the chat's controls and the CLI: k from 1 to 10, a known backend and
    mode, lists of names for the filters, a date as text, a model the server allows.
    """
    if backend not in ("", None, *BACKENDS):
        raise gr.Error(f"backend must be one of {', '.join(BACKENDS)}.", print_exception=False)
    if mode not in ("", None, *MODES):
        raise gr.Error(f"mode must be one of {', '.join(MODES)}.", print_exception=False)
    try:
        sources = None if k in ("", None, 0) else int(str(k))
    except ValueError:
        sources = -1
    if sources is not None and not 1 <= sources <= MAX_K:
        raise gr.Error(f"k must be a whole number from 1 to {MAX_K}.", print_exception=False)
    names = {"listings": listings, "papers": papers}
    for what, value in names.items():
        if value not in (None, "") and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise gr.Error(f"{what} must be a list of names.", print_exception=False)
    if isinstance(date, int | float) and not isinstance(date, bool):
        date = str(int(date))
    if date is not None and not isinstance(date, str):
        raise gr.Error('date must be text, e.g. "2023".', print_exception=False)
    chosen = None
    if isinstance(model, str) and model.strip():
        try:
            chosen = llm.allowed_model(settings or Settings(), model)
        except PapersError as exc:
            raise gr.Error(str(exc), print_exception=False) from None
    elif model not in ("", None):
        raise gr.Error("model must be text: an Ollama model name or a GGUF file name.", print_exception=False)
    filters = Filters(tuple(papers or ()), tuple(listings or ()), (date or "").strip())
    return Options(backend or None, chosen, sources, mode or None, filters)


def checked_question(question: Any) -> str:
    """The question, or a gr.Error that says what is wrong with it."""
    if not isinstance(question, str) or not question.strip():
        raise gr.Error("Ask a question in words.", print_exception=False)
    if len(question) > MAX_QUESTION:
        raise gr.Error(
            f"The question is {len(question):,} characters; ask in at most {MAX_QUESTION:,}.",
            print_exception=False,
        )
    return question.strip()


class Chat:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._stops: dict[str, threading.Event] = {}  # session -> "stop the answer being written"

    def respond(
        self,
        question: str,
        turns: list[Turn] | None,
        backend: str,
        model: str,
        k: float,
        mode: str,
        listings: list[str] | None,
        papers: list[str] | None,
        date: str,
        request: gr.Request,
    ) -> Iterator[Update]:
        """Answer `question` in the conversation, yielding the chat as the answer streams in.

        `turns` is the conversation so far, as the previous call returned it ([] to start one).
        """
        turns, keep = conversation.clean(turns), gr.update()
        if question is None or (isinstance(question, str) and not question.strip()):
            yield conversation.messages(turns), turns, "", keep, keep
            return
        question = checked_question(question)
        session = request.session_hash or ""
        stop = self._stops.setdefault(session, threading.Event())
        stop.clear()
        shown = conversation.messages(turns) + [conversation.user(question)]
        opts = options(backend, model, k, mode, listings, papers, date, self.assistant.settings)
        try:
            for event in self._events(question, turns, opts, stop):
                if isinstance(event, tuple):  # the quotes and the draft so far: only the chat changes
                    writing = {"role": "assistant", "content": render.streaming(*event)}
                    yield shown + [writing], keep, "", keep, keep
                else:
                    turns = (turns + [event])[-conversation.MAX_TURNS :]
        finally:
            self._stops.pop(session, None)
        offer = gr.update(visible=True) if turns and render.OFFER in turns[-1].get("error", "") else keep
        yield conversation.messages(turns), turns, "", conversation.export(turns, session), offer

    def _events(
        self, question: str, turns: list[Turn], opts: Options, stop: threading.Event
    ) -> Iterator[tuple[str, list[dict[str, Any]]] | Turn]:
        """(draft, quotes) while the model writes, then the finished turn (answer or error)."""
        text, answer = "", None
        quotes: list[dict[str, Any]] = []
        yield text, quotes
        try:
            events = self.assistant.stream(question, conversation.history(turns), opts)
            for event in events:
                if isinstance(event, Token):
                    text += event.text
                    yield text, quotes
                elif isinstance(event, Quotes):
                    quotes = [asdict(e) for e in event.evidence]
                    yield text, quotes
                elif isinstance(event, Answer):
                    answer = event
                if stop.is_set():
                    getattr(events, "close", lambda: None)()  # frees the model for the next session
                    break
            answer = answer or Answer(
                question,
                draft=text,  # never checked: shown as a draft, not as the answer
                evidence=[Evidence(**q) for q in quotes],
                interrupted=True,
                error="Stopped before the end",
            )
            yield conversation.turn(question, answer.to_dict())
        except PapersError as exc:
            yield conversation.turn(question, error=render.say(exc))
        except Exception as exc:  # a bug or a surprise: a sentence in the chat, the traceback in the log
            log.exception("answering %r failed", question)
            yield conversation.turn(question, error=f"Something went wrong while answering ({exc})")

    def stop(self, request: gr.Request) -> None:
        """Stop the answer this browser session is waiting for; what arrived is kept, marked interrupted."""
        if request.session_hash in self._stops:
            self._stops[request.session_hash].set()

    def ask(
        self,
        question: str,
        backend: str = "",
        model: str = "",
        k: int = 0,
        mode: str = "",
        papers: list[str] | None = None,
        listings: list[str] | None = None,
        date: str = "",
    ) -> dict[str, Any]:
        """Ask the indexed papers a question; returns the checked answer, as `papers ask --json` prints it.

        Args:
            question: the question, in plain words.
            backend: "auto", "ollama" or "embedded"; "" uses the configured backend.
            model: an Ollama model name or a GGUF path; "" uses the default.
            k: how many sources to give the model; 0 uses the default.
            mode: retrieval mode "hybrid", "dense" or "bm25"; "" uses the default.
            papers: only these paper ids.
            listings: only papers from these listings or files (their `source`).
            date: only papers whose date contains this text, e.g. "2023".
        Returns:
            The Answer as a dict: text with [n] marks, citations (n, paper_id, title, source, snippet,
            sentence, support), sentences with their status, sources, declined, nearest, timings.
        """
        question = checked_question(question)
        opts = options(backend, model, k, mode, listings, papers, date, self.assistant.settings)
        try:
            answer = self.assistant.ask(question, None, opts)
        except PapersError as exc:
            raise gr.Error(render.say(exc), print_exception=False) from None
        except Exception as exc:  # a bug or a surprise: a sentence for the caller, the traceback in the log
            log.exception("answering %r failed", question[:200])
            raise gr.Error(f"Something went wrong while answering ({exc.__class__.__name__}).") from None
        return answer.to_dict()

    @staticmethod
    def pick(pick: str, turns: list[Turn] | None) -> str:
        """The source panel for a clicked citation mark ('<turn>-<n>[-<claim>]:<nonce>')."""
        answer, n = conversation.citation(conversation.clean(turns), pick)
        return source_panel(answer, n, conversation.claim_of(pick))

    @staticmethod
    def select(turns: list[Turn] | None, evt: gr.SelectData) -> str:
        """The source panel for a clicked message: all the citations of that answer."""
        turns = conversation.clean(turns)
        i = evt.index if isinstance(evt.index, int) else (evt.index or [0])[0]
        answer = turns[i // 2].get("answer") if 0 <= i // 2 < len(turns) else None
        return source_panel(answer)

    @staticmethod
    def restore(
        turns: list[Turn] | None, request: gr.Request
    ) -> tuple[list[dict[str, Any]], list[Turn], Any]:
        """The chat rebuilt from the turns the browser kept (on page load)."""
        turns = conversation.clean(turns)
        return conversation.messages(turns), turns, conversation.export(turns, request.session_hash or "")

    def bibtex(self, turns: list[Turn] | None, request: gr.Request) -> Any:
        """The BibTeX export of the papers the conversation cites (None: nothing cited yet)."""
        turns = conversation.clean(turns)
        try:
            return conversation.export_bibtex(
                turns, request.session_hash or "", self.assistant.library.bibtex
            )
        except PapersError:
            return None

    @staticmethod
    def clear() -> tuple[list[dict[str, Any]], list[Turn], Any, str]:
        return [], [], None, source_panel(None)
