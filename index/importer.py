"""Bulk import of one JSON Lines collection, in batches: bounded memory, resumable.

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
from typing import Any, Protocol, TypeVar

from index.bulk import Row, read_rows
from index.chunking import Chunk, chunk_paper
from index.papers import Paper
from index.settings import Settings
from index.sources import IndexReport, Progress, Source
from index.store import Store


class Writer(Protocol):
    """What the importer uses of the indexer (which imports the importer, not the other way)."""

    settings: Settings
    embedder: Any
    store: Store
    progress: Progress
    max_tokens: int

    def embed_and_add(self, chunks: list[Chunk], report_progress: bool = True) -> dict[str, list[float]]: ...

    def stored_vectors(self, ids: set[str]) -> dict[str, list[float]]: ...


T = TypeVar("T")
MAX_LISTED = 50  # duplicates and bad lines listed one by one; the rest are counted


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class Importer:
    """Writes one bulk source through the indexer's embedder and store."""

    def __init__(self, indexer: Writer, source: Source, fingerprint: str, report: IndexReport) -> None:
        self.indexer = indexer
        self.store = indexer.store
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
        progress = self.indexer.progress
        progress(stage, 0, 0)
        for rows in batched(read_rows(path, name), self.indexer.settings.import_batch):
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
        todo = [p for p, _ in rows]
        lines = {p.paper_id: line for p, line in rows}
        ix = self.indexer
        count, overlap = ix.embedder.count_tokens, ix.settings.chunk_overlap
        chunks = {p.paper_id: chunk_paper(p, count, ix.max_tokens, overlap) for p in todo}
        flat = [c for cs in chunks.values() for c in cs]
        stored = self.store.chunk_ids({"paper_id": {"$in": list(chunks)}})
        fresh = [c for c in flat if c.chunk_id not in stored]
        journal = self.store.begin_write([self.source.name], sorted(set(chunks)), bulk=True)
        vectors = ix.embed_and_add(fresh, report_progress=False)
        first: list[Chunk] = [cs[0] for cs in chunks.values() if cs]
        vectors.update(ix.stored_vectors({c.chunk_id for c in first} - set(vectors)))
        self.store.delete_chunks(stored - {c.chunk_id for c in flat})
        with_chunks = [p for p in todo if chunks[p.paper_id]]
        extra = [
            {
                "fingerprint": self.fingerprint,
                "chunks": len(chunks[p.paper_id]),
                "duplicates": "[]",
                "line": lines[p.paper_id],
            }
            for p in with_chunks
        ]
        self.store.put_papers(
            with_chunks,
            [vectors[chunks[p.paper_id][0].chunk_id] for p in with_chunks],
            extra,  # type: ignore[arg-type]
        )
        self.store.end_write(journal)
        self.papers += len(with_chunks)
        self.chunks += len(flat)
        self.report.embedded += len(fresh)
        self.report.removed_chunks += len(stored - {c.chunk_id for c in flat})

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
