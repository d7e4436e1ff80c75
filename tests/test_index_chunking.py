"""Chunks of the real corpus, counted with the real tokenizer, and as they are stored."""

from __future__ import annotations

import pytest

from index.chunking import Chunk, chunk_paper, pack, split_sentences
from index.corpus import bundled_papers
from index.duplicates import mark_duplicates
from index.embeddings import Embedder
from index.library import Library
from index.papers import new_paper
from index.settings import Settings


def chunk_corpus(embedder: Embedder) -> dict[str, list[Chunk]]:
    """paper_id -> chunks, exactly as the indexer makes them for the bundled corpus."""
    limit = min(Settings().chunk_tokens, embedder.max_tokens)
    papers = [p for p in mark_duplicates(bundled_papers()) if not p.duplicate_of]
    return {p.paper_id: chunk_paper(p, embedder.count_tokens, limit, 1) for p in papers}


@pytest.fixture(scope="module")
def corpus_chunks(embedder: Embedder) -> dict[str, list[Chunk]]:
    return chunk_corpus(embedder)


def test_no_chunk_is_over_the_model_limit(corpus_chunks: dict[str, list[Chunk]], embedder: Embedder) -> None:
    for chunks in corpus_chunks.values():
        for chunk in chunks:
            title = embedder.count_tokens(chunk.title)
            assert embedder.count_tokens(chunk.text) <= embedder.max_tokens - title, chunk.chunk_id
            assert embedder.count_tokens(chunk.embed_text) <= embedder.max_tokens


def test_chunks_are_runs_of_whole_sentences(corpus_chunks: dict[str, list[Chunk]]) -> None:
    papers = {p.paper_id: p for p in mark_duplicates(bundled_papers()) if not p.duplicate_of}
    for pid, chunks in corpus_chunks.items():
        sentences = split_sentences(papers[pid].text)
        runs = {
            " ".join(sentences[i:j]) for i in range(len(sentences)) for j in range(i + 1, len(sentences) + 1)
        }
        for chunk in chunks:
            assert chunk.text in runs, (pid, chunk.position, chunk.text[:60])
        # together they cover the paper: the first opens it, the last closes it
        assert chunks[0].text.startswith(sentences[0]) and chunks[-1].text.endswith(sentences[-1])


def test_every_chunk_carries_its_paper(corpus_chunks: dict[str, list[Chunk]]) -> None:
    papers = {p.paper_id: p for p in mark_duplicates(bundled_papers()) if not p.duplicate_of}
    assert sum(len(c) for c in corpus_chunks.values()) > 123  # some abstracts need two chunks
    for pid, chunks in corpus_chunks.items():
        assert [c.position for c in chunks] == list(range(len(chunks)))
        for chunk in chunks:
            assert (chunk.paper_id, chunk.title, chunk.source) == (pid, papers[pid].title, papers[pid].source)
            assert chunk.chunk_id.startswith(pid + "-")
            assert chunk.page is None


def test_chunk_ids_are_stable_and_match_the_store(
    corpus_chunks: dict[str, list[Chunk]], embedder: Embedder, library: Library
) -> None:
    again = chunk_corpus(embedder)
    assert {pid: [c.chunk_id for c in cs] for pid, cs in again.items()} == {
        pid: [c.chunk_id for c in cs] for pid, cs in corpus_chunks.items()
    }
    stored = library.store.chunk_ids()
    assert stored == {c.chunk_id for cs in corpus_chunks.values() for c in cs}
    got = library.store.chunks.get(
        ids=[cs[0].chunk_id for cs in corpus_chunks.values()], include=["metadatas"]
    )
    for meta in got["metadatas"] or []:
        assert {"paper_id", "title", "position", "source"} <= set(meta)


class TestSplit:
    @pytest.mark.parametrize(
        ("text", "sentences"),
        [
            ("We use ViT, e.g. ViT-B. It works!", ["We use ViT, e.g. ViT-B.", "It works!"]),
            ("See Fig. 3 for details. Results improve.", ["See Fig. 3 for details.", "Results improve."]),
            ("Smith et al. show this. We agree.", ["Smith et al. show this.", "We agree."]),
            ("Accuracy is 63.2% in 2 days. Done.", ["Accuracy is 63.2% in 2 days.", "Done."]),
            ("Key points: - It is fast. - It is small.", ["Key points:", "- It is fast.", "- It is small."]),
            ('"rhythm games" - games where players act', ['"rhythm games" - games where players act']),
        ],
    )
    def test_split_sentences(self, text: str, sentences: list[str]) -> None:
        assert split_sentences(text) == sentences

    def test_pack_overlaps_one_sentence(self) -> None:
        words = lambda s: len(s.split())  # noqa: E731 - one token a word
        assert pack(["a b.", "c d.", "e f."], words, 4) == ["a b. c d.", "c d. e f."]
        assert pack(["a b c d e f g."], words, 3) == ["a b c", "d e f", "g."]

    def test_a_long_paper_is_cut_only_at_sentence_ends(self, embedder: Embedder) -> None:
        sentence = "Sparse attention lowers the cost of long inputs by skipping blocks of tokens."
        text = " ".join(f"{sentence[:-1]} number {i}." for i in range(60))
        paper = new_paper("A Long Paper", text, "long.txt", "text")
        chunks = chunk_paper(paper, embedder.count_tokens, 200, 1)
        assert len(chunks) > 3
        for chunk in chunks:
            assert chunk.text.startswith("Sparse attention") and chunk.text.endswith(".")
            assert embedder.count_tokens(chunk.embed_text) <= 200
        # one sentence repeated between neighbours, so no fact is split from its context
        assert chunks[0].text.split(". ")[-1] == chunks[1].text.split(". ")[0] + "."
