"""Fuzzing the listing parser, the file reader and the chunker with Hypothesis.

Properties: no crash on any text; generated listings in each format parse back to exactly the
papers they were made from; no chunk is empty or over budget; no word is lost; ids are stable.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.chunking import chunk_paper, split_sentences
from index.documents import read_text
from index.errors import UnreadableFile
from index.listings import detect_format, parse_listing
from index.papers import clean_text, new_paper, words

# examples per test: the loaded Hypothesis profile's (conftest: 150 in `make test`, 25 in `make test-fast`)
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

word = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=2, max_size=12)
title = st.lists(word, min_size=3, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ": a study")


@st.composite
def abstract(draw: st.DrawFn) -> str:
    """An abstract of realistic length (listings tell titles from abstracts by length)."""
    sentences = draw(st.lists(st.lists(word, min_size=8, max_size=20), min_size=4, max_size=8))
    text = " ".join(" ".join(s).capitalize() + "." for s in sentences)
    return (
        text
        if len(text) > 260
        else (text + " " + "Results improve on every benchmark we tried. " * 6).strip()
    )


def _count(text: str) -> int:
    return len(text.split())


@FAST
@given(st.text(max_size=3000))
def test_any_text_parses_or_is_refused_clearly(text: str) -> None:
    try:
        papers = read_text(text, "fuzz.txt")
    except UnreadableFile as exc:
        assert "fuzz.txt" in str(exc)
        return
    for paper in papers:
        assert paper.paper_id.startswith("p") and len(paper.paper_id) == 12
        assert paper.title.strip()


@FAST
@given(st.text(max_size=3000))
def test_plain_text_loses_no_word(text: str) -> None:
    if detect_format(text) or not words(text):
        return
    cleaned, _ = clean_text(text)
    (paper,) = read_text(text, "fuzz.txt")
    kept = set(words(paper.title + " " + paper.text))
    assert set(words(cleaned)) <= kept


@FAST
@given(st.lists(st.tuples(title, abstract()), min_size=2, max_size=6, unique_by=lambda p: p[0].lower()))
def test_generated_listings_parse_back_exactly(pairs: list[tuple[str, str]]) -> None:
    daily = (
        "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nDec 9\n\n"
        + "".join(
            f"{t}\n\n{a}\n\n  • {i + 2} authors\n·\nMay {i + 1}, 2023 {i}\n\n"
            for i, (t, a) in enumerate(pairs)
        )
    )
    glued = "Get trending papers in your email inbox!\nSubscribe" + "\n".join(f"{t}\n{a}" for t, a in pairs)
    newsletter = "AI Pulse - Wednesday, March 20th 2024\n" + "\n".join(f"{t}\n{a}" for t, a in pairs)
    for text, fmt in ((daily, "daily"), (glued, "title-abstract"), (newsletter, "newsletter")):
        assert detect_format(text) == fmt
        papers = parse_listing(text, "gen.txt")
        assert [(p.title, p.text) for p in papers] == [(clean_text(t)[0], clean_text(a)[0]) for t, a in pairs]
    daily_papers = parse_listing(daily, "gen.txt")
    assert [p.meta["authors"] for p in daily_papers] == [i + 2 for i in range(len(pairs))]
    assert [p.meta["date"] for p in daily_papers] == [f"May {i + 1}, 2023" for i in range(len(pairs))]


@FAST
@given(st.lists(abstract(), min_size=2, max_size=5, unique=True))
def test_untitled_abstracts_get_derived_titles(abstracts: list[str]) -> None:
    papers = parse_listing("\n".join(a + " " + "x " * 200 for a in abstracts), "gen.txt")
    assert len(papers) == len(abstracts)
    assert all(p.title_derived and p.title for p in papers)


@FAST
@given(abstract(), st.integers(min_value=16, max_value=60), st.integers(min_value=0, max_value=2))
def test_chunks_are_bounded_complete_and_stable(text: str, budget: int, overlap: int) -> None:
    paper = new_paper("A fuzzed paper", text, "fuzz.txt", "text")
    chunks = chunk_paper(paper, _count, max_tokens=budget + _count(paper.title) + 1, overlap=overlap)
    assert chunks and all(c.text.strip() for c in chunks)
    assert all(_count(c.text) <= budget for c in chunks)
    joined = " ".join(c.text for c in chunks)
    assert set(words(paper.text)) <= set(words(joined))
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    again = chunk_paper(paper, _count, max_tokens=budget + _count(paper.title) + 1, overlap=overlap)
    assert [c.chunk_id for c in again] == [c.chunk_id for c in chunks]


@FAST
@given(st.text(max_size=2000))
def test_sentence_split_keeps_every_character(text: str) -> None:
    assert re.sub(r"\s+", "", "".join(split_sentences(text))) == re.sub(r"\s+", "", text)
