"""Issue 28, the index side: package data declared, attached files stat-ed before they are read,
concurrent opens of one store, a repair never shows an empty index, mixed encodings, BibTeX round trip."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from index.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # builds a wheel in a new process
def test_the_wheel_ships_the_seeds_without_a_setuptools_warning(tmp_path: Path) -> None:
    import shutil

    tree = tmp_path / "tree"  # built from a copy: a build leaves build/ and egg-info beside the source
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    shutil.copy(ROOT / "README.md", tree / "README.md")
    for package in ("index", "assistant", "eval", "ui"):
        shutil.copytree(
            ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__", "reports")
        )
    out = tmp_path / "dist"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(tree),
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    assert "absent from the `packages` configuration" not in built.stdout + built.stderr
    (wheel,) = out.glob("papers-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    seeds = [n for n in names if n.startswith("index/data/seeds/") and n.endswith(".txt")]
    assert len(seeds) == len(list((ROOT / "index/data/seeds").glob("*.txt"))) == 5
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    loaded = subprocess.run(
        [sys.executable, "-c", "import index.corpus as c; print(c.__file__, len(c.bundled_papers()))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert loaded.stdout.split() == [str(unpacked / "index" / "corpus.py"), "126"], loaded.stderr[-2000:]


def open_in_a_loop(folder: str, times: int) -> int:
    """What Store's open does with the stamp, `times` over; returns how many failed."""
    from index import versions

    failed = 0
    for _ in range(times):
        try:
            versions.check(Path(folder))
            versions.stamp(Path(folder))
        except Exception:
            failed += 1
    return failed


def test_processes_opening_one_store_never_read_half_a_stamp(tmp_path: Path) -> None:
    import multiprocessing

    from index import versions

    with multiprocessing.get_context("spawn").Pool(4) as pool:
        failed = pool.starmap(open_in_a_loop, [(str(tmp_path), 150)] * 4)
    assert failed == [0, 0, 0, 0]
    assert [p.name for p in tmp_path.iterdir()] == [versions.STAMP]  # no temporary file left behind


def test_an_unchanged_stamp_is_not_written_again(tmp_path: Path) -> None:
    from index import versions

    versions.stamp(tmp_path)
    before = (tmp_path / versions.STAMP).stat()
    versions.stamp(tmp_path)
    after = (tmp_path / versions.STAMP).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_stamp_being_written_is_read_once_it_is_whole(tmp_path: Path) -> None:
    import threading

    from index import versions

    stamp = tmp_path / versions.STAMP
    stamp.write_text("")  # another process has opened it for writing, and not written yet
    whole = f'{{"chromadb": "{versions.installed()}"}}'
    threading.Timer(0.2, stamp.write_text, [whole]).start()
    versions.check(tmp_path)  # before: json.JSONDecodeError "Expecting value"


def test_a_stamp_that_stays_broken_says_what_to_do(tmp_path: Path) -> None:
    from index import versions
    from index.errors import PapersError

    (tmp_path / versions.STAMP).write_text("{not json")
    with pytest.raises(PapersError, match="delete it"):
        versions.read(tmp_path / versions.STAMP, wait=0.1)


MIXED = (
    "Café Culture and Caching\n".encode()
    + "Our café serves crème brûlée to cached transformers.\n".encode()
    + "A second café — naïve, but fast — was measured in 2019.\n".encode("cp1252")
)


def test_a_file_half_utf8_half_cp1252_is_read_line_by_line(tmp_path: Path) -> None:
    from index.documents import read_path

    path = tmp_path / "mixed.txt"
    path.write_bytes(MIXED)
    (paper,) = read_path(path)
    assert paper.title == "Café Culture and Caching"  # before: "CafÃĐ Culture ..." read as iso8859-10
    assert "crème brûlée" in paper.text and "A second café — naïve" in paper.text
    assert "encoding:mixed: 2 lines UTF-8, 1 cp1252" in paper.flags


def test_the_index_report_says_the_encodings_were_mixed(settings, embedder, tmp_path: Path) -> None:
    from index.library import Library

    path = tmp_path / "mixed.txt"
    path.write_bytes(MIXED)
    report = Library(settings, embedder).index([path])
    assert report.notes == [f"{path}: mixed encodings, read line by line (2 lines UTF-8, 1 cp1252)"]


