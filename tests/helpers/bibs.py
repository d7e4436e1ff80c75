"""A real-shaped Zotero BibTeX export, built in a test's folder: accents, braces, a `file` field with
several attachments, a missing PDF and a metadata-only entry."""

from __future__ import annotations

from pathlib import Path

from helpers.pdfs import make_pdf

PDF_ONLY = "Quokkas cross the salt flats at dawn to reach the estuary."


def zotero_bib(folder: Path) -> Path:
    pdf = folder / "storage" / "ABCD1234" / "quokka.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(make_pdf([["Quokka Migration Routes", PDF_ONLY]]))
    bib = folder / "library.bib"
    bib.write_text(
        r"""@article{muller2023quokka,
  title = {{Quokka} Migration Routes of the {S}outh},
  author = {M{\"u}ller, J{\"o}rg and Smith, Anna},
  year = {2023},
  journal = {Journal of {M}arsupials},
  doi = {https://doi.org/10.1234/QUOKKA.5},
  file = {Full Text PDF:"""
        + str(pdf)
        + r""":application/pdf;Snapshot:/nowhere/snapshot.html:text/html}
}

@misc{garcia2024lms,
  title = {{LM}s Read Na{\"\i}ve Footnotes},
  author = {Garc{\'\i}a, Luc{\'\i}a},
  year = {2024},
  eprint = {2401.01234v2},
  archivePrefix = {arXiv},
  abstract = {We show that large language models misread footnotes in scanned theses.},
  file = {/nowhere/missing.pdf}
}

@book{nobody1999,
  title = {A Book With Only Metadata},
  author = {Nobody, Ned},
  year = {1999},
  publisher = {Some Press}
}
"""
    )
    return bib
