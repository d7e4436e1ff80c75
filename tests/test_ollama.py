"""The Ollama backend through the real ollama and ChatOllama clients, against tests/fake_ollama.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.fake_ollama import CONTEXT_ERROR, MID_STREAM_ERROR, FakeOllama, unused_url
from langchain_core.messages import AIMessageChunk, BaseMessageChunk, HumanMessage

from assistant.llamacpp import ChatLlamaCpp
from assistant.llm import BackendInfo, chat_model, finished, ollama_status, translate_error
from index.errors import BackendUnavailable
from index.settings import Settings

QUESTION = "What does the Transformer replace recurrence with?"


@pytest.fixture
def fake() -> Iterator[FakeOllama]:
    with FakeOllama() as server:
        yield server


def on(settings: Settings, url: str, **changes: object) -> Settings:
    """The test's settings pointed at the Ollama at `url`."""
    return settings.model_copy(update={"backend": "ollama", "ollama_url": url, **changes})


def read(llm: object, question: str = QUESTION) -> tuple[str, list[BaseMessageChunk]]:
    """Stream an answer as the chain does: (text so far, chunks). Raises what the stream raises."""
    text, chunks = "", []
    for chunk in llm.stream([HumanMessage(question)]):  # type: ignore[attr-defined]
        text += chunk.text
        chunks.append(chunk)
    return text, chunks


def test_streamed_answer_sends_the_settings_and_ends_done(settings: Settings, fake: FakeOllama) -> None:
    llm, info = chat_model(on(settings, fake.url, num_ctx=2048, max_tokens=64, temperature=0.2))
    assert info == BackendInfo("ollama", "qwen2.5:3b", 2048)

    text, chunks = read(llm)

    assert text.startswith("Attention is all you need [1].") and QUESTION in text
    assert len(chunks) > 5 and finished(chunks[-1])
    assert chunks[-1].response_metadata["done_reason"] == "stop"
    assert isinstance(chunks[-1], AIMessageChunk) and chunks[-1].usage_metadata is not None
    options = fake.chats[-1]["options"]
    assert (options["num_ctx"], options["num_predict"], options["temperature"]) == (2048, 64, 0.2)


def test_answer_without_streaming(settings: Settings, fake: FakeOllama) -> None:
    llm, _ = chat_model(on(settings, fake.url))
    answer = llm.invoke([HumanMessage(QUESTION)], stream=False)
    assert fake.chats[-1]["stream"] is False
    assert QUESTION in answer.text and answer.response_metadata["done"] is True


def test_num_predict_cuts_the_answer_but_it_still_finishes(settings: Settings, fake: FakeOllama) -> None:
    llm, _ = chat_model(on(settings, fake.url, max_tokens=3))
    text, chunks = read(llm)
    assert text == "Attention is all "
    assert chunks[-1].response_metadata["done_reason"] == "length" and finished(chunks[-1])


def test_model_not_pulled(settings: Settings) -> None:
    with FakeOllama(models=["llama3.2:1b"]) as fake:
        with pytest.raises(BackendUnavailable, match=r"qwen2\.5:3b is not pulled.*`ollama pull qwen2\.5:3b`"):
            chat_model(on(settings, fake.url))
        reachable, pulled, note = ollama_status(on(settings, fake.url))
        assert (reachable, pulled, str(note)) == (
            True,
            ["llama3.2:1b"],
            f"Ollama answers at {fake.url}, but qwen2.5:3b is not pulled: run `ollama pull qwen2.5:3b`",
        )


def test_a_name_without_tag_means_latest(settings: Settings) -> None:
    with FakeOllama(models=["qwen2.5:latest"]) as fake:
        _, info = chat_model(on(settings, fake.url), model="qwen2.5")
    assert info.model == "qwen2.5"


def test_model_removed_after_the_check(settings: Settings, fake: FakeOllama) -> None:
    llm, info = chat_model(on(settings, fake.url))
    fake.models = []
    with pytest.raises(Exception) as caught:
        read(llm)
    assert "`ollama pull qwen2.5:3b`" in str(translate_error(caught.value, info))


@pytest.mark.asyncio
async def test_async_stream_ends_done(settings: Settings, fake: FakeOllama) -> None:
    llm, _ = chat_model(on(settings, fake.url))
    chunks = [chunk async for chunk in llm.astream([HumanMessage(QUESTION)])]
    assert QUESTION in "".join(c.text for c in chunks) and finished(chunks[-1])


