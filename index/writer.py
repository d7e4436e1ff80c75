"""The batch writer: papers -> chunks -> embeddings -> store, the one way anything is written.

Both the file indexer and the bulk importer write through it. One batch: chunk the papers, skip
the chunks already stored (content-derived ids), embed and add the new ones, delete the stale ones,
then write the paper records, which mark the batch done. The whole batch sits inside a write
journal entry, so a process killed anywhere in it is finished or undone by the next writer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from index.chunking import Chunk, chunk_paper
from index.embeddings import Embedder
from index.papers import Paper
from index.settings import Settings
from index.sources import Progress
from index.store import Metadata, Store

RECORDS_PER_CALL = 1000  # paper records per store call


@dataclass
class Written:
    """What one batch wrote: the papers that got chunks (and records), and the chunk counts."""

    papers: list[Paper] = field(default_factory=list)
    chunks: int = 0
    embedded: int = 0
    removed_chunks: int = 0


class BatchWriter:
    """Writes batches of papers through one embedder into one store."""

    def __init__(
        self, settings: Settings, embedder: Embedder, store: Store, progress: Progress | None = None
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.progress = progress or (lambda stage, done, total: None)
        self.max_tokens = min(settings.chunk_tokens, embedder.max_tokens)

    def chunk(self, papers: list[Paper]) -> dict[str, list[Chunk]]:
        """paper_id -> its chunks, with the settings' chunk size (capped by the model's window)."""
        count, overlap = self.embedder.count_tokens, self.settings.chunk_overlap
        return {p.paper_id: chunk_paper(p, count, self.max_tokens, overlap) for p in papers}

    def write(
        self,
        papers: list[Paper],
        *,
        sources: list[str],
        stored_where: dict[str, Any],
        extra: Callable[[Paper, int], Metadata],
        bulk: bool = False,
        show_progress: bool = True,
        before_done: Callable[[list[Paper]], None] | None = None,
    ) -> Written:
        """Write one batch.

        `stored_where` selects the chunks the batch may reuse or replace (the sources' chunks, or
        the papers' own). `extra(paper, n_chunks)` adds to each paper record. `before_done` runs
        after the records are written and before the journal entry closes (the indexer drops the
        records of papers a source no longer has there).
        """
        chunks = self.chunk(papers)
        flat = [c for cs in chunks.values() for c in cs]
        stored = self.store.chunk_ids(stored_where)
        fresh = [c for c in flat if c.chunk_id not in stored]
        # a write killed from here on is finished or undone by the next writer (Indexer._repair)
        journal = self.store.begin_write(sources, sorted(chunks), bulk=bulk)
        vectors = self.embed_and_add(fresh, show_progress)
        first = {cs[0].chunk_id for cs in chunks.values() if cs}
        vectors.update(self.store.vectors(first - set(vectors)))
        # stale chunks go before the paper records that mark the batch done: a run killed in
        # between leaves the old fingerprint, so the next run finishes the job
        stale = stored - {c.chunk_id for c in flat}
        self.store.delete_chunks(stale)
        with_chunks = [p for p in papers if chunks[p.paper_id]]
        for i in range(0, len(with_chunks), RECORDS_PER_CALL):
            batch = with_chunks[i : i + RECORDS_PER_CALL]
            self.store.put_papers(
                batch,
                [vectors[chunks[p.paper_id][0].chunk_id] for p in batch],
                [extra(p, len(chunks[p.paper_id])) for p in batch],
            )
        if before_done is not None:
            before_done(with_chunks)
        self.store.end_write(journal)
        return Written(with_chunks, len(flat), len(fresh), len(stale))

    def embed_and_add(self, chunks: list[Chunk], show_progress: bool = True) -> dict[str, list[float]]:
        """Embed and store chunks in batches of add_batch_size; chunk_id -> vector."""
        vectors: dict[str, list[float]] = {}
        size = self.settings.add_batch_size
        if show_progress:
            self.progress("embedding", 0, len(chunks))
        for i in range(0, len(chunks), size):
            batch = chunks[i : i + size]
            vecs = self.embedder.embed_documents([c.embed_text for c in batch])
            self.store.add_chunks(batch, vecs)
            vectors.update({c.chunk_id: v for c, v in zip(batch, vecs, strict=True)})
            if show_progress:
                self.progress("embedding", min(i + size, len(chunks)), len(chunks))
        return vectors
