"""Warm-up: the chat serves its page at once, and loads what the first question needs meanwhile.

Opening the BM25 index and the embedder (and, for the embedded backend, the GGUF model) takes
seconds on a cold machine. `papers chat` starts this in a thread after the server is up; the
status line says "getting ready" until it is done, then "ready" (or what failed, in its words).
Usage: w = Warmup(library); w.start(); w.note() -> "getting ready: opening the search index…"
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from ui import render

log = logging.getLogger(__name__)


class Warmup:
    def __init__(self, library: Any, backend: str = "") -> None:
        self.library = library
        self.backend = backend or library.settings.backend
        self.done = threading.Event()
        self.seconds: float | None = None
        self.error: str = ""
        self.step = "starting"

    def start(self) -> Warmup:
        threading.Thread(target=self.run, name="papers-warmup", daemon=True).start()
        return self

    def run(self) -> None:
        began = time.perf_counter()
        try:
            self.step = "opening the search index"
            self.library.retriever.sparse.ensure()
            self.step = "loading the embedder"
            self.library.embedder.embed_query("warm up")
            if self.backend == "embedded":
                from assistant import llm

                self.step = "loading the embedded model"
                llm.chat_model(self.library.settings, "embedded")
        except Exception as exc:  # noqa: BLE001 - the first question reports it properly; say it here
            self.error = render.say(exc)
            log.warning("warm-up failed: %s", self.error)
        self.seconds = time.perf_counter() - began
        self.done.set()

    def note(self) -> str:
        """What the status line says about readiness."""
        if not self.done.is_set():
            return f"getting ready: {self.step}…"
        if self.error:
            return f"not ready: {self.error}"
        return f"ready ({self.seconds:.1f} s to warm up)"
