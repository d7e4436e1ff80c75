"""Incremental, idempotent indexing: sources -> papers -> chunks -> embeddings -> store.

A source (a listing or a user file) is the unit of change. Its fingerprint (content, chunking
settings, model) is stored on its paper records; an unchanged source is skipped without parsing.
A changed one is re-chunked: chunks whose content-derived id is already stored are not embedded
again, new ones are added, then stale ones deleted. Paper records are written after their chunks,
so a run killed half-way is completed by the next one with no duplicate or orphan chunk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.chunking import Chunk, chunk_paper
from index.embeddings import Embedder
from index.errors import IndexBusy, PapersError, UnknownPaper
from index.papers import Paper, mark_duplicates
from index.settings import Settings
from index.sources import IndexReport, Progress, Resolver, Source
from index.store import Metadata, Store


@contextmanager
def writer_lock(settings: Settings, store: Store | None = None) -> Iterator[None]:
    """One writer at a time: a file lock on this machine, and a lease in a shared server's index.

    Chroma does not coordinate writers. Locally the data folder's file lock does; against a
    server (any number of machines) a lease in the index's metadata does, renewed every
    `writer_lease / 3` seconds while the write lasts, so a writer that dies frees it within
    `writer_lease` seconds.
    """
    from filelock import FileLock, Timeout

    settings.home.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise IndexBusy(
            f"Another papers process is writing to the index ({settings.lock_path} is locked). "
            "Wait for it to finish, then run this again."
        ) from None
    try:
        if store is not None and settings.chroma_url:
            with _lease(settings, store):
                yield
        else:
            yield
    finally:
        lock.release()


@contextmanager
def _lease(settings: Settings, store: Store) -> Iterator[None]:
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    ttl = settings.writer_lease
    held = store.claim_writer(owner, ttl, gone=_died_here)
    if held:
        host, pid = _holder(str(held["owner"]))
        started = time.strftime("%H:%M:%S", time.localtime(held["since"]))
        raise IndexBusy(
            f"Another papers process (pid {pid} on {host}, since {started}) is writing to the shared "
            f"index at {settings.chroma_url}. Wait for it to finish, then run this again; if it died, "
            f"its lease runs out within {ttl:.0f} s."
        )
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(ttl / 3):
            with contextlib.suppress(PapersError):  # the write itself reports a server that went away
                store.claim_writer(owner, ttl)

    thread = threading.Thread(target=renew, name="papers-writer-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        with contextlib.suppress(PapersError):
            store.release_writer(owner)


def _readable(src: Source) -> bool:
    try:
        src.load()
    except PapersError:
        return False
    return True


def _holder(owner: str) -> tuple[str, str]:
    """The host and pid of a lease's owner. Example: "vm:31493:ab12cd34" -> ("vm", "31493")"""
    host, pid, _ = owner.split(":", 2)
    return host, pid


def _died_here(owner: str) -> bool:
    """Whether a lease's holder was a process on this machine that has ended.

    A writer killed with the server away (or by SIGKILL) cannot release its lease; on its own
    machine the next writer need not wait for it to run out.
    """
    host, pid = _holder(owner)
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        pass
    return False


def file_source(path: Path) -> Source:
    from index import bulk
    from index.documents import read_path

    path = path.expanduser().resolve()  # the source's name and its papers' `source` must agree
    digest = bulk.digest(path) if path.is_file() else "missing"
    if bulk.is_bulk(path):
        return Source(str(path), digest, lambda: bulk.check_readable(path), path, bulk=True)
    return Source(str(path), digest, lambda: read_path(path))