def big_bib(folder: Path, size: int) -> tuple[Path, Path]:
    """A .bib whose two entries name one sparse 'PDF' of `size` bytes: one with an abstract, one without."""
    big = folder / "huge.pdf"
    with big.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(size)  # sparse: no disk used
    bib = folder / "refs.bib"
    bib.write_text(
        f"@article{{withabs, title = {{Marmots in Snow}}, abstract = {{Marmots dig burrows under snow.}},\n"
        f"  file = {{:{big}:application/pdf}}}}\n\n"
        f"@article{{bare, title = {{Wombat Copper Hoards}}, year = {{2020}},\n"
        f"  file = {{:{big}:application/pdf}}}}\n"
    )
    return bib, big


def test_a_named_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    import tracemalloc

    from index.documents import read_file

    bib, _ = big_bib(tmp_path, 300 * 2**20)
    tracemalloc.start()
    try:
        read = read_file(bib)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20  # before: the whole 300 MB file was read, then refused
    flags = [f for p in read.papers for f in p.flags if f.startswith("unreadable-file:")]
    assert len(flags) == 2 and "over the 50 MB limit" in flags[0] and "PAPERS_MAX_FILE_MB" in flags[0]


def test_the_report_says_one_true_thing_per_entry(settings: Settings, embedder, tmp_path: Path) -> None:
    from index.library import Library

    settings = settings.model_copy(update={"max_file_mb": 1})
    bib, big = big_bib(tmp_path, 3 * 2**20)
    notes = Library(settings, embedder).index([bib]).notes
    why = (
        "the file is 3 MB, over the 1 MB limit for a file `papers index` reads "
        "(set PAPERS_MAX_FILE_MB to raise it)"
    )
    assert notes == [
        f"{bib}: withabs: its file {big} ({why}) cannot be read; the abstract is indexed",
        f"{bib}: bare: its file {big} ({why}) cannot be read; no abstract either, listed as metadata only",
    ]  # before: "bare" was said to have its abstract indexed, and to have none


def test_an_upload_names_the_upload_limit(settings: Settings, embedder, tmp_path: Path) -> None:
    from index.library import Library

    settings = settings.model_copy(update={"max_upload_mb": 1})
    folder = settings.uploads_dir / "u1"
    folder.mkdir(parents=True)
    bib, big = big_bib(folder, 2 * 2**20)
    report = Library(settings, embedder).index_upload({bib: "refs.bib", big: "huge.pdf"})
    assert any("over the 1 MB limit for an upload (set PAPERS_MAX_UPLOAD_MB" in e for e in report.errors)
    assert any("withabs" in n and "PAPERS_MAX_UPLOAD_MB" in n for n in report.notes)


def test_a_file_over_the_cli_limit_says_how_to_raise_it(tmp_path: Path) -> None:
    from index.documents import read_file
    from index.errors import UnreadableFile

    big = tmp_path / "notes.txt"
    big.write_bytes(b"words " * 400_000)
    with pytest.raises(UnreadableFile, match=r"2 MB, over the 1 MB limit .*PAPERS_MAX_FILE_MB"):
        read_file(big, max_bytes=2**20)


ROUND_TRIP = r"""@inproceedings{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  booktitle = {Advances in Neural Information Processing Systems},
  pages = {5998--6008},
  volume = {30},
  publisher = {Curran Associates},
  year = {2017},
  abstract = {The dominant sequence transduction models are based on recurrent networks.}
}

@article{lecun1998gradient,
  title = {Gradient-Based Learning Applied to Document Recognition},
  author = {LeCun, Yann},
  journal = {Proceedings of the IEEE},
  volume = {86},
  number = {11},
  year = {1998},
  abstract = {Multilayer neural networks trained with back-propagation recognise handwriting.}
}

@misc{nobody2020notes,
  title = {Unpublished Notes on Marmots},
  year = {2020},
  abstract = {Marmots whistle when hawks circle overhead.}
}
"""


def test_bibtex_export_keeps_entry_types_and_fields(settings: Settings, embedder, tmp_path: Path) -> None:
    import bibtexparser

    from index.library import Library

    bib = tmp_path / "refs.bib"
    bib.write_text(ROUND_TRIP)
    library = Library(settings, embedder)
    library.index([bib])
    out = bibtexparser.parse_string(library.bibtex(library.papers()))
    entries = {e.key: (e.entry_type, {k: f.value for k, f in e.fields_dict.items()}) for e in out.entries}
    kind, fields = entries["vaswani2017attention"]
    assert kind == "inproceedings"  # before: @article, the booktitle written as journal
    assert fields["booktitle"] == "Advances in Neural Information Processing Systems"
    assert "journal" not in fields
    assert (fields["pages"], fields["volume"], fields["publisher"]) == (
        "5998--6008",
        "30",
        "Curran Associates",
    )
    kind, fields = entries["lecun1998gradient"]
    assert kind == "article" and fields["journal"] == "Proceedings of the IEEE"
    assert (fields["volume"], fields["number"]) == ("86", "11")
    assert entries["nobody2020notes"][0] == "misc"


