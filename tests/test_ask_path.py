"""One straight ask path: one BM25 search per question, relevance from the hits' own raw scores,
options through unchanged, the decline rule in one place. On the real index of the bundled papers."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.chain import Assistant, Options, Retrieved, declines, diversify, spare
from index.library import Library
from index.retrieval import Hit
from index.settings import Settings
from index.sparse import tokenize

QUESTION = "How can a video diffusion model be distilled so that it generates clips in very few steps?"


@pytest.fixture
def counted(indexed_settings: Settings, library: Library, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The assistant, and how many BM25 and dense searches it made."""
    calls = {"bm25": 0, "dense": 0}
    sparse, store = library.retriever.sparse, library.retriever.store
    search, query = sparse.search, store.query

    def bm25(*args: Any, **kwargs: Any) -> Any:
        calls["bm25"] += 1
        return search(*args, **kwargs)

    def dense(*args: Any, **kwargs: Any) -> Any:
        calls["dense"] += 1
        return query(*args, **kwargs)

    monkeypatch.setattr(sparse, "search", bm25)
    monkeypatch.setattr(store, "query", dense)
    return {"assistant": Assistant(indexed_settings, library), "calls": calls}


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_one_bm25_search_and_one_dense_search_per_question(counted: dict[str, Any], mode: str) -> None:
    found = counted["assistant"].retrieve(QUESTION, options=Options(mode=mode))
    assert isinstance(found, Retrieved) and found.hits
    assert counted["calls"] == {"bm25": 1, "dense": 1}


def test_relevance_is_the_raw_best_scores_the_search_already_had(
    counted: dict[str, Any], library: Library
) -> None:
    found = counted["assistant"].retrieve(QUESTION)
    retriever = library.retriever
    best_bm25 = retriever.bm25(QUESTION, 1)[0].score  # searched again here, apart, to compare
    assert found.keyword == pytest.approx(best_bm25 / len(tokenize(QUESTION)))
    assert found.dense == pytest.approx(max(h.score for h in retriever.dense(QUESTION, 50)))


def test_options_reach_retrieval_unchanged(counted: dict[str, Any]) -> None:
    found = counted["assistant"].retrieve(QUESTION, options=Options(k=2))
    assert len(found.hits) == 2


def test_the_decline_rule_is_one_function_of_the_two_scores(counted: dict[str, Any]) -> None:
    settings: Settings = counted["assistant"].settings
    found = counted["assistant"].retrieve("What is the boiling point of water on Mars in kelvin?")
    assert declines(found.dense, found.keyword, settings.min_relevance, settings.min_keyword_score)
    answered = counted["assistant"].retrieve(QUESTION)
    assert not declines(answered.dense, answered.keyword, settings.min_relevance, settings.min_keyword_score)


def test_diversify_caps_chunks_per_paper() -> None:
    hits = [Hit(f"c{i}", pid, pid, "t", "s", 1.0) for i, pid in enumerate("aaab")]
    assert [h.paper_id for h in diversify(hits, 3, 2)] == ["a", "a", "b"]


def test_spare_takes_more_chunks_of_the_chosen_papers_only() -> None:
    hits = [Hit(f"c{i}", pid, pid, "t", "s", 1.0) for i, pid in enumerate("aabac")]
    chosen = diversify(hits, 3, 2)
    assert [h.chunk_id for h in spare(hits, chosen, 2)] == ["c3"]  # a's third chunk; c is not chosen
    assert spare(hits, chosen, 0) == []