def test_server_stops_after_the_check(settings: Settings) -> None:
    with FakeOllama() as fake:
        llm, info = chat_model(on(settings, fake.url))
    with pytest.raises(Exception) as caught:
        read(llm)
    assert str(translate_error(caught.value, info)).startswith("Ollama stopped answering: start it with")


def test_server_down(settings: Settings) -> None:
    url = unused_url()
    message = f"Ollama is not reachable at {url}: start it with `ollama serve`, or use --backend embedded"
    with pytest.raises(BackendUnavailable) as caught:
        chat_model(on(settings, url))
    assert str(caught.value) == message
    reachable, pulled, note = ollama_status(on(settings, url))
    assert (reachable, pulled, str(note)) == (False, [], message)


def test_something_else_on_the_port(settings: Settings, fake: FakeOllama) -> None:
    reachable, _, note = ollama_status(on(settings, fake.url + "/not-ollama"))
    assert not reachable and "PAPERS_OLLAMA_URL" in str(note)


def test_slow_server_times_out(settings: Settings, fake: FakeOllama) -> None:
    fake.behaviour = "slow"
    llm, info = chat_model(on(settings, fake.url, read_timeout=0.3))
    with pytest.raises(Exception) as caught:
        read(llm)
    assert "did not answer in time" in str(translate_error(caught.value, info))
    assert "PAPERS_READ_TIMEOUT" in str(translate_error(caught.value, info))


def test_error_mid_stream_keeps_what_came_before(settings: Settings, fake: FakeOllama) -> None:
    fake.behaviour = "error_mid_stream"
    llm, info = chat_model(on(settings, fake.url))
    received = []
    with pytest.raises(Exception) as caught:
        for chunk in llm.stream([HumanMessage(QUESTION)]):
            received.append(chunk.text)
    assert "".join(received) == "Attention is "
    message = str(translate_error(caught.value, info))
    assert message.startswith("Ollama failed while answering with qwen2.5:3b") and MID_STREAM_ERROR in message


def test_stream_without_done_is_not_finished(settings: Settings, fake: FakeOllama) -> None:
    fake.behaviour = "no_done"
    llm, _ = chat_model(on(settings, fake.url))
    text, chunks = read(llm)
    assert QUESTION in text
    assert not finished(chunks[-1])
    assert not finished(sum(chunks[1:], chunks[0]))  # nor the chunks added up
    assert not finished(None)


def test_connection_dropped_mid_stream(settings: Settings, fake: FakeOllama) -> None:
    fake.behaviour = "drop"
    llm, info = chat_model(on(settings, fake.url))
    with pytest.raises(Exception) as caught:
        read(llm)
    assert "closed the connection in the middle of the answer" in str(translate_error(caught.value, info))


def test_context_too_long(settings: Settings, fake: FakeOllama) -> None:
    llm, info = chat_model(on(settings, fake.url, num_ctx=100))
    with pytest.raises(Exception) as caught:
        read(llm, "source text " * 100)
    assert CONTEXT_ERROR in str(caught.value)
    message = str(translate_error(caught.value, info))
    assert "100-token context of qwen2.5:3b" in message
    assert "fewer sources (-k)" in message and "PAPERS_NUM_CTX" in message


def test_auto_falls_back_to_embedded_when_ollama_is_down(settings: Settings) -> None:
    llm, info = chat_model(on(settings, unused_url(), backend="auto", num_ctx=512))
    assert info.backend == "embedded" and info.model.endswith("SmolLM2-135M-Instruct.Q4_1.gguf")
    assert isinstance(llm, ChatLlamaCpp) and llm.n_ctx == 512


def test_auto_falls_back_when_the_model_is_not_pulled(settings: Settings) -> None:
    with FakeOllama(models=[]) as fake:
        _, info = chat_model(on(settings, fake.url, backend="auto", num_ctx=512))
    assert info.backend == "embedded"


def test_auto_takes_ollama_when_it_can(settings: Settings, fake: FakeOllama) -> None:
    _, info = chat_model(on(settings, fake.url, backend="auto"))
    assert info.backend == "ollama"
