"""Answers through the Ollama protocol fake (real clients, real index, real embeddings): a scripted
answer with a wrong number, a swapped name and a flipped comparative is checked like any other;
only verified sentences are shown, the quotes come first, and the rest carry their reasons."""

from __future__ import annotations

import pytest
from helpers.fake_ollama import FakeOllama

from assistant.answer import Answer
from assistant.chain import Assistant
from index.library import Library
from index.settings import Settings

QUESTION = "How long does PIXART-δ take to generate a 1024×1024 image?"
PIXART = "pe6e98939be3"


def ask(settings: Settings, library: Library, reply: str) -> Answer:
    """Ask through the fake; `{n}` in the reply is the PIXART-δ source's number."""
    with FakeOllama(reply="probe [1].") as fake:
        changed = settings.model_copy(update={"backend": "ollama", "ollama_url": fake.url})
        assistant = Assistant(changed, library)
        first = assistant.ask(QUESTION)
        n = next(s.n for s in first.sources if s.paper_id == PIXART)
        fake.reply = reply.format(n=n)
        return assistant.ask(QUESTION)


@pytest.fixture(scope="module")
def answer(indexed_settings: Settings, library: Library) -> Answer:
    return ask(
        indexed_settings,
        library,
        "PIXART-δ achieves 0.5 seconds for generating 1024x1024 pixel images [{n}]. "
        "PIXART-δ generates a 1024x1024 image in approximately 2.5 seconds [{n}]. "
        "DALL-E achieves a breakthrough 0.5 seconds for generating 1024x1024 pixel images [{n}]. "
        "PIXART-δ marks a 7x degradation relative to PIXART-α [{n}].",
    )


def by_text(answer: Answer, start: str):  # type: ignore[no-untyped-def]
    return next(s for s in answer.sentences if s.text.startswith(start))


def test_the_true_sentence_is_the_answer(answer: Answer) -> None:
    n = next(s.n for s in answer.sources if s.paper_id == PIXART)
    assert answer.text == f"PIXART-δ achieves 0.5 seconds for generating 1024x1024 pixel images [{n}]."
    assert [c.paper_id for c in answer.citations] == [PIXART]


def test_a_wrong_number_is_contradicted_with_its_reason(answer: Answer) -> None:
    s = by_text(answer, "PIXART-δ generates a 1024x1024 image in approximately 2.5")
    n = s.cites[0]
    assert (s.status, s.reason) == ("contradicted", f"[{n}] says 0.5 seconds, not about 2.5 seconds")
    assert "0.5 seconds" in s.evidence
    assert "2.5" not in answer.text


def test_a_swapped_name_is_not_verified(answer: Answer) -> None:
    s = by_text(answer, "DALL-E")
    assert s.status == "unsupported" and "does not mention DALL-E" in s.reason


def test_a_flipped_comparative_is_contradicted(answer: Answer) -> None:
    s = by_text(answer, "PIXART-δ marks a 7x degradation")
    assert (s.status, s.reason) == ("contradicted", f"[{s.cites[0]}] says improvement, not degradation")


def test_not_verified_sentences_are_listed_with_reasons_not_shown(answer: Answer) -> None:
    statuses = [(s.status, s.text[:20]) for s in answer.not_verified]
    assert [s for s, _ in statuses[:3]] == ["contradicted", "unsupported", "contradicted"], statuses
    assert all(s.reason for s in answer.not_verified)
    assert all(s.text not in answer.text for s in answer.not_verified)
    assert "2.5 seconds" in answer.draft  # the model's own words are kept, as a draft


def test_the_evidence_quotes_the_answering_sentence_first(answer: Answer) -> None:
    first = answer.evidence[0]
    assert first.paper_id == PIXART and "0.5 seconds" in first.quote
    source = next(s for s in answer.sources if s.n == first.n)
    assert first.quote in source.text  # verbatim


def test_when_nothing_survives_the_answer_is_the_evidence_alone(
    indexed_settings: Settings, library: Library
) -> None:
    answer = ask(indexed_settings, library, "Question: How long? Answer: It takes 9 seconds [{n}].")
    assert answer.text == "" and answer.evidence_only
    assert answer.evidence and "0.5 seconds" in answer.evidence[0].quote
    assert answer.to_dict()["evidence_only"] is True
    assert {"n", "paper_id", "quote", "score"} <= set(answer.to_dict()["evidence"][0])
