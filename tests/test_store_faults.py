"""A Chroma server that goes down during a chat: a clear message, nothing lost, works once back."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from test_index_server import CHROMA, free_port

from assistant.chain import Assistant
from index.embeddings import Embedder
from index.errors import StoreUnavailable
from index.library import Library
from index.settings import Settings


def _start(path: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("chroma run did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.slow
def test_server_down_mid_chat_then_back(tmp_path: Path, embedder: Embedder) -> None:
    port = free_port()
    server = _start(tmp_path / "server", port)
    settings = Settings(
        home=tmp_path / "home", chroma_url=f"http://127.0.0.1:{port}", backend="embedded", max_tokens=48
    )
    paper = tmp_path / "otters.md"
    paper.write_text(
        "# Otter Echolocation Networks\n\nOtter echolocation networks locate fish from underwater clicks. "
        "They reach 91 percent accuracy on a river sound benchmark.\n"
    )
    library = Library(settings, embedder)
    library.index([paper])
    assistant = Assistant(settings, library)
    question = "How accurate are otter echolocation networks at locating fish?"
    first = assistant.ask(question)
    assert first.sources and first.sources[0].title == "Otter Echolocation Networks"
    history = [(first.question, first.text)]
    try:
        _stop(server)
        with pytest.raises(StoreUnavailable) as down:
            assistant.ask("What benchmark do they use?", history)
        message = str(down.value)
        assert (
            f"127.0.0.1:{port}" in message
            and "start it again" in message
            and "Nothing indexed is lost" in message
        )
        server = _start(tmp_path / "server", port)
        again = assistant.ask("What benchmark do they use?", history)
        assert again.sources[0].title == "Otter Echolocation Networks"
        assert [p.title for p in library.papers()] == ["Otter Echolocation Networks"]
    finally:
        _stop(server)
