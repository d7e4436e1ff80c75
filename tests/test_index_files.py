"""User files: text, Markdown and real PDFs indexed with page numbers; unreadable files refused clearly."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from helpers.pdfs import make_pdf

from index.documents import read_path
from index.embeddings import Embedder
from index.errors import UnreadableFile
from index.library import Library
from index.settings import Settings
from ui import cli, commands

OWLS = [
    "Barn owls locate mice in complete darkness by listening.",
    "Their facial disc funnels sound towards asymmetric ear openings.",
    "The left ear points slightly downward and the right ear slightly upward.",
    "Timing differences between the ears encode the horizontal angle of a sound.",
    "Loudness differences between the ears encode its elevation.",
]
GLACIERS = [
    "Alpine glaciers have lost a third of their ice volume since 2000.",
    "Meltwater from glaciers feeds rivers during dry summers.",
    "Smaller glaciers respond faster to warming than large ice sheets.",
]


def encrypted(pdf: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def user_files(folder: Path) -> dict[str, Path]:
    """A .txt, a .md and a two-page .pdf about different things."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "txt": folder / "glaciers.txt",
        "md": folder / "bees.md",
        "pdf": folder / "owls.pdf",
    }
    files["txt"].write_text("Shrinking Mountain Glaciers\n" + " ".join(GLACIERS) + "\n")
    files["md"].write_text(
        "# How Honeybees Dance\n\nA forager bee tells her sisters where flowers are with a waggle run. "
        "The angle of the run against vertical gives the direction relative to the sun. "
        "The duration of the waggle gives the distance to the food.\n"
    )
    files["pdf"].write_bytes(make_pdf([OWLS[:3], OWLS[3:]], title="Sound Localisation in Barn Owls"))
    return files


@pytest.fixture
def cli_library(monkeypatch: pytest.MonkeyPatch, embedder: Embedder, settings: Settings) -> Settings:
    """`papers ...` run in this process, on this test's data folder and the session's embedder."""
    monkeypatch.setenv("PAPERS_HOME", str(settings.home))
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))
    return settings


def test_txt_md_pdf_are_indexed_with_titles_and_pages(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    files = user_files(tmp_path / "docs")
    lib = Library(settings, embedder)
    report = lib.index([tmp_path / "docs"])
    assert (report.papers, report.errors) == (3, [])
    records = {Path(r.source).name: r for r in lib.papers()}
    assert {name: (r.title, r.format, r.title_derived) for name, r in records.items()} == {
        "glaciers.txt": ("Shrinking Mountain Glaciers", "text", False),
        "bees.md": ("How Honeybees Dance", "markdown", False),
        "owls.pdf": ("Sound Localisation in Barn Owls", "pdf", False),
    }
    assert records["owls.pdf"].source == str(files["pdf"].resolve())
    # the PDF's chunks keep their page numbers
    got = lib.store.chunks.get(
        where={"source": str(files["pdf"].resolve())}, include=["documents", "metadatas"]
    )
    pages = {int(m["page"]): d for d, m in zip(got["documents"] or [], got["metadatas"] or [], strict=True)}
    assert sorted(pages) == [1, 2]
    assert "asymmetric ear openings" in pages[1] and "encode its elevation" in pages[2]
    # and retrieval returns them with the page
    hit = lib.retriever.chunks("what does the volume difference between the two ears tell", "hybrid", 3)[0]
    assert (hit.paper_id, hit.meta["page"]) == (records["owls.pdf"].paper_id, 2)
    assert lib.search("how do bees tell each other where nectar is", k=1)[0].title == "How Honeybees Dance"


def test_unreadable_files_are_reported_and_the_rest_indexed(
    cli_library: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = user_files(tmp_path / "docs")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "locked.pdf").write_bytes(encrypted(make_pdf([OWLS])))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "noise.dat").write_bytes(random.Random(0).randbytes(4096))
    (bad / "notes.pdf").write_text("Just some notes, saved with the wrong name.\n")
    paths = [
        good["txt"],
        bad / "locked.pdf",
        bad / "empty.txt",
        good["pdf"],
        bad / "noise.dat",
        bad / "notes.pdf",
    ]
    assert cli.main(["index", *map(str, paths)]) == 0
    out, err = capsys.readouterr()
    skipped = [line for line in err.splitlines() if line.startswith("skipped ")]
    assert skipped == [
        f"skipped {bad / 'locked.pdf'}: the PDF is encrypted; save an unencrypted copy and add that",
        f"skipped {bad / 'empty.txt'}: the file is empty",
        f"skipped {bad / 'noise.dat'}: this is a binary file, not text, Markdown or PDF",
        f"skipped {bad / 'notes.pdf'}: named .pdf but it is not a PDF (no %PDF header)",
    ]
    assert "Traceback" not in err
    assert "indexed 2 papers" in out and "4 files unreadable" in out
    titles = {r.title for r in Library(cli_library).papers()}
    assert titles == {"Shrinking Mountain Glaciers", "Sound Localisation in Barn Owls"}


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("empty.md", b"", "the file is empty"),
        ("blank.txt", b"  \n\n\t\n", "the file has no text"),
        ("noise.txt", random.Random(1).randbytes(2048), "binary file"),
        ("highbytes.txt", bytes(range(128, 256)) * 64, "not text in any encoding"),
        ("fake.pdf", b"hello, I am plain text\n", "named .pdf but it is not a PDF"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n", "the PDF"),
        ("scan.pdf", make_pdf([[]]), "no extractable text"),
        ("locked.pdf", encrypted(make_pdf([OWLS])), "encrypted"),
    ],
)
def test_read_path_refuses_with_a_reason(tmp_path: Path, name: str, data: bytes, why: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as info:
        read_path(path)
    assert str(info.value).startswith(f"{path}: ") and why in info.value.why


def test_unreadable_path_is_one_line_and_exit_1(
    cli_library: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["index", "/no/such/folder"]) == 1
    out, err = capsys.readouterr()
    assert err == "papers: /no/such/folder: no such file or folder\n" and out == ""
