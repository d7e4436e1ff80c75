"""The Compare tab: the most relevant papers for a question, one row each, approach and result quoted.

The table sorts by any column (relevance, year, or the number in the result) in the browser, and
exports to Markdown, CSV and the BibTeX of its papers.
"""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr

from assistant.compare import Table, compare
from assistant.verifier import Verifier
from index.errors import PapersError
from index.limits import MAX_QUESTION
from ui import conversation
from ui.compare import NOT_STATED, markdown, to_csv

log = logging.getLogger(__name__)
HEADERS = ["#", "paper", "year", "approach", "result", "number", "relevance"]


class CompareView:
    """Handlers of the Compare tab over one library."""

    def __init__(self, library: Any) -> None:
        self.library = library

    def run(self, question: Any, papers: Any, request: gr.Request) -> tuple[Any, Any, Any, Any, str]:
        """(table rows, Markdown file, CSV file, BibTeX file, a status line)."""
        if not isinstance(question, str) or not question.strip():
            raise gr.Error("Say what to compare, e.g. how video diffusion is distilled.", print_exception=False)  # noqa: E501
        if len(question) > MAX_QUESTION:
            raise gr.Error(f"Ask in at most {MAX_QUESTION:,} characters.", print_exception=False)
        n = int(papers) if isinstance(papers, int | float) and 1 <= papers <= 20 else 8
        try:
            table = compare(self.library, Verifier(self.library.embedder), question.strip(), n)
        except PapersError as exc:
            raise gr.Error(str(exc), print_exception=False) from None
        session = request.session_hash or ""
        files = self.exports(table, session) if table.rows else (None, None, None)
        status = f"{len(table.rows)} papers; every cell is a quote of its paper, or “{NOT_STATED}”."
        return rows(table), *files, status

    def exports(self, table: Table, session: str) -> tuple[str, str, str | None]:
        text = f"# {table.question}\n\n{markdown(table)}\n"
        md = conversation.write_private(text, "comparison.md", session)
        sheet = conversation.write_private(to_csv(table), "comparison.csv", session)
        try:
            bib = conversation.write_private(
                self.library.bibtex([r.paper_id for r in table.rows]), "comparison.bib", session
            )
        except PapersError:
            bib = None
        return md, sheet, bib


def rows(table: Table) -> list[list[Any]]:
    """The Dataframe's rows: quotes in full, numbers as numbers so that they sort as numbers.

    Example:
        >>> from assistant.compare import Cell, Row
        >>> rows(Table("q", [Row("p", "T", "2024", "", Cell("We do X.", "chunk 1"), None, 0.9)]))
        [[1, 'T', '2024', '“We do X.” (chunk 1)', 'not stated', None, 0.9]]
    """
    from ui.compare import cell_text

    return [
        [i, r.title, r.year, cell_text(r.approach), cell_text(r.result), r.number, round(r.relevance, 2)]
        for i, r in enumerate(table.rows, 1)
    ]
