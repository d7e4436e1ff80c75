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
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from index.duplicates import mark_duplicates
from index.embeddings import Embedder
from index.errors import PapersError, UnknownPaper
from index.lease import writer_lock
from index.papers import TEXT_RECIPE, Paper, version
from index.settings import Settings
from index.sources import IndexReport, Progress, Read, Resolver, Source
from index.store import Store
from index.writer import BatchWriter

if TYPE_CHECKING:
    from index.bibtex import Upload


def _notes(source: str, papers: list[Paper]) -> list[str]:
    """What a person should hear about papers that were read: an encoding, a library's entries
    whose file is missing, outside the upload or that hold metadata only."""
    notes = []
    flags = {f for p in papers for f in p.flags}
    encodings = sorted(f.removeprefix("encoding:") for f in flags if f.startswith("encoding:"))
    if mixed := [e.removeprefix("mixed: ") for e in encodings if e.startswith("mixed: ")]:
        notes.append(f"{source}: mixed encodings, read line by line ({', '.join(mixed)})")
    elif encodings:
        notes.append(f"{source}: read as {', '.join(encodings)} (not UTF-8)")
    for p in papers:
        key = str(p.meta.get("bibtex_key", "")) or p.title[:60]
        if outside := [f.split(":", 1)[1] for f in p.flags if f.startswith("outside-upload:")]:
            notes.append(f"{source}: {key}: file outside the upload, not read: {', '.join(outside)}")
        # what stands in for the file: said once, and true of this entry
        instead = (
            "no abstract either, listed as metadata only"
            if "metadata-only" in p.flags
            else "the abstract is indexed"
        )  # noqa: E501
        files = [f for f in p.flags if f.startswith(("missing-file:", "unreadable-file:"))]
        for f in files:
            why = "is missing" if f.startswith("missing") else "cannot be read"
            notes.append(f"{source}: {key}: its file {f.split(':', 1)[1]} {why}; {instead}")
        if "metadata-only" in p.flags and not files:
            notes.append(f"{source}: {key}: no abstract and no file, listed as metadata only")
    return notes


def _readable(src: Source) -> bool:
    try:
        src.load()
    except PapersError:
        return False
    return True


def file_source(path: Path, upload: Upload | None = None, max_bytes: int | None = None) -> Source:
    """A file to index. `upload`: it came as an upload, and may name only files of the same upload.
    `max_bytes`: the largest file read, this one or one it names (default: index.documents.MAX_BYTES)."""
    from index import jsonl
    from index.documents import MAX_BYTES, read_file

    limit = MAX_BYTES if max_bytes is None else max_bytes
    path = path.expanduser().resolve()  # the source's name and its papers' `source` must agree
    digest = jsonl.digest(path) if path.is_file() else "missing"
    if path.suffix.lower() in (".bib", ".json") and path.is_file() and not jsonl.is_bulk(path):
        digest += _attachments_stamp(path, upload, limit)  # a changed PDF is a changed source
    if jsonl.is_bulk(path):
        return Source(str(path), digest, lambda: Read(jsonl.check_readable(path)), path, bulk=True)
    return Source(str(path), digest, lambda: read_file(path, limit, upload=upload))


def _attachments_stamp(path: Path, upload: Upload | None, max_bytes: int) -> str:
    """Size and time of each file a reference library names and may read: part of its fingerprint."""
    from index import bibtex
    from index.documents import decode

    try:
        if path.stat().st_size > max_bytes:
            return ""  # refused, with the reason, when it is read
        entries = bibtex.read(path, decode(path.read_bytes(), str(path))[0]).entries
    except (PapersError, OSError):
        return ""
    stamps = []
    for f in sorted({f for e in entries for f in e.files}):
        where = bibtex.attachment(f, upload)
        with contextlib.suppress(OSError):
            st = where.stat() if where is not None else None
            stamps.append(f"{f}:{st.st_size}:{st.st_mtime_ns}" if st else f"{f}:outside")
    return ":" + hashlib.sha256("|".join(stamps).encode()).hexdigest()[:12] if stamps else ""


