"""The library tab: every indexed paper, filtered by words, year, author or identifier and sorted by
any column; upload files; remove a paper.

Writes to the index (upload, remove) hold one lock and run in one queue group of size 1, so they
take turns; answering reads the index meanwhile and is not held up.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import threading
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from index.catalog import Selection, select
from index.errors import PapersError
from index.library import Library, PaperRecord
from ui import render
from ui.counts import count

COLUMNS = ["Title", "Paper id", "Listing", "Date", "Metadata", "Chunks"]
SORTS = {  # the sort menu's labels: catalog's sort keys
    "Listing, then title": "",
    "Title": "title",
    "Date": "date",
    "First author": "author",
    "Listing": "listing",
    "Chunks": "chunks",
    "Paper id": "id",
}
ORDERS = ["ascending", "descending"]
MOST = 3  # sources named in the count line; the rest are counted
MOST_NOTES = 5  # problems and notes listed under an upload's report; the rest are counted
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def per_source(records: list[PaperRecord]) -> str:
    """The papers per source for the count line, the largest few when there are many.

    Example: 40 one-paper files c000.txt ... c039.txt
        >>> def record(i): return PaperRecord(f"p{i}", "T", False, f"c{i:03}.txt", "text", {}, "", 1, [])
        >>> per_source([record(i) for i in range(40)])
        ' · from 40 sources: 1 from c000.txt, 1 from c001.txt, 1 from c002.txt and 37 more'
    """
    per = Counter(render.short_source(r.source) for r in records)
    if not per:
        return ""
    top = sorted(per.items(), key=lambda item: (-item[1], item[0]))[:MOST]
    shown = ", ".join(f"{n:,} from {s}" for s, n in top)
    if len(per) <= MOST:
        return f" · {shown}"
    return f" · from {count(len(per), 'source')}: {shown} and {len(per) - MOST:,} more"


def bounded(items: list[str]) -> list[str]:
    """The upload report's notes as Markdown list lines, at most MOST_NOTES and then "and N more".

    Example:
        >>> bounded(["a", "b"])
        ['- a', '- b']
        >>> bounded(["a", "b", "c", "d", "e", "f", "g"])[-1]
        '- … and 2 more'
    """
    shown = [f"- {item}" for item in items[:MOST_NOTES]]
    if len(items) > MOST_NOTES:
        shown.append(f"- … and {len(items) - MOST_NOTES:,} more")
    return shown


def row(r: PaperRecord) -> list[Any]:
    meta = ", ".join(f"{k}: {v}" for k, v in r.meta.items() if k != "date")
    return [r.title, r.paper_id, render.short_source(r.source), str(r.meta.get("date", "")), meta, r.chunks]


def safe_name(name: str) -> str:
    """A file name that is safe to write.

    Example:
        >>> safe_name("../a b?.md")
        'a b_.md'
    """
    cleaned = _UNSAFE.sub("_", Path(name).name).strip(". ")
    return cleaned[:120] or "upload"


class LibraryView:
    def __init__(self, library: Library) -> None:
        self.library = library
        self.settings = library.settings
        self.lock = threading.Lock()  # one writer at a time in this process

    def table(
        self,
        words: str = "",
        years: str = "",
        author: str = "",
        identifier: str = "",
        sort: str = "",
        order: str = ORDERS[0],
    ) -> tuple[list[list[Any]], str]:
        """The papers the filters let through (all when empty), in the chosen order, and a count line:
        how many, and from which sources (the largest few, when there are many)."""
        sel = Selection(
            words or "",
            years or "",
            author or "",
            identifier or "",
            SORTS.get(sort or "", ""),
            order == ORDERS[1],
        )
        try:
            records = self.library.papers()
            shown = [row(r) for r in select(records, sel)]
        except PapersError as exc:
            return [], f"⚠ {render.say(exc)}"
        how_many = (
            f"{len(shown):,} of {count(len(records), 'paper')}"
            if sel.filtered
            else count(len(records), "paper")
        )
        return shown, how_many + per_source(records)

    def choices(self) -> tuple[Any, Any]:
        """Choices for the listing and paper filters: (label, value) pairs."""
        try:
            records = self.library.papers()
        except PapersError:
            records = []
        listings = sorted({r.source for r in records})
        papers = sorted(((r.title[:90], r.paper_id) for r in records), key=lambda c: c[0].lower())
        return (gr.update(choices=[(render.short_source(s), s) for s in listings]), gr.update(choices=papers))

    def details(self, evt: gr.SelectData) -> tuple[str, str]:
        """A clicked row: its paper id (to remove) and the paper in full."""
        values = evt.row_value or []
        paper_id = str(values[1]) if len(values) > 1 else ""
        record = next((r for r in self.library.papers() if r.paper_id == paper_id), None)
        if record is None:
            return "", ""
        meta = render.definitions(record.meta)
        dups = "".join(
            f"<li>{escape(d.get('title', ''))} ({escape(d.get('source', ''))})</li>"
            for d in record.duplicates
        )
        text = record.text if len(record.text) < 1500 else record.text[:1500] + "…"
        return paper_id, (
            f'<div class="paper"><h3>{escape(record.title)}</h3>'
            f'<div class="listing">{escape(record.paper_id)} · {escape(record.source)}'
            f" · {escape(record.format)}"
            f"{' · title derived from the text' if record.title_derived else ''}</div>"
            f'<dl class="meta">{meta}</dl>{f"<p>Also listed as:</p><ul>{dups}</ul>" if dups else ""}'
            f'<p class="abstract">{escape(text)}</p></div>'
        )

    def remove(self, paper_id: str) -> str:
        """Take one paper out of the index."""
        if not (paper_id or "").strip():
            return "Pick a paper in the table first."
        try:
            with self.lock:
                removed = self.library.remove(paper_id.strip())
        except PapersError as exc:
            return f"⚠ {exc}"
        return f"Removed {', '.join(removed)}."

    def upload(self, files: list[str] | None, progress: gr.Progress = gr.Progress()) -> str:
        """Copy the files into the upload folder and index them; say which could not be read, and why."""
        if not files:
            return "Choose one or more PDF, text, Markdown or listing files first."
        progress(0, desc="Copying files")
        copies = {self._copy(Path(f)): Path(f).name for f in files}

        def update(stage: str, done: int, total: int) -> None:
            progress((done, total) if total else 0, desc=stage.capitalize())

        try:
            with self.lock:
                report = self.library.index_upload(copies, progress=update)
        except PapersError as exc:
            return f"⚠ Nothing was indexed: {exc}"
        read = len(copies) - len(report.errors)
        lines = [
            f"Indexed {read:,} of {count(len(copies), 'file')}: {count(report.papers, 'paper')}, "
            f"{count(report.chunks, 'chunk')} ({report.embedded:,} newly embedded, {report.seconds:.1f} s)."
        ]
        items = [f"⚠ {self._name(err, copies)}" for err in report.errors]
        items += [self._name(note, copies) for note in report.notes]
        items += [
            f"{title[:80]!r} is already indexed as {canonical}; skipped."
            for title, canonical in report.duplicates
        ]
        return "\n".join(lines + bounded(items))

    def _copy(self, path: Path) -> Path:
        """Copy one upload into uploads/<content hash>/<name>: the same file twice is one source."""
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        target = self.settings.uploads_dir / digest / safe_name(path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copyfile(path, target)
        return target.resolve()

    @staticmethod
    def _name(error: str, copies: dict[Path, str]) -> str:
        """An indexing error with the uploaded file's own name instead of our copy's path."""
        for copy, name in copies.items():
            error = error.replace(str(copy), name)
        return error
