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
import time
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
    cores = _cores()
    return max(1, min(4, cores // 2)), max(1, min(4, cores))


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def reading_threads(cores: int, elsewhere: float) -> int:
    """Threads to read a prompt with, when other processes keep `elsewhere` cores busy.

    Threads that wait on each other stall on a core another process holds: beside one busy neighbour on
    2 cores, one thread reads 172 tokens/s and two 127 to 147 (benchmarks/reports/llama_threads). A
    neighbour counts from half a core.

    Example:
        >>> reading_threads(2, 0.1), reading_threads(2, 0.9), reading_threads(8, 2.6)
        (2, 1, 4)
    """
    busy = round(elsewhere) if elsewhere >= 0.5 else 0
    return max(1, min(4, cores - busy))


_SEEN: list[tuple[float, float, float]] = []  # the last look: (monotonic s, CPU s of all processes, ours)


def _look() -> tuple[float, float, float] | None:
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            # user nice system idle iowait irq softirq steal
            ticks = [int(x) for x in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None  # not Linux
    busy = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    return time.monotonic(), busy, sum(os.times()[:2])


def busy_elsewhere() -> float:
    """Cores' worth of CPU that other processes used since the last call; 0.0 the first time, or off Linux."""
    now = _look()
    if now is None:
        return 0.0
    last = _SEEN[-1] if _SEEN else now
    _SEEN[:] = [now]
    wall = now[0] - last[0]
    if wall < 0.05:
        return 0.0
    return max(0.0, (now[1] - last[1] - (now[2] - last[2])) / wall)


def fit_threads(llama: Llama) -> None:
    """Set the model's reading threads for what else the machine is doing now (`reading_threads`)."""
    import llama_cpp

    writing, _ = threads()
    llama_cpp.llama_set_n_threads(llama.ctx, writing, reading_threads(_cores(), busy_elsewhere()))


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
            busy_elsewhere()  # the first look: the next generation sees what ran while it waited
            if not _LOADED:
                atexit.register(_close_all)
            _LOADED[key] = (llama, threading.Lock())
        return _LOADED[key]


def _close_all() -> None:
    """Free the models before the interpreter tears llama_cpp down (its __del__ then fails noisily)."""
    for llama, _ in _LOADED.values():
        llama.close()
    _LOADED.clear()
