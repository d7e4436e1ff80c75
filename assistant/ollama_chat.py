"""OllamaChat: LangChain's ChatOllama, with the final streamed chunk (done=True) marked last.

Unmarked, LangChain appends an empty last chunk of its own, which says nothing about `done`, and
`llm.finished` could not tell a finished answer from a cut stream.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_ollama import ChatOllama


class OllamaChat(ChatOllama):
    """ChatOllama whose final streamed chunk (done=True) is marked last, so `llm.finished` can read it."""

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        for chunk in super()._stream(*args, **kwargs):
            yield _mark_done(chunk)

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        async for chunk in super()._astream(*args, **kwargs):
            yield _mark_done(chunk)


def _mark_done(chunk: ChatGenerationChunk) -> ChatGenerationChunk:
    if (chunk.generation_info or {}).get("done") and isinstance(chunk.message, AIMessageChunk):
        chunk.message.chunk_position = "last"
    return chunk