def test_csl_conference_papers_export_as_inproceedings(settings: Settings, embedder, tmp_path: Path) -> None:
    import json

    import bibtexparser

    from index.library import Library

    csl = tmp_path / "refs.json"
    item = {"id": "k1", "type": "paper-conference", "title": "Marmot Detection at Scale"}
    item |= {"container-title": "Proceedings of CVPR", "page": "10-20", "abstract": "Marmots, found."}
    csl.write_text(json.dumps([item]))
    library = Library(settings, embedder)
    library.index([csl])
    (entry,) = bibtexparser.parse_string(library.bibtex(library.papers())).entries
    assert entry.entry_type == "inproceedings"
    assert entry.fields_dict["booktitle"].value == "Proceedings of CVPR"
    assert entry.fields_dict["pages"].value == "10-20"


class Killed(Exception):
    """Stands in for kill -9: the paper records are never written."""


def test_an_index_being_repaired_is_never_reported_empty(
    settings: Settings, embedder, tmp_path, monkeypatch
) -> None:
    import threading

    from index.library import Library
    from index.store import Store

    note = tmp_path / "first.md"
    note.write_text("# First Note\n\n" + " ".join(f"Sentence {i} on routing experts." for i in range(80)))

    def killed(self: Store, *args: object, **kwargs: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:  # the first index of this library, killed before its records
        patch.setattr(Store, "put_papers", killed)
        with pytest.raises(Killed):
            Library(settings, embedder).index([note])
    assert Library(settings, embedder).store.counts()[0] == 0  # no record yet: only chunks
    seen: list[bool] = []
    repair = threading.Thread(target=lambda: Library(settings, embedder).repair())
    repair.start()
    while repair.is_alive() or not seen:
        seen.append(Library(settings, embedder).empty())
    repair.join()
    seen.append(Library(settings, embedder).empty())
    assert not any(seen)  # before: "Nothing is indexed yet" until the records were written
    assert [p.title for p in Library(settings, embedder).papers()] == ["First Note"]


class FlakyClient:
    """A Chroma client whose first collection lookups fail as a read meeting another process's write can."""

    def __init__(self, client: object, failures: int) -> None:
        self.client, self.failures = client, failures

    def get_collection(self, *args: object, **kwargs: object) -> object:
        if self.failures:
            self.failures -= 1
            raise ValueError("Collection papers does not exist")
        return self.client.get_collection(*args, **kwargs)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.client, name)


def test_a_lookup_that_fails_during_a_write_is_not_nothing_indexed(
    settings: Settings, embedder, monkeypatch
) -> None:
    from index import store as store_module
    from index.library import Library

    Library(settings, embedder).writable_store()  # the collections exist
    real = store_module.connect
    monkeypatch.setattr(store_module, "connect", lambda s: FlakyClient(real(s), failures=2))
    assert Library(settings, embedder).store.counts() == (0, 0)  # before: NoIndex "Nothing is indexed yet"


def test_a_store_without_collections_is_still_nothing_indexed(settings: Settings, embedder) -> None:
    from index.errors import NoIndex
    from index.library import Library
    from index.store import Store

    Library(settings, embedder).writable_store()
    from index.store import drop

    drop(settings)
    with pytest.raises(NoIndex):
        Store(settings, embedder.name, embedder.dimension)
    assert Library(settings, embedder).empty()


def test_a_line_mixing_both_encodings_reads_each_part_in_its_own(tmp_path: Path) -> None:
    from index.documents import read_path

    path = tmp_path / "pasted.txt"
    path.write_bytes(
        "Résumé of Pasted Notes\n".encode()
        + "The café said ".encode()
        + "naïve — twice.\n".encode("cp1252")  # one line: UTF-8, then cp1252
    )
    (paper,) = read_path(path)
    assert paper.text == "The café said naïve — twice."  # cp1252 whole: "The cafÃ© said naïve"
