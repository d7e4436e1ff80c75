"""End to end on the real embedded model (SmolLM2-135M through llama.cpp), real index, real embeddings:
a wrong number planted in the model's stream is flagged as contradicted with its reason, and
nothing the model writes is shown as verified with a number its source lacks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk, BaseMessageChunk

from assistant import claims, llm
from assistant.answer import Answer
from assistant.chain import Assistant
from index.library import Library
from index.settings import Settings

QUESTION = "How long does PIXART-δ take to generate a 1024×1024 image?"
PLANTED = "PIXART-δ generates a 1024x1024 image in 2.5 seconds."
PIXART = "pe6e98939be3"


class Planted:
    """The real chat model, with one sentence planted in its stream just before the end."""

    def __init__(self, model: Any, sentence: str) -> None:
        self.model, self.sentence = model, sentence

    def stream(self, messages: Any) -> Iterator[BaseMessageChunk]:
        chunks = list(self.model.stream(messages))
        yield from chunks[:-1]
        # a sentence of its own, whether or not the model's last one ended (it may stop mid-sentence)
        said = "".join(str(c.content) for c in chunks[:-1]).rstrip()
        yield AIMessageChunk(content=(" " if said.endswith((".", "!", "?")) else ". ") + self.sentence)
        yield chunks[-1]


@pytest.fixture(scope="module")
def planted(indexed_settings: Settings, library: Library) -> Answer:
    real = llm.build

    def planted_model(*args: Any, **kwargs: Any) -> Planted:
        return Planted(real(*args, **kwargs), PLANTED)

    patch = pytest.MonkeyPatch()
    patch.setattr(llm, "build", planted_model)
    try:
        return Assistant(indexed_settings.model_copy(update={"backend": "embedded"}), library).ask(QUESTION)
    finally:
        patch.undo()


@pytest.mark.slow
def test_a_planted_wrong_number_is_contradicted_with_its_reason(planted: Answer) -> None:
    assert planted.backend == "embedded" and PLANTED in planted.draft
    s = next(s for s in planted.sentences if s.text == PLANTED)
    n = next(src.n for src in planted.sources if src.paper_id == PIXART)
    assert (s.status, s.cites) == ("contradicted", [n])
    assert s.reason == f"[{n}] says 0.5 seconds, not 2.5 seconds"
    assert "2.5" not in planted.text and s in planted.not_verified


@pytest.mark.slow
def test_the_fact_comes_first_as_a_verbatim_quote(planted: Answer) -> None:
    first = planted.evidence[0]
    assert first.paper_id == PIXART and "0.5 seconds" in first.quote
    assert first.quote in next(src.text for src in planted.sources if src.n == first.n)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        QUESTION,
        "How many manually annotated pages does DocLayNet contain?",
        "What GSM8K accuracy does the 70B model fine-tuned on augmented math questions with code reach?",
    ],
)
def test_no_verified_sentence_carries_a_number_its_source_lacks(
    indexed_settings: Settings, library: Library, question: str
) -> None:
    answer = Assistant(indexed_settings.model_copy(update={"backend": "embedded"}), library).ask(question)
    by_n = {src.n: src.text + " " + src.title for src in answer.sources}
    for s in answer.sentences:
        if s.verified:
            for n in s.cites:
                have = {x.value for x in claims.numbers(by_n[n])}
                assert all(x.value in have for x in claims.numbers(s.text)), (s.text, n)
    assert answer.evidence and all(
        any(e.quote in src.text for src in answer.sources) for e in answer.evidence
    )
