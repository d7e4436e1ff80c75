"""GGUF models in this process: each loaded by llama.cpp once per context size, with a lock per model.

A llama.cpp context holds the state of one sequence, so one generation runs at a time on a loaded
model (the chat UI runs sessions in parallel threads: they take turns). Loading needs no LangChain:
`papers ask` loads the weights and counts tokens with them before the chat classes are imported.

Usage: llama, lock = load(llm.gguf_path(), 4096) -> the SmolLM2 Llama (loaded once), and its lock
"""

from __future__ import annotations

import atexit
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from llama_cpp import Llama

MIN_CTX = 256  # llama.cpp raises any smaller context to this
_LOADED: dict[tuple[str, int], tuple[Llama, threading.Lock]] = {}  # (path, n_ctx) -> (model, its lock)
_LOADING = threading.Lock()


def threads() -> tuple[int, int]:
    """Threads for llama.cpp: (writing the answer, reading the prompt); (1, 2) on 2 cores.

    Writing goes token by token and its threads wait on each other, so one busy core stalls them all:
    it gets half the cores, leaving room for the embedder and the UI. Reading the prompt is one big
    batch that every core speeds up. More than 4 threads gains little for the small models we run.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(4, cores // 2)), max(1, min(4, cores))


def load(path: str, n_ctx: int) -> tuple[Llama, threading.Lock]:
    """The Llama for this GGUF and context size, loaded on first use, and the lock to hold while using it."""
    # asked for less, llama-cpp-python sizes its buffers below llama.cpp's context and overflows them
    key = (str(Path(path).expanduser().resolve()), max(n_ctx, MIN_CTX))
    with _LOADING:
        if key not in _LOADED:
            from llama_cpp import Llama  # loads the native library: only when a model is needed

            writing, reading = threads()
            llama = Llama(
                model_path=key[0], n_ctx=key[1], n_threads=writing, n_threads_batch=reading, verbose=False
            )
            if not _LOADED:
                atexit.register(_close_all)
            _LOADED[key] = (llama, threading.Lock())
        return _LOADED[key]


def _close_all() -> None:
    """Free the models before the interpreter tears llama_cpp down (its __del__ then fails noisily)."""
    for llama, _ in _LOADED.values():
        llama.close()
    _LOADED.clear()
