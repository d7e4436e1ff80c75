"""Generation hygiene: echoed scaffolding and restated questions dropped, loops stopped (fake Ollama)."""

from __future__ import annotations

from helpers.fake_ollama import FakeOllama

from assistant.chain import Assistant
from assistant.hygiene import clean, looping
from index.library import Library
from index.settings import Settings


def test_scaffolding_and_restated_questions_are_dropped() -> None:
    question = "How many pages does DocLayNet contain?"
    sentences = [
        "Question: How many pages does DocLayNet contain?",
        "Answer: 1",
        "The answer is.",
        "Context:",
        "DocLayNet contains pages.",  # says back what was asked
        "Answer: DocLayNet contains 80863 pages [1].",
        "DocLayNet contains 80863 pages [1].",  # a repeat
    ]
    assert clean(sentences, question) == ["DocLayNet contains 80863 pages [1]."]


def test_looping_is_seen_in_a_repeated_sentence_or_ngram() -> None:
    assert not looping("DocLayNet has 80863 pages. It has 11 classes. ")
    assert looping("DocLayNet has many pages. It is a dataset. DocLayNet has many pages. ")
    assert looping("we use a very large model with many layers " * 3)
    assert not looping("DocLayNet has many pages. DocLayNet has")  # the repeat is not finished yet


def test_a_looping_stream_is_stopped_and_checked(indexed_settings: Settings, library: Library) -> None:
    loop = "DocLayNet contains 80863 manually annotated pages [1]. " * 40
    with FakeOllama(reply=loop) as fake:
        settings = indexed_settings.model_copy(update={"backend": "ollama", "ollama_url": fake.url})
        answer = Assistant(settings, library).ask("How many manually annotated pages does DocLayNet contain?")
    assert not answer.interrupted
    assert answer.draft.count("80863") <= 3  # stopped at the repeat, not 40 times
    assert answer.text.count("80863") == 1
