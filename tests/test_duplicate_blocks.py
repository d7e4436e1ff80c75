"""The duplicate check by blocks (index.duplicates) gives the answers of comparing every pair, on the
bundled corpus and on made-up libraries full of near-duplicates, while comparing few pairs."""

from __future__ import annotations

import random

import pytest

from index.corpus import bundled_papers
from index.duplicates import Blocks, mark_duplicates
from index.papers import Paper, new_paper

SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "xe", "za", "bo"]


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    return ["".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(size)]


def near_duplicates(seed: int, n: int = 120) -> list[Paper]:
    """Papers and their copies: repeated, shortened, reworded, retitled, untitled, with the same or
    another DOI or arXiv id, and titles quoted in another paper's text."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = [1 / (i + 1) for i in range(len(vocab))]  # Zipf: shared phrases as in real abstracts
    papers: list[Paper] = []
    for i in range(n):
        text = " ".join(rng.choices(vocab, weights, k=rng.randint(20, 300))) + "."
        title = " ".join(rng.choices(vocab, k=rng.randint(3, 9))).title()
        meta: dict[str, str | int] = {}
        if rng.random() < 0.2:
            meta["doi"] = f"10.1/{rng.randint(0, n // 4)}"  # some DOIs repeat on other papers
        if rng.random() < 0.2:
            meta["arxiv_id"] = f"2401.{rng.randint(0, n // 4):05d}"
            meta["arxiv_version"] = rng.randint(0, 3)
        papers.append(new_paper(title, text, f"s{i}.txt", "text", meta=meta))
        if not papers or rng.random() < 0.5:
            continue
        base = rng.choice(papers)
        w = base.text.split()
        kind = rng.choice(["repeat", "shorter", "reworded", "untitled", "quoted", "retitled", "tail"])
        if kind == "repeat":
            copy = new_paper(base.title, base.text, f"c{i}.txt", "text", meta=dict(base.meta))
        elif kind == "shorter":
            cut = max(3, int(len(w) * rng.uniform(0.3, 0.9)))
            copy = new_paper(None, " ".join(w[:cut]), f"c{i}", "text")
        elif kind == "reworded":
            swapped = [rng.choice(vocab) if rng.random() < rng.uniform(0.05, 0.5) else x for x in w]
            copy = new_paper(None, " ".join(swapped), f"c{i}.txt", "text")
        elif kind == "untitled":
            copy = new_paper(None, base.text, f"c{i}.txt", "text")
        elif kind == "quoted":  # an earlier version naming the paper's title phrase in its text
            phrase = base.title.split(":", 1)[-1].lower()
            start = rng.randint(0, len(w))
            copy = new_paper(None, " ".join([*w[:start], "we propose", phrase, *w[start:]]), f"c{i}", "text")
        elif kind == "retitled":
            copy = new_paper(f"New: {base.title}", " ".join(w[len(w) // 3 :]), f"c{i}.txt", "text")
        else:  # the second half only, with the base's identifiers and a later version
            meta = dict(base.meta) | {"arxiv_version": int(base.meta.get("arxiv_version", 0) or 0) + 1}
            copy = new_paper(base.title, " ".join(w[len(w) // 2 :]), f"c{i}.txt", "text", meta=meta)
        papers.insert(rng.randint(0, len(papers)), copy)
    return papers


def test_bundled_corpus_gives_the_same_pairs_as_comparing_every_pair() -> None:
    papers = bundled_papers()
    blocked = mark_duplicates(papers)
    assert blocked == mark_duplicates(papers, pairwise=True)
    assert len([p for p in blocked if p.duplicate_of]) == 3


@pytest.mark.parametrize("seed", range(12))
def test_near_duplicates_give_the_same_pairs_as_comparing_every_pair(seed: int) -> None:
    papers = near_duplicates(seed)
    blocked = mark_duplicates(papers)
    pairwise = mark_duplicates(papers, pairwise=True)
    assert [(p.paper_id, p.duplicate_of) for p in blocked] == [(p.paper_id, p.duplicate_of) for p in pairwise]
    assert sum(1 for p in pairwise if p.duplicate_of) >= 10  # the made-up set does hold duplicates


def test_unrelated_papers_are_few_candidates() -> None:
    rng = random.Random(7)
    vocab = vocabulary(rng)
    weights = [1 / (i + 1) for i in range(len(vocab))]
    texts = [" ".join(rng.choices(vocab, weights, k=200)) for _ in range(400)]
    papers = [new_paper(" ".join(rng.choices(vocab, k=6)), t, f"{i}", "text") for i, t in enumerate(texts)]
    blocks = Blocks(papers)
    compared = 0
    for i in range(len(papers)):
        compared += len(blocks.candidates(i))
        blocks.add(i, i)
    assert compared < 0.02 * len(papers) ** 2 / 2  # every pair: 79,800


def test_a_paper_sharing_a_doi_is_a_candidate_and_nothing_else() -> None:
    a = new_paper("Alpha Paper", "one two three", "a", "text", meta={"doi": "10.1/x"})
    b = new_paper("Beta Paper", "four five six", "b", "text", meta={"doi": "10.1/X"})
    c = new_paper("Gamma Paper", "seven eight nine", "c", "text")
    blocks = Blocks([a, b, c])
    blocks.add(0, 0)
    assert blocks.candidates(1) == [0]
    assert blocks.candidates(2) == []


def test_hashed_shingles_of_a_huge_vocabulary_give_the_same_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    from index import duplicates

    monkeypatch.setattr(duplicates, "EXACT_WORDS", 1)  # as if the library had millions of words
    papers = near_duplicates(3)
    assert mark_duplicates(papers) == mark_duplicates(papers, pairwise=True)
