"""Filtering and sorting a library: by year, author (accents optional) and identifier, any column."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers.bibs import zotero_bib
from helpers.cli import Ran

from index.catalog import Selection, date_key, fold, select, years
from index.embeddings import Embedder
from index.errors import PapersError
from index.library import Library
from index.settings import Settings


@dataclass
class Rec:
    paper_id: str
    title: str
    source: str = "bundled:001.txt"
    meta: dict[str, Any] = field(default_factory=dict)
    chunks: int = 1


SHELF = [
    Rec("p1", "Zebra Attention", meta={"date": "May 19, 2023", "authors": "Müller, Jörg; Smith, Anna"}),
    Rec("p2", "Apple Pruning", meta={"date": "2021", "authors": "Zhang, Wei", "doi": "10.1234/apple.5"}),
    Rec("p3", "Mango Sparse", meta={"date": "Dec 9", "authors": 4}, chunks=9),  # no year, no names
    Rec("p4", "Kiwi Tokens", meta={"date": "2024-01-07", "arxiv_id": "2401.01234", "arxiv_version": "2"}),
]
MORE = [
    Rec(
        "q1",
        "Lemon Knots",
        meta={"date": "2003", "arxiv_id": "math.GT/0309136", "authors": "Łukasiewicz, Jan"},
    ),
    Rec("q2", "Lime Adapters", meta={"date": "2021", "doi": "10.48550/arXiv.2106.09685"}),
    Rec("q3", "Apricot Adapters", meta={"date": "2021"}),
]


def ids(sel: Selection) -> list[str]:
    return [r.paper_id for r in select(SHELF, sel)]


def test_year_author_and_identifier_filters() -> None:
    assert ids(Selection(years="2021-2023")) == ["p1", "p2"]
    assert ids(Selection(years="2023-")) == ["p1", "p4"]  # an open end; p3 has no year
    assert ids(Selection(years="2021")) == ["p2"]
    assert ids(Selection(author="muller")) == ["p1"]  # accents optional
    assert ids(Selection(author="MÜLLER")) == ["p1"]
    assert ids(Selection(author="4")) == []  # a count of authors names no one
    assert ids(Selection(identifier="https://doi.org/10.1234/APPLE.5")) == ["p2"]
    assert ids(Selection(identifier="arXiv:2401.01234v1")) == ["p4"]  # any version finds the paper
    assert ids(Selection(identifier="2401.0123")) == []  # not a prefix match on arXiv ids
    assert ids(Selection(identifier="p3")) == ["p3"]
    assert ids(Selection(words="sparse", years="")) == ["p3"]
    assert ids(Selection(author="zhang", years="2021", identifier="10.1234/apple.5")) == ["p2"]


def test_identifiers_in_their_other_forms_and_letters_without_decomposition() -> None:
    def found(sel: Selection) -> list[str]:
        return [r.paper_id for r in select(MORE, sel)]

    assert found(Selection(identifier="2106.09685")) == ["q2"]  # found through arXiv's own DOI
    assert found(Selection(identifier="arXiv:2106.09685v3")) == ["q2"]
    assert found(Selection(identifier="math.GT/0309136v1")) == ["q1"]  # an old-style id keeps its case
    assert found(Selection(author="lukasiewicz")) == ["q1"]  # Ł has no decomposition
    assert found(Selection(years="2021-2003")) == ["q1", "q2", "q3"]  # a reversed range
    assert found(Selection(sort="date", descending=True)) == ["q3", "q2", "q1"]  # a tie stays by title
    assert found(Selection(descending=True)) == ["q3", "q2", "q1"]  # no sort: the order given, reversed


def test_sorting_puts_papers_without_the_field_last_in_both_directions() -> None:
    assert ids(Selection(sort="date")) == ["p2", "p1", "p4", "p3"]
    assert ids(Selection(sort="date", descending=True)) == ["p4", "p1", "p2", "p3"]
    assert ids(Selection(sort="author")) == ["p1", "p2", "p4", "p3"]  # Müller, Zhang; unnamed by title
    assert ids(Selection(sort="author", descending=True))[:2] == ["p2", "p1"]
    assert ids(Selection(sort="title")) == ["p2", "p4", "p3", "p1"]
    assert ids(Selection(sort="chunks", descending=True))[0] == "p3"
    assert ids(Selection()) == ["p1", "p2", "p3", "p4"]  # no sort: the order given


def test_bad_years_and_sorts_say_what_to_write() -> None:
    assert years("2019 - 2021") == (2019, 2021) and years("-2018") == (None, 2018)
    assert years("") == (None, None)
    with pytest.raises(PapersError, match="2019-2021"):
        years("last year")
    with pytest.raises(PapersError, match="one of: title, date"):
        select(SHELF, Selection(sort="colour"))
    assert date_key({"date": "Jun 2, 2022"}) == 20220602 and date_key({"date": "Feb 27"}) is None
    assert fold("Jörg García") == "jorg garcia"


def test_papers_list_filters_sorts_and_exports_the_selection(
    papers: Callable[..., Ran], settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    listing = tmp_path / "listing.txt"
    listing.write_text("A Paper From A Listing\nThis abstract has no authors listed at all, only words.\n")
    Library(settings, embedder).index([zotero_bib(tmp_path), listing])

    found = papers("list", "--json", "--author", "garcia")
    assert found.code == 0, found.err
    assert [r["title"] for r in json.loads(found.out)] == ["LMs Read Naïve Footnotes"]
    newest = json.loads(papers("list", "--json", "--year", "1990-2030", "--sort", "date", "--descending").out)
    assert [r["meta"]["date"] for r in newest] == ["2024", "2023", "1999"]  # the listing has no date
    by_doi = papers("list", "--id", "https://doi.org/10.1234/quokka.5")
    assert "Quokka Migration Routes" in by_doi.out and by_doi.out.rstrip().endswith("\n1 paper")
    bib = papers("list", "--bibtex", "--year", "2024")
    assert bib.out.count("@") == 1 and "garcia2024lms" in bib.out
    bad = papers("list", "--year", "recent")
    assert bad.code == 1 and "2019-2021" in bad.err
