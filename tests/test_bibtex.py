"""Reference libraries in (Zotero BibTeX, Better BibTeX CSL-JSON) and BibTeX out, round trip."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares
from helpers.bibs import zotero_bib
from helpers.cli import Ran

from index.bibtex import cite_key
from index.embeddings import Embedder
from index.identifiers import arxiv_id, doi
from index.library import Library
from index.settings import Settings


def test_identifiers_are_normalised() -> None:
    assert arxiv_id("arXiv:2401.01234v2") == ("2401.01234", 2)
    assert arxiv_id("https://arxiv.org/abs/hep-th/9901001v1") == ("hep-th/9901001", 1)
    assert doi("https://doi.org/10.1234/QUOKKA.5.") == "10.1234/quokka.5"
    assert cite_key("Müller, Jörg; Smith, Anna", "2023", "The Quokka Routes") == "muller2023quokka"


def test_a_zotero_library_is_indexed_with_its_pdfs(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    bib = zotero_bib(tmp_path)
    lib = Library(settings, embedder)
    report = lib.index([bib])
    assert report.papers == 3 and report.errors == []
    notes = "\n".join(report.notes)
    assert "garcia2024lms: its file /nowhere/missing.pdf is missing; the abstract is indexed" in notes
    assert "nobody1999: no abstract and no file, listed as metadata only" in notes
    by_title = {r.title: r for r in lib.papers()}
    assert set(by_title) == {
        "Quokka Migration Routes of the South",
        "LMs Read Naïve Footnotes",
        "A Book With Only Metadata",
    }
    quokka, lms = by_title["Quokka Migration Routes of the South"], by_title["LMs Read Naïve Footnotes"]
    assert quokka.meta["authors"] == "Müller, Jörg; Smith, Anna" and quokka.meta["doi"] == "10.1234/quokka.5"
    assert (lms.meta["arxiv_id"], lms.meta["arxiv_version"]) == ("2401.01234", 2)
    # the PDF's own text is indexed: a phrase only it holds finds the paper
    assert lib.search("quokkas salt flats estuary at dawn", k=1)[0].title == quokka.title

    again = Library(settings, embedder).index([bib])
    assert (again.embedded, again.unchanged) == (0, 1)
    bib.write_text(bib.read_text().replace("scanned theses", "scanned doctoral theses"))
    changed = Library(settings, embedder).index([bib])
    assert changed.papers == 3 and 0 < changed.embedded <= 2  # the changed entry alone


def test_csl_json_from_better_bibtex(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    items = [
        {
            "id": "lee2022kites",
            "type": "article-journal",
            "title": "Kites Over Monsoon Coasts",
            "author": [{"family": "Lee", "given": "Min-jun"}],
            "issued": {"date-parts": [[2022, 5]]},
            "container-title": "Weather",
            "DOI": "10.5555/KITES",
            "abstract": "Kites fly higher over monsoon coasts in the afternoon.",
        }
    ]
    path = tmp_path / "library.json"
    path.write_text(json.dumps(items))
    report = Library(settings, embedder).index([path])
    assert report.papers == 1 and report.errors == []
    (record,) = Library(settings, embedder).papers()
    assert record.meta["doi"] == "10.5555/kites" and record.meta["date"] == "2022"
    assert record.meta["bibtex_key"] == "lee2022kites"


def test_bibtex_out_parses_back(
    papers: Callable[..., Ran], settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    bib = zotero_bib(tmp_path)
    listing = tmp_path / "listing.txt"
    listing.write_text("A Paper From A Listing\nThis abstract has no authors listed at all, only words.\n")
    Library(settings, embedder).index([bib, listing])
    first = papers("list", "--bibtex")
    assert first.code == 0 and first.out == papers("list", "--bibtex").out  # stable
    parsed = bibtexparser.parse_string(
        first.out, append_middleware=[middlewares.LatexDecodingMiddleware(keep_braced_groups=False)]
    )
    assert parsed.failed_blocks == []
    titles = {e.key: e.fields_dict["title"].value.strip("{}") for e in parsed.entries}
    assert titles["muller2023quokka"] == "Quokka Migration Routes of the South"
    assert titles["garcia2024lms"] == "LMs Read Naïve Footnotes"
    assert "A Paper From A Listing" in titles.values()  # valid without authors
    authors = {e.key: e.fields_dict.get("author") for e in parsed.entries}
    assert authors["muller2023quokka"] is not None and "Müller" in authors["muller2023quokka"].value


def _bib(path: Path, title: str, extra: str, abstract: str) -> Path:
    fields = f"  title = {{{title}}},\n  year = {{2024}},\n  {extra},\n  abstract = {{{abstract}}}"
    path.write_text(f"@article{{key{path.stem},\n{fields}\n}}\n")
    return path


def test_one_paper_from_two_sources_by_doi_and_a_newer_arxiv_version_replaces_the_older(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    lib = Library(settings, embedder)
    title_b = "Gradient noise in small-batch training (extended)"
    a = _bib(
        tmp_path / "a.bib",
        "Gradient Noise in Small Batches",
        "doi = {10.9999/GN.1}",
        "Gradient noise grows as batches shrink, which slows training of small transformers.",
    )
    b = _bib(
        tmp_path / "b.bib",
        title_b,
        "doi = {https://doi.org/10.9999/gn.1}",
        "An extended study: we measure how gradient noise scales when the batch is tiny.",
    )
    report = lib.index([a, b])
    assert report.papers == 1 and [d[0] for d in report.duplicates] == [title_b]

    arxiv = "eprint = {2402.05555v%d}, archivePrefix = {arXiv}"
    v1 = _bib(
        tmp_path / "v1.bib", "Tiny Kites v1 Title", arxiv % 1, "Tiny kites fly in light winds; first results."
    )
    lib.index([v1])
    v2 = _bib(
        tmp_path / "v2.bib",
        "Tiny Kites: Revised Title",
        arxiv % 2,
        "Tiny kites fly in light winds and gusts; the revised results with more flights.",
    )
    later = Library(settings, embedder).index([v2])
    assert any("arXiv v2 replaces v1" in n for n in later.notes), later.notes
    kites = [r for r in Library(settings, embedder).papers() if "Kites" in r.title]
    assert [(r.title, r.meta["arxiv_version"]) for r in kites] == [("Tiny Kites: Revised Title", 2)]
    store = Library(settings, embedder).store
    assert store.chunk_ids({"source": str(v1)}) == set()  # the old version's chunks went too
    # indexing the old file again does not bring v1 back: it is the older version of v2
    again = Library(settings, embedder).index([v1])
    assert again.papers == 0 and again.duplicates