class Indexer:
    def __init__(
        self, settings: Settings, embedder: Embedder, store: Store, progress: Progress | None = None
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.progress = progress or (lambda stage, done, total: None)
        self.max_tokens = min(settings.chunk_tokens, embedder.max_tokens)

    def fingerprint(self, source: Source) -> str:
        recipe = f"{source.digest}|{self.max_tokens}|{self.settings.chunk_overlap}|{self.embedder.name}"
        return hashlib.sha256(recipe.encode()).hexdigest()[:16]

    def run(self, sources: list[Source], resolve: Resolver = lambda name: None) -> IndexReport:
        """Index `sources`, after finishing or undoing any write a killed process left half done.

        `resolve` turns a source name from such a write back into a Source to finish it with
        (None: the source is gone, and what the write left of it is removed).
        """
        began = time.perf_counter()
        report = IndexReport()
        with writer_lock(self.settings, self.store):
            sources = self._repair(sources, resolve, report)
            # bulk papers are not loaded: they are checked by id, per batch
            existing = self.store.get_papers(where={"format": {"$ne": "jsonl"}})
            by_source: dict[str, list[tuple[str, str, dict]]] = {}
            for pid, text, meta in existing:
                by_source.setdefault(str(meta["source"]), []).append((pid, text, meta))
            todo: list[tuple[Source, str]] = []
            bulk: list[tuple[Source, str]] = []
            for src in sources:
                fp = self.fingerprint(src)
                if src.bulk:
                    state = self.store.source_state(src.name)
                    if state.get("fingerprint") == fp and state.get("done"):
                        report.unchanged += 1
                        report.papers += int(state.get("papers", 0))
                        report.chunks += int(state.get("chunks", 0))
                    else:
                        bulk.append((src, fp))
                    continue
                recs = by_source.get(src.name, [])
                if recs and all(m.get("fingerprint") == fp for _, _, m in recs):
                    report.unchanged += 1
                    report.papers += len(recs)
                    report.chunks += sum(int(m.get("chunks", 0)) for _, _, m in recs)
                else:
                    todo.append((src, fp))
            if todo or bulk:
                self.store.bump()
                # files go in groups: memory holds one group's papers and chunks, not the folder's
                size = self.settings.file_batch
                for start in range(0, len(todo), size):
                    if start:  # papers written by the last group count as existing for duplicates
                        existing = self.store.get_papers(where={"format": {"$ne": "jsonl"}})
                    self._update(todo[start : start + size], existing, report)
                    if len(todo) > size:
                        self.progress("files", min(start + size, len(todo)), len(todo))
                for src, fp in bulk:
                    self._import(src, fp, report)
                self.store.bump()
        report.seconds = time.perf_counter() - began
        return report

    def _repair(self, sources: list[Source], resolve: Resolver, report: IndexReport) -> list[Source]:
        """Sources to index, plus those of writes killed half-way; what cannot be finished is removed.

        A killed write leaves chunks whose paper records were never written (search would cite
        them, while `papers list` and `remove` could not see them). A source that can still be
        read is indexed again, which completes it without embedding what is stored; what the write
        left of a source that is gone is removed, and so are the chunks of a bulk batch whose
        records never came (a bulk import resumes only when asked).
        """
        pending = self.store.pending_writes()
        if not pending:
            return sources
        names = {src.name for src in sources}
        extra: dict[str, Source] = {}
        for entry in pending.values():
            orphans: set[str] = set()
            if entry.get("bulk"):  # chunks of the batch's papers whose records never came
                papers: list[str] = entry.get("papers", [])
                have = self.store.paper_metadata(papers)
                missing = [p for p in papers if p not in have]
                orphans = self.store.chunk_ids({"paper_id": {"$in": missing}}) if missing else set()
            gone = []
            for name in [] if entry.get("bulk") else entry.get("sources", []):
                if name in names:
                    continue  # indexed now: that completes it
                src = resolve(name)
                if src is not None and _readable(src):
                    extra[name] = src  # indexed again: chunks already stored are kept, not embedded
                else:
                    gone.append(name)
            if gone:  # what the write left of a source that cannot be read again is removed
                orphans |= self.store.chunk_ids({"source": {"$in": gone}})
                self.store.delete_papers(self.store.paper_ids({"source": {"$in": gone}}))
            self.store.bump()
            self.store.delete_chunks(orphans)
            report.removed_chunks += len(orphans)
        for key in pending:
            self.store.end_write(key)
        return sources + list(extra.values())

    def _import(self, src: Source, fp: str, report: IndexReport) -> None:
        from index.importer import Importer

        try:
            src.load()  # checks the first lines: a file named .jsonl that holds no papers is refused
        except PapersError as exc:
            report.errors.append(str(exc))
            return
        Importer(self, src, fp, report).run()

    def _update(self, todo: list[tuple[Source, str]], existing: list, report: IndexReport) -> None:
        names = {src.name for src, _ in todo}
        papers: list[Paper] = []
        fingerprints: dict[str, str] = {}
        for src, fp in todo:
            try:
                loaded = src.load()
            except PapersError as exc:
                report.errors.append(str(exc))
                continue
            papers += loaded
            fingerprints[src.name] = fp
        keep, dropped = self._canonical(papers, existing, names, report)
        count, overlap = self.embedder.count_tokens, self.settings.chunk_overlap
        chunks = {p.paper_id: chunk_paper(p, count, self.max_tokens, overlap) for p in keep}
        flat = [c for cs in chunks.values() for c in cs]
        where = {"source": {"$in": sorted(fingerprints)}} if fingerprints else None
        stored = self.store.chunk_ids(where) if where else set()
        fresh = [c for c in flat if c.chunk_id not in stored]
        # a write killed from here on is finished or undone by the next run (see `repair`)
        journal = self.store.begin_write(sorted(names), sorted({p.paper_id for p in papers}))
        vectors = self.embed_and_add(fresh)
        first = {cs[0].chunk_id for cs in chunks.values() if cs}
        vectors.update(self.stored_vectors(first - set(vectors)))
        dups: dict[str, list[dict[str, str]]] = {}  # canonical paper_id -> the copies dropped for it
        for p, canonical in dropped:
            dups.setdefault(canonical, []).append(
                {"paper_id": p.paper_id, "title": p.title, "source": p.source}
            )
        with_chunks = [p for p in keep if chunks[p.paper_id]]
        # stale chunks go before the paper records that mark the source done: a run killed in
        # between leaves the old fingerprint, so the next run finishes the job
        wanted = {c.chunk_id for c in flat}
        stale = stored - wanted
        self.store.delete_chunks(stale)
        for i in range(0, len(with_chunks), 1000):
            batch = with_chunks[i : i + 1000]
            extra: list[Metadata] = [
                {
                    "fingerprint": fingerprints[p.source],
                    "chunks": len(chunks[p.paper_id]),
                    "duplicates": json.dumps(dups.get(p.paper_id, [])),
                }
                for p in batch
            ]
            self.store.put_papers(batch, [vectors[chunks[p.paper_id][0].chunk_id] for p in batch], extra)
        old_ids = {pid for pid, _, m in existing if m["source"] in fingerprints}
        self.store.delete_papers(old_ids - {p.paper_id for p in with_chunks})
        self.store.end_write(journal)
        report.papers += len(with_chunks)
        report.chunks += len(flat)
        report.embedded += len(fresh)
        report.removed_chunks += len(stale)

    def _canonical(
        self, papers: list[Paper], existing: list, names: set[str], report: IndexReport
    ) -> tuple[list[Paper], list[tuple[Paper, str]]]:
        """Papers to index, and the (duplicate, canonical id) pairs dropped.

        A duplicate repeats a paper within the input, or a paper already stored from another source.
        """
        others = [
            Paper(pid, str(m["title"]), text, str(m["source"]), str(m["format"]), bool(m["title_derived"]))
            for pid, text, m in existing
            if m["source"] not in names
        ]
        marked = mark_duplicates(others + papers)
        other_ids = {p.paper_id for p in others}
        # bulk papers are not compared by text, only by id (the normalised title)
        in_bulk = self.store.paper_metadata(sorted({p.paper_id for p in papers}))
        other_ids |= {pid for pid, m in in_bulk.items() if m.get("source") not in names}
        demoted = {p.duplicate_of: p.paper_id for p in marked[: len(others)] if p.duplicate_of}
        keep: list[Paper] = []
        dropped: list[tuple[Paper, str]] = []
        for paper in marked[len(others) :]:
            canonical = paper.duplicate_of or demoted.get(paper.paper_id)
            if canonical is None and paper.paper_id in other_ids:
                canonical = paper.paper_id
            if canonical is not None:
                report.duplicates.append((paper.title, canonical))
                dropped.append((paper, canonical))
            else:
                keep.append(paper)
        return keep, dropped

    def embed_and_add(self, chunks: list[Chunk], report_progress: bool = True) -> dict[str, list[float]]:
        """Embed and store chunks in batches of add_batch_size; chunk_id -> vector."""
        vectors: dict[str, list[float]] = {}
        size = self.settings.add_batch_size
        if report_progress:
            self.progress("embedding", 0, len(chunks))
        for i in range(0, len(chunks), size):
            batch = chunks[i : i + size]
            vecs = self.embedder.embed_documents([c.embed_text for c in batch])
            self.store.add_chunks(batch, vecs)
            vectors.update({c.chunk_id: v for c, v in zip(batch, vecs, strict=True)})
            if report_progress:
                self.progress("embedding", min(i + size, len(chunks)), len(chunks))
        return vectors

    def stored_vectors(self, ids: set[str]) -> dict[str, list[float]]:
        if not ids:
            return {}
        got = self.store.chunks.get(ids=sorted(ids), include=["embeddings"])
        return {i: [float(x) for x in v] for i, v in zip(got["ids"], got["embeddings"], strict=True)}

    def remove(self, key: str) -> list[str]:
        """Take a paper (id or exact title) or a whole source file out; returns the paper ids removed."""
        with writer_lock(self.settings, self.store):
            path = str(Path(key).expanduser().resolve()) if not key.startswith("bundled:") else key
            sources = sorted({key, path})
            hit = list(self.store.paper_metadata([key]))
            hit += self.store.paper_ids({"title": key}) + self.store.paper_ids({"source": {"$in": sources}})
            # chunks whose paper record is missing (a write killed before it) are found by id too
            hit += sorted({str(m["paper_id"]) for m in self.store.chunk_metadata({"paper_id": key[:64]})})
            hit = sorted(set(hit))
            if not hit:
                shown = key if len(key) <= 80 else key[:80] + "…"
                raise UnknownPaper(f"No indexed paper or file matches {shown!r}; see `papers list`.")
            self.store.bump()
            for ids in (hit[i : i + 1000] for i in range(0, len(hit), 1000)):
                self.store.delete_chunks(self.store.chunk_ids({"paper_id": {"$in": ids}}))
                self.store.delete_papers(ids)
            for name in sources:
                if self.store.source_state(name):
                    self.store.set_source_state(name, None)
            self.store.bump()
        return hit
