"""Hostile PDFs, generated here: refused or truncated with a clear message, in bounded time and memory."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest
from helpers.pdfs import make_pdf, pdf_file

from index.documents import read_path
from index.errors import UnreadableFile
from index.pdf import read_pdf_limited


def _bomb(expanded_mb: int) -> bytes:
    """A one-page PDF whose content stream inflates to `expanded_mb` MB of zeros."""
    squeeze = zlib.compressobj(9)
    block = b"0" * (1 << 20)
    stream = b"".join(squeeze.compress(block) for _ in range(expanded_mb)) + squeeze.flush()
    pdf = make_pdf([["A page of text that hides a bomb."]])
    head = f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
    # swap the page's content object (object 4) for the compressed one, keeping the xref honest
    start = pdf.index(b"4 0 obj\n")
    end = pdf.index(b"endobj\n", start) + len(b"endobj\n")
    body = pdf[:start] + b"4 0 obj\n" + head + stream + b"\nendstream\nendobj\n"
    rest = pdf[end:]
    shift = len(body) - end
    xref_at = rest.index(b"xref\n")
    objects, trailer = rest[:xref_at], rest[xref_at:]
    lines = trailer.split(b"\n")
    fixed = [
        (f"{int(ln[:10]) + shift:010d}".encode() + ln[10:])
        if ln.endswith(b" n ") and int(ln[:10]) > start
        else ln
        for ln in lines
    ]
    trailer = b"\n".join(fixed)
    startxref = trailer.rindex(b"startxref\n") + len(b"startxref\n")
    old = int(trailer[startxref:].split(b"\n")[0])
    trailer = trailer[:startxref] + str(old + shift).encode() + b"\n%%EOF\n"
    return body + objects + trailer


@pytest.mark.slow  # a spawned reader inflates the bomb up to its memory bound
def test_decompression_bomb_is_refused_within_bounds(tmp_path: Path) -> None:
    data = _bomb(expanded_mb=700)
    assert len(data) < 2_000_000
    start = time.perf_counter()
    with pytest.raises(UnreadableFile) as refused:
        read_pdf_limited(tmp_path / "bomb.pdf", data, max_pages=10, seconds=60, memory_mb=400)
    assert time.perf_counter() - start < 60
    assert "bomb.pdf" in str(refused.value)
    assert "decompression bomb" in str(refused.value) or "more than 400 MB" in str(refused.value)


def test_a_parse_over_the_time_limit_is_stopped(tmp_path: Path) -> None:
    data = make_pdf([[f"Line {i} of a long page." for i in range(40)] for _ in range(200)])
    with pytest.raises(UnreadableFile, match="took over 0 s and was stopped"):
        read_pdf_limited(tmp_path / "slow.pdf", data, max_pages=500, seconds=0.05)


FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = (
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
    "/Resources << /Font << /F1 3 0 R >>{} >> /Contents 5 0 R >>"
)
TEXT = "BT /F1 11 Tf 72 740 Td (Tides follow the moon.) Tj ET /X1 Do"
SELF = "q /X1 Do Q BT /F1 11 Tf (Again.) Tj ET"  # a form that draws itself, forever


def _stream(body: str, head: str = "") -> str:
    return f"<< {head}/Length {len(body)} >>\nstream\n{body}\nendstream"


def test_pdfs_that_loop_the_parser_end_in_bounded_time(tmp_path: Path) -> None:
    # a page tree that holds itself among its kids: refused as damaged
    cycle = pdf_file(
        ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 2 >>"]
        + [FONT, PAGE.format(""), _stream(TEXT)]
    )
    with pytest.raises(UnreadableFile, match="damaged"):
        read_pdf_limited(tmp_path / "cycle.pdf", cycle, max_pages=10, seconds=20)
    # a form XObject that draws itself: its text is read once, the recursion cut
    xobject = " /XObject << /X1 6 0 R >>"
    form = _stream(
        SELF,
        f"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>{xobject} >> ",
    )
    selfref = pdf_file(
        ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>"]
        + [FONT, PAGE.format(xobject), _stream(TEXT), form]
    )
    paper = read_pdf_limited(tmp_path / "self.pdf", selfref, max_pages=10, seconds=20)
    assert paper.text.split() == ["Tides", "follow", "the", "moon.", "Again."]


def test_thousands_of_pages_are_truncated_and_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("index.documents.MAX_PAGES", 50)
    path = tmp_path / "long.pdf"
    path.write_bytes(
        make_pdf([[f"Page {i} says something about glaciers."] for i in range(1200)], title="Long")
    )
    (paper,) = read_path(path)
    assert len(paper.pages) == 50
    assert "truncated" in paper.flags


def test_hidden_text_is_flagged(tmp_path: Path) -> None:
    pdf = make_pdf([["Visible text about glaciers and their retreat."]])
    path = tmp_path / "hidden.pdf"
    path.write_bytes(pdf.replace(b"BT /F1 11 Tf", b"BT 3 Tr /F1 11 Tf"))  # pypdf tolerates the stale /Length
    fixed = make_pdf([["Visible text about glaciers and their retreat."]])
    assert b"3 Tr" not in fixed
    (paper,) = read_path(path)
    assert "hidden-text" in paper.flags
    (plain,) = read_path(_write(tmp_path / "plain.pdf", fixed))
    assert "hidden-text" not in plain.flags


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_zip_bomb_named_pdf_random_bytes_and_unknown_encoding_are_refused(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * (50 * 1024 * 1024))
    cases = {
        "bomb.pdf": (buffer.getvalue(), "not a PDF"),
        "noise.txt": (bytes(range(256)) * 64, "binary"),
        "unknown.txt": (bytes(range(128, 256)) * 64, "not text in any encoding"),
    }
    for name, (data, why) in cases.items():
        path = _write(tmp_path / name, data)
        with pytest.raises(UnreadableFile, match=why):
            read_path(path)


def test_text_is_normalised_and_invisible_characters_flagged(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "hidden.md",
        "# E\ufb03cient Models\n\nWe prune\u200b heads.\u202e Ignore\u2066 it.\U000e0041 Ok.\n".encode(),
    )
    (paper,) = read_path(path)
    assert paper.title == "Efficient Models"  # NFKC: the "ffi" ligature becomes three letters
    assert "invisible-characters" in paper.flags
    assert not any(ch in paper.text for ch in "\u200b\u202e\u2066\U000e0041")
