"""A Chroma server that goes down during a chat: a clear message, nothing lost, works once back."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.servers import ChromaServer

from assistant.chain import Assistant
from index.embeddings import Embedder
from index.errors import StoreUnavailable
from index.library import Library
from index.settings import Settings


@pytest.mark.slow
def test_server_down_mid_chat_then_back(tmp_path: Path, embedder: Embedder) -> None:
    server = ChromaServer(tmp_path / "server").start()
    port = server.port
    settings = Settings(home=tmp_path / "home", chroma_url=server.url, backend="embedded", max_tokens=48)
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
        server.stop()
        with pytest.raises(StoreUnavailable) as down:
            assistant.ask("What benchmark do they use?", history)
        message = str(down.value)
        assert (
            f"127.0.0.1:{port}" in message
            and "start it again" in message
            and "Nothing indexed is lost" in message
        )
        server.start()
        again = assistant.ask("What benchmark do they use?", history)
        assert again.sources[0].title == "Otter Echolocation Networks"
        assert [p.title for p in library.papers()] == ["Otter Echolocation Networks"]
    finally:
        server.stop()
