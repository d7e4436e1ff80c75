"""The error hierarchy: every message says what went wrong, and its hints say what to do next.

A hint is data (run this, set that, use this option), not words: the command line and the web app
each say it in their own (`--backend embedded` here, "Settings → Backend" there). `str(error)` is the
command line's wording, which logs and tests read too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Hint:
    """One thing a person can do about an error.

    kind "run": a command (`value`), "set": an environment variable, "use": an option of the
    interface (`value` "backend" or "sources", `arg` its setting), "do": plain words for any interface.
    `verb` replaces the default verb ("start it with" `ollama serve`, "raise" PAPERS_NUM_CTX), and
    `purpose` follows it.
    Example:
        >>> str(Hint("run", "ollama serve", verb="start it with"))
        'start it with `ollama serve`'
    """

    kind: Literal["run", "set", "use", "do"]
    value: str
    arg: str = ""
    verb: str = ""
    purpose: str = ""  # said after it: "set X *to use it*"

    def __str__(self) -> str:
        return cli_words(self)


Words = Callable[[Hint], str]

_CLI_OPTIONS = {
    ("backend", "embedded"): "use --backend embedded",
    ("backend", "ollama"): "use --backend ollama",
    ("sources", "fewer"): "ask with fewer sources (-k)",
    ("sources", "1"): "use -k 1",
}


def cli_words(hint: Hint) -> str:
    """A hint in the command line's words.

    Example:
        >>> cli_words(Hint("use", "backend", "embedded"))
        'use --backend embedded'
    """
    if hint.kind == "run":
        said = f"{hint.verb or 'run'} `{hint.value}`"
    elif hint.kind == "set":
        said = f"{hint.verb or 'set'} {hint.value}"
    elif hint.kind == "use":
        said = _CLI_OPTIONS.get((hint.value, hint.arg), f"use --{hint.value} {hint.arg}")
    else:
        said = hint.value
    return f"{said} {hint.purpose}" if hint.purpose else said


def advice(message: str, hints: tuple[Hint, ...], words: Words = cli_words) -> str:
    """The message, then its hints joined as a person would write them.

    Example:
        >>> advice("Ollama is down", (Hint("do", "ask again"), Hint("set", "X", verb="raise")))
        'Ollama is down: ask again, or raise X'
    """
    said = [words(h) for h in hints]
    if not said:
        return message
    tail = said[0] if len(said) == 1 else ", ".join(said[:-1]) + ", or " + said[-1]
    return f"{message}: {tail}"


class PapersError(Exception):
    """Base of every error the assistant reports to a person (CLI line, UI message)."""

    def __init__(self, message: str = "", *hints: Hint) -> None:
        super().__init__(message)
        self.message = message
        self.hints = hints

    def __str__(self) -> str:
        return advice(self.message, self.hints)

    def say(self, words: Words) -> str:
        """The error in an interface's own words for its hints."""
        return advice(self.message, self.hints, words)

    def __reduce__(self) -> tuple:  # errors cross process boundaries (the PDF worker)
        return (_rebuild, (type(self), self.message, self.hints))


def _rebuild(cls: type[PapersError], message: str, hints: tuple[Hint, ...]) -> PapersError:
    error = cls.__new__(cls)
    PapersError.__init__(error, message, *hints)
    return error


class UnreadableFile(PapersError):
    """A file that cannot be turned into papers (empty, binary, encrypted, corrupt)."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path = path
        self.why = why

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # crosses the PDF worker's process boundary
        return (UnreadableFile, (self.path, self.why))


class NoIndex(PapersError):
    """Nothing indexed yet."""


class IndexBusy(PapersError):
    """Another process holds the writer lock."""


class ModelMismatch(PapersError):
    """The store was built with another embedding model."""


class StoreUnavailable(PapersError):
    """The Chroma server cannot be reached or answered with an error."""


class BackendUnavailable(PapersError):
    """No language model can answer (Ollama down, model missing, GGUF not found)."""


class UnknownPaper(PapersError):
    """A paper id or title that is not in the index."""
