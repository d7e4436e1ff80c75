"""Reference libraries from strangers (issue 28, items 1-3): an upload reads no file of the server's
own disk, a repeated key keeps both entries, an entry with unbalanced braces is reported, not lost."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from helpers.bibs import PDF_ONLY
from helpers.pdfs import make_pdf

from index.embeddings import Embedder
from index.library import Library, resolve_source
from index.settings import Settings
from ui.library_view import LibraryView

PRIVATE = "Wombats hoard copper coins beneath the server room floor."


def _private_pdf(folder: Path) -> Path:
    """A PDF on the server's disk that no upload names legitimately."""
    pdf = folder / "private" / "report.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(make_pdf([["Private Report", PRIVATE]]))
    return pdf


def _hostile_bib(folder: Path, private: Path) -> Path:
    """Entries naming a private PDF by absolute and relative path, and one naming a PDF uploaded
    with it by the absolute path it had on the uploader's own machine."""
    bib = folder / "incoming" / "library.bib"
    bib.parent.mkdir(parents=True)
    bib.write_text(
        f"""@article{{secret1,
  title = {{Harmless Looking Title}},
  abstract = {{An abstract about marmots in the snow.}},
  file = {{:{private}:application/pdf}}
}}

@article{{secret2,
  title = {{Another Harmless Title}},
  abstract = {{An abstract about beavers building dams.}},
  file = {{../../../private/report.pdf}}
}}

@article{{quokka,
  title = {{Quokka Migration Routes of the South}},
  abstract = {{Quokkas migrate.}},
  file = {{Full Text PDF:/home/alice/Zotero/storage/ABCD1234/quokka.pdf:application/pdf}}
}}
"""
    )
    return bib


def _upload(settings: Settings, embedder: Embedder, files: list[Path]) -> str:
    view = LibraryView(Library(settings, embedder))
    return view.upload([str(f) for f in files], progress=lambda *a, **k: None)


def test_an_uploaded_bib_reads_only_files_of_its_own_upload(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    private = _private_pdf(tmp_path)
    bib = _hostile_bib(tmp_path, private)
    quokka = tmp_path / "incoming" / "quokka.pdf"
    quokka.write_bytes(make_pdf([["Quokka Migration Routes", PDF_ONLY]]))

    summary = _upload(settings, embedder, [bib, quokka])

    assert f"secret1: file outside the upload, not read: {private}" in summary, summary
    assert "secret2: file outside the upload, not read: ../../../private/report.pdf" in summary, summary
    records = Library(settings, embedder).papers()
    assert records and not any("copper coins" in r.text for r in records)
    # the PDF uploaded with the library is its entry's file, found by name among the uploaded files
    from_bib = {str(r.meta.get("bibtex_key")): r for r in records if r.source.endswith("library.bib")}
    assert PDF_ONLY in from_bib["quokka"].text, summary
    assert str(settings.uploads_dir) not in summary

    # a write killed half-way is finished from the copy: still only the upload's own files
    copy = next(settings.uploads_dir.glob("*/library.bib"))
    again = resolve_source(str(copy), settings.uploads_dir)
    assert again is not None
    assert not any("copper coins" in p.text for p in again.load().papers)


def test_a_bib_given_on_the_command_line_reads_its_owners_files(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    private = _private_pdf(tmp_path)
    bib = _hostile_bib(tmp_path, private)
    report = Library(settings, embedder).index([bib])
    assert not any("outside the upload" in n for n in report.notes), report.notes
    assert any("copper coins" in r.text for r in Library(settings, embedder).papers())


def test_a_repeated_key_keeps_both_entries_and_says_so(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    bib = tmp_path / "repeats.bib"
    bib.write_text(
        """@article{mac1,
  title = {Macaques Crack Nuts With Stone Tools},
  year = {2020},
  abstract = {Long-tailed macaques use stones to crack oil-palm nuts on the shore.}
}

@inproceedings{mac1,
  title = {Baboons Forage at Night in Dry Seasons},
  year = {2021},
  abstract = {Chacma baboons extend foraging into the night when water is scarce.}
}
"""
    )
    report = Library(settings, embedder).index([bib])
    assert report.papers == 2 and report.errors == [], report
    said = "repeats.bib: key mac1 repeats (lines 1 and 7); both entries are kept"
    assert any(n.endswith(said) for n in report.notes), report.notes
    titles = {r.title for r in Library(settings, embedder).papers()}
    assert titles == {"Macaques Crack Nuts With Stone Tools", "Baboons Forage at Night in Dry Seasons"}


def test_an_entry_with_unbalanced_braces_is_reported_by_line_and_key(
    settings: Settings, embedder: Embedder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text(
        """@article{first1,
  title = {Otters Hold Hands While Sleeping},
  abstract = {Sea otters hold hands so that they do not drift apart while asleep.}
}

@article{broken2,
  title = {Broken {Braces in This Title,
  abstract = {Never closed.}
}

@article{after3,
  title = {Herons Fish With Bait},
  abstract = {Green herons drop insects on the water to lure fish within reach.}
}
"""
    )
    with caplog.at_level(logging.INFO):
        upload = _upload(settings, embedder, [bib])
    assert "broken.bib: line 6, broken2: not read, the entry's braces do not balance" in upload, upload
    assert "the other entries are read; fix its braces and import the file again" in upload
    titles = {r.title for r in Library(settings, embedder).papers()}
    assert titles == {"Otters Hold Hands While Sleeping", "Herons Fish With Bait"}
    # the summary says it once; the parser's own message is not printed besides
    assert [r.getMessage() for r in caplog.records if r.name.startswith("bibtexparser")] == []
    assert upload.count("broken2") == 1


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("hello.json", '"hello"\n', "not a CSL-JSON array of references, nor JSON Lines of papers"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("deep.jsonl", '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n", "nested too deeply"),
    ],
)
def test_json_that_is_no_library_is_refused_with_a_reason(
    settings: Settings, embedder: Embedder, tmp_path: Path, name: str, text: str, said: str
) -> None:
    """Issue 28, items 8 and 9: a JSON string is not a paper titled "hello"; deep nesting is no traceback."""
    path = tmp_path / name
    path.write_text(text)
    report = Library(settings, embedder).index([path])
    assert report.papers == 0, report
    assert any(said in str(e) for e in report.errors), report.errors


def test_a_deeply_nested_claims_line_gets_its_own_error() -> None:
    from assistant.drafts import read_line

    line = read_line('{"a":' * 100_000 + "1" + "}" * 100_000, 3)
    assert line.id == "3" and "nested too deeply" in line.error
