"""Ollama failing during a conversation (fake server, real clients, real index): clear messages,
partial answers kept and marked, and the next question works once the service is back."""

from __future__ import annotations

import pytest
from helpers.fake_ollama import FakeOllama

from assistant.chain import Assistant
from index.errors import BackendUnavailable
from index.library import Library
from index.settings import Settings

QUESTION = "How can a video diffusion model be distilled so that it generates clips in very few steps?"
FOLLOW_UP = "Which base models does it stay compatible with?"


def _assistant(settings: Settings, library: Library, url: str, **changes: object) -> Assistant:
    changed = settings.model_copy(update={"backend": "ollama", "ollama_url": url, **changes})
    return Assistant(changed, library)


def test_model_missing_then_pulled(indexed_settings: Settings, library: Library) -> None:
    with FakeOllama(models=[]) as fake:
        assistant = _assistant(indexed_settings, library, fake.url)
        with pytest.raises(BackendUnavailable, match="ollama pull qwen2.5:3b"):
            assistant.ask(QUESTION)
        fake.models.append("qwen2.5:3b")  # the user ran `ollama pull`
        answer = assistant.ask(QUESTION)
        assert answer.backend == "ollama" and not answer.interrupted and answer.draft


def test_error_mid_stream_keeps_the_partial_answer_and_the_next_question_works(
    indexed_settings: Settings, library: Library
) -> None:
    with FakeOllama(behaviour="error_mid_stream") as fake:
        assistant = _assistant(indexed_settings, library, fake.url)
        broken = assistant.ask(QUESTION)
        assert broken.interrupted and "unexpected EOF" in broken.error
        assert broken.draft  # what arrived before the error is kept
        fake.behaviour = "answer"
        follow = assistant.ask(FOLLOW_UP, [(broken.question, broken.draft)])
        assert not follow.interrupted and follow.draft
        assert len(fake.chats) >= 2


def test_stream_without_done_is_marked_interrupted(indexed_settings: Settings, library: Library) -> None:
    with FakeOllama(behaviour="no_done") as fake:
        answer = _assistant(indexed_settings, library, fake.url).ask(QUESTION)
        assert answer.interrupted and "ended before" in answer.error


def test_slow_server_times_out_with_a_clear_message(indexed_settings: Settings, library: Library) -> None:
    with FakeOllama(behaviour="slow", delay=3.0) as fake:
        answer = _assistant(indexed_settings, library, fake.url, read_timeout=0.5).ask(QUESTION)
        assert answer.interrupted
        assert "did not answer in time" in answer.error and "PAPERS_READ_TIMEOUT" in answer.error
