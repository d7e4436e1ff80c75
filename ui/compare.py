"""`papers compare`: the comparison table as a terminal table, JSON, CSV or Markdown.

Example:
    >>> from assistant.compare import Cell, Row, Table
    >>> row = Row("p1", "A|B", "2024", "https://x", Cell("We do X.", "chunk 1"), None, 0.9)
    >>> print(markdown(Table("q", [row])))
    | # | paper | year | approach | result |
    |---|---|---|---|---|
    | 1 | [A\\|B](https://x) | 2024 | “We do X.” (chunk 1) | not stated |
"""

from __future__ import annotations

import argparse
import csv
import io
from typing import TYPE_CHECKING

from assistant.compare import Cell, Table

if TYPE_CHECKING:
    from index.library import Library

NOT_STATED = "not stated"


def cell_text(cell: Cell | None) -> str:
    return f"“{cell.quote}” ({cell.location})" if cell else NOT_STATED


def markdown(table: Table) -> str:
    """The table as Markdown, a row per paper in the order shown."""

    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| # | paper | year | approach | result |", "|---|---|---|---|---|"]
    for i, r in enumerate(table.rows, 1):
        paper = f"[{esc(r.title)}]({r.link})" if r.link.startswith("http") else esc(r.title)
        lines.append(
            f"| {i} | {paper} | {r.year} | {esc(cell_text(r.approach))} | {esc(cell_text(r.result))} |"
        )
    return "\n".join(lines)


def to_csv(table: Table) -> str:
    """The table as CSV: a row per paper, quote and location in their own columns."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["rank", "paper_id", "title", "year", "link", "approach", "approach_location",
                     "result", "result_location", "relevance"])  # fmt: skip
    for i, r in enumerate(table.rows, 1):
        writer.writerow([
            i, r.paper_id, r.title, r.year, r.link,
            r.approach.quote if r.approach else "", r.approach.location if r.approach else "",
            r.result.quote if r.result else "", r.result.location if r.result else "", r.relevance,
        ])  # fmt: skip
    return out.getvalue()


def run_compare(args: argparse.Namespace, library: Library) -> int:
    from rich.console import Console
    from rich.table import Table as RichTable

    from assistant.compare import compare
    from assistant.verifier import Verifier
    from index.errors import PapersError
    from ui.output import dump_json, filters_from, safe

    if not args.question.strip():
        raise PapersError('Say what to compare in words: papers compare "How can transformers be pruned?"')
    table = compare(library, Verifier(library.embedder), args.question, args.papers, filters_from(args))
    if args.json:
        dump_json(table.to_json())
    elif args.csv:
        print(to_csv(table), end="")
    elif args.markdown:
        print(markdown(table))
    else:
        out = RichTable(title=safe(args.question), show_lines=True, expand=True)
        for name, ratio in (("#", 0), ("paper", 3), ("year", 0), ("approach", 5), ("result", 5)):
            out.add_column(name, ratio=ratio or None, overflow="fold")
        for i, r in enumerate(table.rows, 1):
            out.add_row(str(i), safe(r.title), r.year, safe(cell_text(r.approach)), safe(cell_text(r.result)))
        Console().print(out)
    return 0 if table.rows else 1
