"""A local HTTP server speaking Ollama's wire protocol, so tests drive the real ollama and ChatOllama clients.

Endpoints as in Ollama's API docs: GET / and /api/version, GET /api/tags, POST /api/show, POST /api/chat
(an NDJSON stream, or one JSON object with "stream": false). Errors are {"error": "..."} with Ollama's
status codes: 404 for a model that is not pulled, 400 for a prompt longer than num_ctx.
A server that is down is a port where nothing listens: `unused_url()`.

Example:
    with FakeOllama(models=["qwen2.5:3b"], reply="Attention is all you need [1].") as fake:
        fake.url                   -> "http://127.0.0.1:41235"
        fake.behaviour = "slow"    # answer | slow | error_mid_stream | no_done | drop
        fake.chats[-1]["options"]  -> {"num_ctx": 4096, "num_predict": 384, "temperature": 0.1}
"""

from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from helpers.servers import unused_url  # noqa: F401  (a server that is down)

Behaviour = Literal["answer", "slow", "error_mid_stream", "no_done", "drop"]
MID_STREAM_ERROR = "an error was encountered while running the model: unexpected EOF"
CONTEXT_ERROR = "the input length exceeds the context length"


class FakeOllama:
    """Ollama in a thread on 127.0.0.1, with scripted answers and failures."""

    def __init__(
        self,
        models: list[str] | None = None,
        reply: str = "Attention is all you need [1].",
        behaviour: Behaviour = "answer",
        delay: float = 2.0,
    ) -> None:
        self.models = ["qwen2.5:3b"] if models is None else models
        self.reply = reply
        self.behaviour = behaviour
        self.delay = delay  # seconds of silence before the first byte when "slow"
        self.chats: list[dict[str, Any]] = []  # bodies of POST /api/chat, oldest first
        self.stopping = threading.Event()
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeOllama:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def has(self, model: str) -> bool:
        return model in self.models or f"{model}:latest" in self.models

    def words(self, body: dict[str, Any]) -> list[str]:
        """The streamed pieces: the scripted reply, then the question echoed, so tests see it arrived."""
        question = next((m["content"] for m in reversed(body["messages"]) if m["role"] == "user"), "")
        text = f"{self.reply} You asked: {' '.join(question.split()[:12])}"
        return [word + " " for word in text.split()]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked streaming, as Ollama's Go server
    fake: FakeOllama

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        if self.path in ("/", ""):
            self._send(200, b"Ollama is running", "text/plain; charset=utf-8")
        elif self.path == "/api/version":
            self._json(200, {"version": "0.12.6"})
        elif self.path == "/api/tags":
            self._json(200, {"models": [_listed(name) for name in self.fake.models]})
        else:
            self._send(404, b"404 page not found", "text/plain")

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        model = body.get("model", "")
        if self.path == "/api/show":
            if not self.fake.has(model):
                return self._json(404, {"error": f"model '{model}' not found"})
            return self._json(200, _shown(model))
        if self.path != "/api/chat":
            return self._send(404, b"404 page not found", "text/plain")
        self.fake.chats.append(body)
        if not self.fake.has(model):
            return self._json(404, {"error": f'model "{model}" not found, try pulling it first'})
        options = body.get("options") or {}
        prompt = sum(len(m.get("content", "").split()) for m in body["messages"])  # words stand in for tokens
        if prompt > options.get("num_ctx", 2048):
            return self._json(400, {"error": CONTEXT_ERROR})
        if self.fake.behaviour == "slow" and self.fake.stopping.wait(self.fake.delay):
            self.close_connection = True  # the server is closing: no answer
            return
        words = self.fake.words(body)
        limit = options.get("num_predict", -1)
        done_reason = "length" if 0 < limit < len(words) else "stop"
        words = words[:limit] if limit > 0 else words
        try:
            if body.get("stream", True):
                self._stream(model, words, prompt, done_reason)
            else:
                self._json(200, _final(model, "".join(words), prompt, len(words), done_reason))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout) before we wrote

    def _stream(self, model: str, words: list[str], prompt: int, done_reason: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        behaviour = self.fake.behaviour
        for i, word in enumerate(words):
            if i == 2 and behaviour == "error_mid_stream":
                self._line({"error": MID_STREAM_ERROR})  # Ollama reports late errors inside the stream
                return self._end()
            if i == 2 and behaviour == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)  # no final empty chunk: an incomplete body
                return
            self._line({"model": model, "created_at": _now(), "message": _message(word), "done": False})
        if behaviour != "no_done":
            self._line(_final(model, "", prompt, len(words), done_reason))
        self._end()

    def _line(self, obj: dict[str, Any]) -> None:
        data = json.dumps(obj).encode() + b"\n"
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _end(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _json(self, status: int, obj: dict[str, Any]) -> None:
        self._send(status, json.dumps(obj).encode(), "application/json; charset=utf-8")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _message(content: str) -> dict[str, str]:
    return {"role": "assistant", "content": content}


def _final(model: str, content: str, prompt: int, answer: int, done_reason: str) -> dict[str, Any]:
    """The last object of an answer: done, why, and the counts and durations (nanoseconds)."""
    return {
        "model": model,
        "created_at": _now(),
        "message": _message(content),
        "done": True,
        "done_reason": done_reason,
        "total_duration": 1_500_000_000,
        "load_duration": 50_000_000,
        "prompt_eval_count": prompt,
        "prompt_eval_duration": 200_000_000,
        "eval_count": answer,
        "eval_duration": 1_200_000_000,
    }


def _details() -> dict[str, Any]:
    return {
        "parent_model": "",
        "format": "gguf",
        "family": "qwen2",
        "families": ["qwen2"],
        "parameter_size": "3.1B",
        "quantization_level": "Q4_K_M",
    }


def _listed(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "model": name,
        "modified_at": "2025-10-03T23:34:03.409490317-07:00",
        "size": 1_929_912_432,
        "digest": "357c53fb659c5076de1d65ccb0b397446227b71a42be9d1603d46168015c9e4b",
        "details": _details(),
    }


def _shown(name: str) -> dict[str, Any]:
    return {
        "modelfile": f"FROM {name}\n",
        "parameters": 'stop "<|im_start|>"\nstop "<|im_end|>"',
        "template": "{{ .Prompt }}",
        "details": _details(),
        "model_info": {"general.architecture": "qwen2", "qwen2.context_length": 32768},
        "capabilities": ["completion", "tools"],
        "modified_at": "2025-10-03T23:34:03.409490317-07:00",
    }
