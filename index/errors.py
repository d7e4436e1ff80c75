"""The error hierarchy: every message says what went wrong and what to do next."""

from __future__ import annotations


class PapersError(Exception):
    """Base of every error the assistant reports to a person (CLI line, UI message)."""


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
