"""The status line: which backend and model answer, and how much is indexed.

With the auto backend, when Ollama is down or its model is not pulled, the embedded model answers:
the line names it, and why Ollama does not answer is a notice shown once per browser (not a banner on
every load). With the Ollama backend chosen, the line warns and the app offers the embedded model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import llm
from index.errors import NoIndex, PapersError, advice
from index.library import Library
from index.settings import Settings
from ui import render
from ui.counts import count


def index_note(library: Library) -> str:
    try:
        stats = library.stats()
    except NoIndex:
        return "nothing is indexed yet: add papers in the Library tab"
    except PapersError as exc:
        return f"index: {render.say(exc)}"
    return f"{count(stats['papers'], 'paper')}, {count(stats['chunks'], 'chunk')} indexed"


@dataclass(frozen=True)
class Answerer:
    """Who answers, in words: the status line's sentence, a notice to show once, whether to offer the
    embedded model (only when Ollama was chosen and cannot answer), and Ollama's pulled models."""

    says: str
    notice: str = ""
    offer: bool = False
    pulled: list[str] = field(default_factory=list)


def backend_note(settings: Settings, backend: str, model: str) -> Answerer:
    """Which model answers, checked now (Ollama is asked which models it has)."""
    local = "(llama.cpp, on this machine)"
    if backend == "embedded":
        return Answerer(f"Answers: embedded model {Path(model or llm.DEFAULT_GGUF).name} {local}")
    name = model or settings.ollama_model
    reachable, pulled, note = llm.ollama_status(settings, name)
    if reachable and (name in pulled or f"{name}:latest" in pulled):
        return Answerer(f"Answers: Ollama · {name}", pulled=pulled)
    message = render.say(note)
    if backend == "auto":
        embedded = Path(settings.gguf_path or llm.DEFAULT_GGUF).name
        why = "Ollama's model is not pulled" if reachable else "Ollama is not running"
        if isinstance(note, PapersError):  # the embedded model already answers: no hint to switch to it
            message = advice(
                note.message, tuple(h for h in note.hints if h != llm.EMBEDDED), render.web_words
            )
        notice = f"{message}. Until then the embedded model {embedded} answers, on this machine."
        return Answerer(f"Answers: embedded model {embedded} {local} · {why}", notice, False, pulled)
    return Answerer(f"⚠ {message}", "", True, pulled)


def notice(library: Library, backend: str, model: str, seen: str) -> tuple[str, str]:
    """(the notice to show now, "" when there is none or this browser has seen it; what it has seen).

    Usage: Ollama down, seen "" -> ("Ollama is not reachable at ... answers, on this machine.", that)
    """
    said = backend_note(library.settings, backend or library.settings.backend, model).notice
    if not said or said == seen:
        return "", seen
    return said, said


def line(library: Library, backend: str = "", model: str = "", warmup: Any = None) -> tuple[str, Any, Any]:
    """The status HTML, the offer button's visibility and the model choices (Ollama's pulled models).

    With a `warmup` (ui/warmup.py), the line also says whether the first question will wait.
    """
    backend = backend or library.settings.backend
    who = backend_note(library.settings, backend, model)
    ready = f'<span class="muted" id="readiness"> · {escape(warmup.note())}</span>' if warmup else ""
    html = (
        f'<div class="status {"warn" if who.offer else "ok"}"><span>{escape(who.says)}</span>'
        f'<span class="muted"> · {escape(index_note(library))}</span>{ready}</div>'
    )
    default = llm.DEFAULT_GGUF if backend == "embedded" else library.settings.ollama_model
    choices = [(f"default ({default})", "")] + ([] if backend == "embedded" else [(m, m) for m in who.pulled])
    return html, gr.update(visible=who.offer), gr.update(choices=choices)
