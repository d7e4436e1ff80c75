"""The bundled listings, parsed for real: counts, spot checks per format, furniture, ids, duplicates."""

from __future__ import annotations

import re

import pytest

from index.corpus import bundled_listings, bundled_papers
from index.duplicates import mark_duplicates
from index.listings import detect_format, parse_listing
from index.papers import make_id

# file prefix -> (format, papers parsed)
EXPECTED = {
    "000": ("newsletter", 5),
    "001": ("daily", 43),
    "002": ("title-abstract", 29),
    "003": ("abstracts", 11),
    "004": ("daily", 38),
}
FURNITURE = re.compile(
    r"subscribe|get trending papers|daily papers|byak and the research|•|·|\b\d+ authors?\b"
    r"|^new\b|^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(, \d{4})?( \d+)?$",
    re.IGNORECASE,
)


def by_prefix() -> dict[str, list]:
    return {source[len("bundled:") :][:3]: parse_listing(text, source) for source, text in bundled_listings()}


def find(papers: list, title_start: str):
    return next(p for p in papers if p.title.startswith(title_start))


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_each_listing_parses_to_its_exact_count_and_format(prefix: str) -> None:
    fmt, count = EXPECTED[prefix]
    source, text = next(s for s in bundled_listings() if s[0].startswith(f"bundled:{prefix}_"))
    assert detect_format(text) == fmt
    papers = parse_listing(text, source)
    assert len(papers) == count
    assert {p.fmt for p in papers} == {fmt}
    assert {p.source for p in papers} == {source}


def test_bundled_corpus_is_126_papers_123_after_three_duplicates() -> None:
    papers = bundled_papers()
    assert len(papers) == 126
    marked = mark_duplicates(papers)
    dups = [p for p in marked if p.duplicate_of]
    assert len(marked) - len(dups) == 123
    by_id = {p.paper_id: p for p in marked if not p.duplicate_of}
    pairs = sorted((d.source[8:11], d.title[:30], by_id[d.duplicate_of].source[8:11]) for d in dups)
    assert pairs == [
        ("003", "UniViLM: a Unified Video and L", "002"),  # an earlier version, untitled
        ("004", "The Need for Speed: Pruning Tr", "002"),  # exact repeats
        ("004", "Unlock the Power: Competitive ", "002"),
    ]
    assert by_id[next(d.duplicate_of for d in dups if d.source.startswith("bundled:003"))].title.startswith(
        "UniVL: A Unified Video and Language Pre-Training Model"
    )


def test_newsletter_spot_check() -> None:
    papers = by_prefix()["000"]
    first = papers[0]
    assert first.title == "AnimateDiff-Lightning: Cross-Model Diffusion Distillation"
    assert first.text.startswith("Our first paper presents AnimateDiff-Lightning, a lightning-fast model")
    assert first.meta == {"newsletter": "AI Pulse", "date": "Wednesday, March 20th 2024"}
    assert all(p.meta["date"] == "Wednesday, March 20th 2024" for p in papers)
    assert papers[-1].title == "Chart-based Reasoning: Transferring Capabilities from LLMs to VLMs"
    assert not any(p.title_derived for p in papers)


def test_daily_spot_check_authors_date_upvotes_organization() -> None:
    papers = by_prefix()["001"]
    convbn = papers[0]
    assert convbn.title == "Efficient ConvBN Blocks for Transfer Learning and Beyond"
    assert convbn.text.startswith("Convolution-BatchNorm (ConvBN) blocks are integral components")
    assert convbn.text.endswith("thanks to PyTorch's builtin machine learning compilers.")
    assert convbn.meta == {"authors": 7, "date": "May 19, 2023"}
    assert find(papers, "ConvLLaVA").meta == {"authors": 9, "date": "May 24, 2024", "upvotes": 7}
    assert find(papers, "Scalable In-context Ranking").meta == {
        "organization": "deepmind Deepmind",
        "date": "Oct 6",
        "upvotes": 8,
    }
    assert find(papers, "Fast-dLLM v2").meta == {
        "organization": "nvidia NVIDIA",
        "date": "Sep 30",
        "upvotes": 7,
    }
    # a block with no metadata at all does not swallow the next paper's title
    assert find(papers, "Sparser Block-Sparse Attention").meta == {}
    assert papers[papers.index(find(papers, "Sparser Block-Sparse")) + 1].title.startswith(
        "Dilated convolution"
    )
    assert papers[-1].title.startswith("PIXART-δ: Fast and Controllable Image Generation")


def test_daily_listing_without_metadata_lines() -> None:
    papers = by_prefix()["004"]
    assert papers[0].title == "SimVLG: Simple and Efficient Pretraining of Visual Language Generative Models"
    assert papers[0].text.startswith("In this paper, we propose ``SimVLG'', a streamlined framework")
    assert papers[-1].title.startswith("Exploring Learngene via Stage-wise Weight Sharing")


def test_title_abstract_spot_check_glued_header_removed() -> None:
    papers = by_prefix()["002"]
    assert papers[0].title == "PELA: Learning Parameter-Efficient Models with Low-Rank Approximation"
    assert papers[0].text.startswith("Applying a pre-trained large model to downstream tasks is prohibitive")
    assert papers[1].title == "Improving Text Embeddings with Large Language Models"
    assert papers[-1].title == "Beat-Aligned Spectrogram-to-Sequence Generation of Rhythm-Game Charts"


def test_abstracts_only_titles_are_derived_and_marked() -> None:
    papers = by_prefix()["003"]
    assert all(p.title_derived for p in papers)
    clip = papers[1]
    assert clip.text.startswith("CLIP, the first foundation model that connects images and text")
    assert clip.title.startswith("Surprising finding that there exists an inverse scaling law for CLIP")
    assert len(clip.title) <= 81
    univilm = find(papers, "UniViLM")
    assert univilm.title.startswith("UniViLM: a Unified Video and Language pre-training Model")
    titled = [p for prefix, ps in by_prefix().items() if prefix != "003" for p in ps]
    assert not any(p.title_derived for p in titled)


def test_no_page_furniture_in_any_title_or_abstract() -> None:
    for paper in bundled_papers():
        for field in (paper.title, paper.text):
            assert not FURNITURE.search(field), (paper.source, field[:80])
        assert 8 <= len(paper.title) <= 200
        assert len(paper.text) > 400


def test_paper_ids_are_stable_and_unique_per_paper() -> None:
    first = [p.paper_id for p in bundled_papers()]
    second = [p.paper_id for p in bundled_papers()]
    assert first == second
    assert all(re.fullmatch(r"p[0-9a-f]{11}", pid) for pid in first)
    # the two exact repeats share an id; every other paper has its own
    assert len(set(first)) == 124
    assert make_id("Attention Is All You Need") == make_id("attention is all  you need.")
