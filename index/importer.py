"""Bulk import of one JSON Lines collection (read by index/jsonl.py), in batches: bounded memory, resumable.

Papers are read a line at a time and written in batches of `import_batch` papers: chunks first
(only those not already stored are embedded), then the batch's paper records, stamped with the
source's fingerprint. The source's state in the store says whether the import finished. A run
that stops anywhere (kill, crash, server restart) leaves whole batches behind; the next run reads
the file again, skips every paper whose record already carries this fingerprint (one lookup per
batch, no embedding), and goes on where it stopped. Papers of an older version of the file that
are no longer in it are deleted at the end.

Duplicates in bulk are found by id (the normalised title), not by the near-duplicate text
comparison used for single files: that comparison is quadratic in the number of papers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TypeVar

from index.jsonl import Row, read_rows
from index.papers import Paper
from index.sources import IndexReport, Source
from index.writer import BatchWriter

T = TypeVar("T")
MAX_LISTED = 50  # duplicates and bad lines listed one by one; the rest are counted


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class Importer:
    """Writes one bulk source through the batch writer."""

    def __init__(self, writer: BatchWriter, source: Source, fingerprint: str, report: IndexReport) -> None:
        self.writer = writer
        self.store = writer.store
        self.source = source
        self.fingerprint = fingerprint
        self.report = report
        self.papers = 0
        self.chunks = 0

    def run(self) -> None:
        assert self.source.path is not None
        path: Path = self.source.path
        name = self.source.name
        self.store.set_source_state(name, {"fingerprint": self.fingerprint, "done": False})
        total_bytes = max(1, path.stat().st_size)
        stage = f"importing {path.name}"
        start = time.perf_counter()
        progress = self.writer.progress
        progress(stage, 0, 0)
        for rows in batched(read_rows(path, name), self.writer.settings.import_batch):
            self._write(rows)
            # the total is estimated from the bytes read so far: papers/s and time left
            done = self.papers + self._skipped
            estimate = int(done * total_bytes / max(1, rows[-1].offset))
            progress(stage, done, max(done, estimate))
        self._drop_stale()
        self.store.set_source_state(
            name,
            {
                "fingerprint": self.fingerprint,
                "done": True,
                "papers": self.papers,
                "chunks": self.chunks,
                "seconds": round(time.perf_counter() - start, 1),
            },
        )
        self.report.papers += self.papers
        self.report.chunks += self.chunks

    _skipped = 0  # bad lines and duplicates, for the progress count

    def _write(self, rows: list[Row]) -> None:
        batch: dict[str, tuple[Paper, int]] = {}
        for row in rows:
            if row.paper is None:
                self._note_error(f"{self.source.name}: {row.error}")
            elif row.paper.paper_id in batch:
                self._note_duplicate(row.paper, row.paper.paper_id)
            else:
                batch[row.paper.paper_id] = (row.paper, row.line)
        records = self.store.paper_metadata(list(batch))
        todo: list[tuple[Paper, int]] = []
        for pid, (paper, line) in batch.items():
            rec = records.get(pid)
            if rec is None:
                todo.append((paper, line))
            elif rec.get("source") != self.source.name:
                self._note_duplicate(paper, pid)
            elif rec.get("fingerprint") != self.fingerprint:  # the file changed: embed only what is new
                todo.append((paper, line))
            elif rec.get("line") == line:  # written by this import before it stopped
                self.papers += 1
                self.chunks += int(str(rec.get("chunks", 0)))
            else:  # the same title earlier in this file
                self._note_duplicate(paper, pid)
        if todo:
            self._write_papers(todo)

    def _write_papers(self, rows: list[tuple[Paper, int]]) -> None:
        lines = {p.paper_id: line for p, line in rows}
        papers = [p for p, _ in rows]
        done = self.writer.write(
            papers,
            sources=[self.source.name],
            stored_where={"paper_id": {"$in": [p.paper_id for p in papers]}},
            extra=lambda p, n: {
                "fingerprint": self.fingerprint,
                "chunks": n,
                "duplicates": "[]",
                "line": lines[p.paper_id],
            },
            bulk=True,
            show_progress=False,
        )
        self.papers += len(done.papers)
        self.chunks += done.chunks
        self.report.embedded += done.embedded
        self.report.removed_chunks += done.removed_chunks

    def _drop_stale(self) -> None:
        """Papers from an earlier version of this file that the new version no longer has."""
        where = {"$and": [{"source": self.source.name}, {"fingerprint": {"$ne": self.fingerprint}}]}
        stale = self.store.paper_ids(where)
        for ids in batched(stale, 1000):
            gone = self.store.chunk_ids({"paper_id": {"$in": ids}})
            self.store.delete_chunks(gone)
            self.store.delete_papers(ids)
            self.report.removed_chunks += len(gone)

    def _note_error(self, error: str) -> None:
        self._skipped += 1
        if len(self.report.bad_lines) < MAX_LISTED:
            self.report.bad_lines.append(error)
        else:
            self.report.more_bad_lines += 1

    def _note_duplicate(self, paper: Paper, canonical: str) -> None:
        self._skipped += 1
        if len(self.report.duplicates) < MAX_LISTED:
            self.report.duplicates.append((paper.title, canonical))
        else:
            self.report.more_duplicates += 1