class Indexer:
    def __init__(
        self, settings: Settings, embedder: Embedder, store: Store, progress: Progress | None = None
    ) -> None:
        self.writer = BatchWriter(settings, embedder, store, progress)
        self.settings, self.embedder, self.store = settings, embedder, store
        self.progress = self.writer.progress
        self.max_tokens = self.writer.max_tokens
        self._resumed: dict[str, list[str]] = {}  # journal key -> papers of a killed bulk batch resumed now

    def fingerprint(self, source: Source) -> str:
        recipe = f"{source.digest}|{TEXT_RECIPE}|{self.max_tokens}|{self.settings.chunk_overlap}|{self.embedder.name}"  # noqa: E501
        return hashlib.sha256(recipe.encode()).hexdigest()[:16]

    def run(
        self,
        sources: list[Source],
        resolve: Resolver = lambda name: None,
        before: Callable[[], None] | None = None,
    ) -> IndexReport:
        """Index `sources`, after finishing or undoing any write a killed process left half done.

        `resolve` turns a source name from such a write back into a Source to finish it with
        (None: the source is gone, and what the write left of it is removed).
        """
        began = time.perf_counter()
        report = IndexReport()
        with writer_lock(self.settings, self.store):
            if before is not None:  # work that needs the lock held (writing the ONNX graph)
                before()
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
            self._settle(report)  # not reached when an import fails: the entries stay open
        report.seconds = time.perf_counter() - began
        return report

    def _repair(self, sources: list[Source], resolve: Resolver, report: IndexReport) -> list[Source]:
        """Sources to index, plus those of writes killed half-way; what cannot be finished is removed.

        A killed write leaves chunks whose paper records were never written (search would cite
        them, while `papers list` and `remove` could not see them). A source that can still be
        read is indexed again, which completes it without embedding what is stored; what the write
        left of a source that is gone is removed. A bulk import resumes only when asked: the
        chunks of a bulk batch whose records never came are removed, unless that file is imported
        now, whose batches reuse them (`_settle` removes what the file no longer has, after).
        """
        pending = self.store.pending_writes()
        if not pending:
            return sources
        names = {src.name for src in sources}
        extra: dict[str, Source] = {}
        for key, entry in pending.items():
            orphans: set[str] = set()
            if entry.get("bulk"):  # chunks of the batch's papers whose records never came
                papers: list[str] = entry.get("papers", [])
                if names & set(entry.get("sources", [])):
                    self._resumed[key] = papers  # the entry stays open until the import is done
                    continue
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
            if key not in self._resumed:
                self.store.end_write(key)
        return sources + list(extra.values())

    def _settle(self, report: IndexReport) -> None:
        """After the imports: the chunks a killed bulk batch left of papers that still have no
        record (the file no longer has them) go, and the batch's journal entry closes."""
        for key, papers in self._resumed.items():
            have = self.store.paper_metadata(papers)
            missing = [p for p in papers if p not in have]
            orphans = self.store.chunk_ids({"paper_id": {"$in": missing}}) if missing else set()
            if orphans:
                self.store.bump()
                self.store.delete_chunks(orphans)
            report.removed_chunks += len(orphans)
            self.store.end_write(key)
        self._resumed.clear()

    def _import(self, src: Source, fp: str, report: IndexReport) -> None:
        from index.importer import Importer

        try:
            src.load()  # checks the first lines: a file named .jsonl that holds no papers is refused
        except PapersError as exc:
            report.errors.append(str(exc))
            return
        Importer(self.writer, src, fp, report).run()

    def _update(self, todo: list[tuple[Source, str]], existing: list, report: IndexReport) -> None:
        names = {src.name for src, _ in todo}
        papers: list[Paper] = []
        fingerprints: dict[str, str] = {}
        for src, fp in todo:
            try:
                read = src.load()
            except PapersError as exc:
                report.errors.append(str(exc))
                continue
            papers += read.papers
            fingerprints[src.name] = fp
            report.notes += [f"{src.name}: {note}" for note in read.notes] + _notes(src.name, read.papers)
        keep, dropped, replaced = self._canonical(papers, existing, names, report)
        dups: dict[str, list[dict[str, str]]] = {}  # canonical paper_id -> the copies dropped for it
        for p, canonical in dropped:
            dups.setdefault(canonical, []).append(
                {"paper_id": p.paper_id, "title": p.title, "source": p.source}
            )
        old_ids = {pid for pid, _, m in existing if m["source"] in fingerprints}

        def drop_gone(written: list[Paper]) -> None:  # papers the sources no longer have, and
            self.store.delete_papers(old_ids - {p.paper_id for p in written})
            if replaced:  # older arXiv versions a newer one replaces: their chunks from the other source
                where = {"$and": [{"paper_id": {"$in": replaced}}, {"source": {"$nin": sorted(names)}}]}
                self.store.delete_chunks(self.store.chunk_ids(where))
                self.store.delete_papers(set(replaced) - {p.paper_id for p in written})

        done = self.writer.write(
            keep,
            sources=sorted(names),
            stored_where={"source": {"$in": sorted(fingerprints) or [""]}},
            extra=lambda p, n: {
                "fingerprint": fingerprints[p.source],
                "chunks": n,
                "duplicates": json.dumps(dups.get(p.paper_id, [])),
            },
            before_done=drop_gone,
        )
        report.papers += len(done.papers)
        report.chunks += done.chunks
        report.embedded += done.embedded
        report.removed_chunks += done.removed_chunks

    def _canonical(
        self, papers: list[Paper], existing: list, names: set[str], report: IndexReport
    ) -> tuple[list[Paper], list[tuple[Paper, str]], list[str]]:
        """Papers to index, the (duplicate, canonical id) pairs dropped, and the stored papers that
        a newer arXiv version replaces.

        A duplicate repeats a paper within the input, or a paper already stored from another
        source: the same DOI or arXiv id first, else the same title or text.
        """
        others = [
            Paper(
                pid,
                str(m["title"]),
                text,
                str(m["source"]),
                str(m["format"]),
                bool(m["title_derived"]),
                meta=json.loads(str(m.get("meta", "{}"))),
            )
            for pid, text, m in existing
            if m["source"] not in names
        ]
        by_id = {p.paper_id: p for p in others}
        marked = mark_duplicates(others + papers)
        other_ids = {p.paper_id for p in others}
        # bulk papers are not compared by text, only by id (the normalised title)
        in_bulk = self.store.paper_metadata(sorted({p.paper_id for p in papers}))
        other_ids |= {pid for pid, m in in_bulk.items() if m.get("source") not in names}
        demoted = {p.duplicate_of: p.paper_id for p in marked[: len(others)] if p.duplicate_of}
        keep: list[Paper] = []
        dropped: list[tuple[Paper, str]] = []
        replaced: list[str] = []
        for paper in marked[len(others) :]:
            older = by_id.get(demoted.get(paper.paper_id, ""))
            if older is not None and paper.duplicate_of is None and version(paper) > version(older):
                report.notes.append(
                    f"{paper.title[:60]}: arXiv v{version(paper)} replaces v{version(older) or '?'} "
                    f"from {older.source}"
                )
                replaced.append(older.paper_id)
                keep.append(paper)
                continue
            canonical = paper.duplicate_of or demoted.get(paper.paper_id)
            if canonical is None and paper.paper_id in other_ids:
                canonical = paper.paper_id
            if canonical is not None:
                report.duplicates.append((paper.title, canonical))
                dropped.append((paper, canonical))
            else:
                keep.append(paper)
        return keep, dropped, replaced

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
