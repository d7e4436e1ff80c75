"""The status line: which backend and model answer, and how much is indexed.

When Ollama is down or its model is not pulled, the line says so in plain words and the app shows
a button that switches to the embedded model.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import llm
from index.errors import NoIndex, PapersError
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


def backend_note(settings: Settings, backend: str, model: str) -> tuple[str, bool, list[str]]:
    """(a sentence about who answers, whether to offer the embedded model instead, Ollama's models)."""
    if backend == "embedded":
        name = Path(model or llm.DEFAULT_GGUF).name
        return f"Answers: embedded model {name} (llama.cpp, on this machine)", False, []
    name = model or settings.ollama_model
    reachable, pulled, note = llm.ollama_status(settings, name)
    if reachable and (name in pulled or f"{name}:latest" in pulled):
        return f"Answers: Ollama · {name}", False, pulled
    message = render.say(note)
    if backend == "auto":
        return f"⚠ {message}. Meanwhile the embedded model {llm.DEFAULT_GGUF} answers", True, pulled
    return f"⚠ {message}", True, pulled


def line(library: Library, backend: str = "", model: str = "", warmup: Any = None) -> tuple[str, Any, Any]:
    """The status HTML, the offer button's visibility and the model choices (Ollama's pulled models).

    With a `warmup` (ui/warmup.py), the line also says whether the first question will wait.
    """
    backend = backend or library.settings.backend
    note, offer, pulled = backend_note(library.settings, backend, model)
    ready = f'<span class="muted" id="readiness"> · {escape(warmup.note())}</span>' if warmup else ""
    html = (
        f'<div class="status {"warn" if offer else "ok"}"><span>{escape(note)}</span>'
        f'<span class="muted"> · {escape(index_note(library))}</span>{ready}</div>'
    )
    default = llm.DEFAULT_GGUF if backend == "embedded" else library.settings.ollama_model
    choices = [(f"default ({default})", "")] + ([] if backend == "embedded" else [(m, m) for m in pulled])
    return html, gr.update(visible=offer), gr.update(choices=choices)
