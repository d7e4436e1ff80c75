"""The indexed library: one object that wires embedder, store, BM25 and retriever together."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from index.bibtex import Upload
from index.corpus import bundled_listings
from index.embeddings import Embedder
from index.errors import NoIndex, UnreadableFile
from index.indexer import Indexer, IndexReport, Progress, Source, file_source
from index.lease import writer_lock
from index.listings import parse_listing
from index.retrieval import Filters, PaperHit, Retriever
from index.settings import Settings
from index.sources import Read
from index.sparse import Sparse
from index.store import Store, drop


@dataclass(frozen=True)
class PaperRecord:
    """A paper as `papers list` shows it."""

    paper_id: str
    title: str
    title_derived: bool
    source: str
    format: str
    meta: dict[str, Any]
    text: str
    chunks: int
    duplicates: list[dict[str, str]]
    flags: str = ""


class Library:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder

    @cached_property
    def embedder(self) -> Embedder:
        s = self.settings
        return self._embedder or Embedder(
            s.embedding_model, s.device, s.embed_batch_size, s.models_dir, s.embed_engine
        )

    @cached_property
    def store(self) -> Store:
        return Store(self.settings, self.embedder.name, self.embedder.dimension)

    def writable_store(self) -> Store:
        store = Store(self.settings, self.embedder.name, self.embedder.dimension, create=True)
        self.__dict__["store"] = store
        return store

    @cached_property
    def retriever(self) -> Retriever:
        sparse = Sparse(self.store, self.settings.bm25_dir)
        return Retriever(self.settings, self.embedder, self.store, sparse)

    def index(
        self, paths: list[Path] | None = None, progress: Progress | None = None, rebuild: bool = False
    ) -> IndexReport:
        """Index the given files and folders, or the bundled corpus when none are given."""
        sources = bundled_sources() if not paths else path_sources(paths, self.settings.max_file_mb * 2**20)
        if rebuild:
            self.rebuild()
        return self._run(sources, progress)

    def index_upload(self, copies: dict[Path, str], progress: Progress | None = None) -> IndexReport:
        """Index the files of one upload (where they were copied -> the name they were uploaded
        under): a reference library among them may name only the other files of the upload."""
        return self._run(upload_sources(copies, self.settings.max_upload_mb * 2**20), progress)

    def _run(self, sources: list[Source], progress: Progress | None) -> IndexReport:
        """Write `sources` under the writer lock, after finishing any write a killed process left."""

        def prepare() -> None:  # under the writer lock: a refused second writer does no work first
            if self.embedder.graph is not None and not self.embedder.graph.is_file():
                if progress:
                    progress("writing the ONNX graph (once)", 0, 0)
                self.embedder.prepare()

        indexer = Indexer(self.settings, self.embedder, self.writable_store(), progress)
        report = indexer.run(sources, resolve=self.resolve, before=prepare)
        self.__dict__.pop("retriever", None)
        return report

    def repair(self) -> IndexReport | None:
        """Finish or undo what a killed writer left half-written (at start-up); None if none."""
        if not self.settings.chroma_dir.exists() and not self.settings.chroma_url:
            return None
        store = self.writable_store()
        if not store.pending_writes():
            return None
        report = Indexer(self.settings, self.embedder, store).run([], resolve=self.resolve)
        self.__dict__.pop("retriever", None)
        return report

    def resolve(self, name: str) -> Source | None:
        """The Source a stored source name was read from; an upload is read again as one."""
        return resolve_source(name, self.settings.uploads_dir, self.settings)

    def rebuild(self) -> None:
        """Drop the index, even one built with another model (its store cannot be opened)."""
        with writer_lock(self.settings):
            drop(self.settings)
        self.__dict__.pop("store", None)
        self.__dict__.pop("retriever", None)

    def remove(self, key: str) -> list[str]:
        indexer = Indexer(self.settings, self.embedder, self.writable_store())
        removed = indexer.remove(key)
        self.__dict__.pop("retriever", None)
        return removed

    def search(
        self, query: str, k: int = 5, mode: str | None = None, filters: Filters = Filters()
    ) -> list[PaperHit]:
        return self.retriever.papers(query, mode or self.settings.mode, k, filters)

    def papers(self, bulk: bool = True, source: str | None = None) -> list[PaperRecord]:
        """Paper records, sorted by source and title; without bulk (JSONL) papers if asked."""
        clauses: list[dict[str, Any]] = []
        if not bulk:
            clauses.append({"format": {"$ne": "jsonl"}})
        if source:
            sources = sorted({source, str(Path(source).resolve())} if ":" not in source else {source})
            clauses.append({"source": {"$in": sources}})
        where = {"$and": clauses} if len(clauses) > 1 else (clauses[0] if clauses else None)
        rows = self.store.get_papers(where=where)
        records = [
            PaperRecord(
                pid,
                str(m["title"]),
                bool(m["title_derived"]),
                str(m["source"]),
                str(m["format"]),
                json.loads(str(m.get("meta", "{}"))),
                text,
                int(str(m.get("chunks", 0))),
                json.loads(str(m.get("duplicates", "[]"))),
                str(m.get("flags", "")),
            )
            for pid, text, m in rows
        ]
        return sorted(records, key=lambda r: (r.source, r.title.lower()))

    def citation_keys(self) -> dict[str, str]:
        """Every paper's citation key -> its paper id: the imported BibTeX key, else a stable one made
        from the first author, year and title (a, b, ... where two papers would share it), the same
        over the whole library whatever an export selects. `papers list --bibtex` prints them."""
        from index.bibtex import unique_keys

        generation = self.store.generation  # kept until the next write: exports call this often
        cached = self.__dict__.get("_citation_keys")
        if cached is not None and cached[0] == generation:
            return dict(cached[1])
        records = self.papers()
        keys = unique_keys([{"title": r.title, "meta": r.meta} for r in records])
        found = dict(zip(keys, (r.paper_id for r in records), strict=True))
        self.__dict__["_citation_keys"] = (generation, found)
        return dict(found)

    def bibtex(self, papers: list[str] | list[PaperRecord]) -> str:
        """BibTeX of the given papers, in their order: records already read, or paper ids; each under
        its `citation_keys` key."""
        from index.bibtex import to_bibtex, unique_keys

        ids = [p for p in papers if isinstance(p, str)]
        found = self.store.paper_metadata(ids) if ids else {}
        records = []
        for p in papers:
            if isinstance(p, PaperRecord):
                records.append({"paper_id": p.paper_id, "title": p.title, "meta": p.meta})
            elif (m := found.get(p)) is not None:
                meta = json.loads(str(m.get("meta", "{}")))
                records.append({"paper_id": p, "title": str(m["title"]), "meta": meta})
        key_of = {pid: key for key, pid in self.citation_keys().items()}
        fallback = unique_keys(records)  # a paper written since the keys were read
        keys = [key_of.get(str(r["paper_id"]), k) for r, k in zip(records, fallback, strict=True)]
        return to_bibtex(records, keys)

    def bulk_sources(self) -> list[dict[str, Any]]:
        """Each bulk collection imported: source, papers, chunks, and whether its import finished."""
        return self.store.source_states()

    def empty(self) -> bool:
        """Whether nothing is indexed yet: no index at all, or one with no paper, no chunk and no
        write under way. Chunks whose records a repair has yet to write are papers held."""
        try:
            papers, chunks = self.store.counts()
            return papers == 0 and chunks == 0 and not self.store.pending_writes()
        except NoIndex:
            return True

    def stats(self) -> dict[str, Any]:
        papers, chunks = self.store.counts()
        return {
            "papers": papers,
            "chunks": chunks,
            "model": self.embedder.name,
            "store": self.settings.chroma_url or str(self.settings.chroma_dir),
        }


def absolute(path: Path) -> Path:
    """A path as the index names it. Usage: absolute(Path("~/a/../b.md")) -> Path("/home/me/b.md")"""
    return path.expanduser().resolve()


def resolve_source(name: str, uploads: Path | None = None, settings: Settings | None = None) -> Source | None:
    """The Source a stored source name was read from, if it can still be read.

    A file inside `uploads` (the upload folder) came as an upload: read again, it may name only
    files of its own folder (which of the other files came with it is not known any more).
    `settings`: its size limits (default: index.documents.MAX_BYTES).
    """
    upload_max = settings.max_upload_mb * 2**20 if settings else None
    file_max = settings.max_file_mb * 2**20 if settings else None
    if name.startswith("bundled:"):
        return next((src for src in bundled_sources() if src.name == name), None)
    path = Path(name)
    if not (path.is_absolute() and path.is_file()):
        return None
    if uploads is not None and path.resolve().is_relative_to(uploads.resolve()):
        return file_source(path, Upload(path.resolve().parent), upload_max)
    return file_source(path, max_bytes=file_max)


def bundled_sources() -> list[Source]:
    return [
        Source(name, hashlib.sha256(text.encode()).hexdigest(), partial(_listing, text, name))
        for name, text in bundled_listings()
    ]


def _listing(text: str, name: str) -> Read:
    return Read(parse_listing(text, name))


def upload_sources(copies: dict[Path, str], max_bytes: int | None = None) -> list[Source]:
    """Sources for the files of one upload (copy -> name as uploaded): each may name the others."""
    files = tuple((name, absolute(copy)) for copy, name in copies.items())
    return [file_source(absolute(copy), Upload(absolute(copy).parent, files), max_bytes) for copy in copies]


def path_sources(paths: list[Path], max_bytes: int | None = None) -> list[Source]:
    """Sources for files and folders, resolved once here: relative, `./x`, `../x` and `~` alike.

    Usage: path_sources([Path("notes.md")])[0].name -> "/home/me/notes.md" (run in /home/me)
    """
    from index.documents import iter_files

    paths = [absolute(p) for p in paths]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UnreadableFile(str(missing[0]), "no such file or folder")
    return [file_source(p, max_bytes=max_bytes) for p in iter_files(paths)]
