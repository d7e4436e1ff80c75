"""Chroma, embedded or server, behind one small class; the only module that imports chromadb.

Two collections: `<name>` holds chunks (what retrieval searches) and `<name>_papers` one record
per paper (the catalogue `papers list` shows, written after its chunks, so a paper is listed
only once all of its chunks are in).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar
from urllib.parse import urlparse

from index import versions
from index.chunking import Chunk
from index.dates import day_number
from index.errors import Hint, ModelMismatch, NoIndex, PapersError, StoreUnavailable
from index.papers import Paper
from index.settings import Settings

Metadata = dict[str, str | int | float | bool | list[str]]
F = TypeVar("F", bound=Callable[..., Any])


def connect(settings: Settings) -> Any:
    """A chromadb client: HTTP when PAPERS_CHROMA_URL is set, else a persistent local store."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            headers = {"Authorization": f"Bearer {settings.chroma_token}"} if settings.chroma_token else None
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                headers=headers,
                settings=chroma_settings,
            )
        versions.check(settings.chroma_dir)
        client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
        versions.stamp(settings.chroma_dir)
        return client
    except versions.StoreVersionMismatch:
        raise
    except Exception as exc:  # chromadb raises bare ValueError/ConnectionError variants
        if refused(exc):
            raise token_refused(settings) from None
        where = settings.chroma_url or str(settings.chroma_dir)
        raise StoreUnavailable(
            f"Cannot open the Chroma store at {where}: {exc}. "
            + ("Start it with `papers serve-index` or `chroma run`." if settings.chroma_url else "")
        ) from None


def refused(exc: Exception) -> bool:
    """A 401/403 from a server (or the proxy in front of it) that wants another token."""
    text = f"{exc.__class__.__name__} {exc}".lower()
    return any(word in text for word in ("unauthorized", "forbidden", "authentication", "authorization"))


def token_refused(settings: Settings) -> StoreUnavailable:
    given = "the token in PAPERS_CHROMA_TOKEN" if settings.chroma_token else "no token"
    return StoreUnavailable(
        f"The Chroma server at {settings.chroma_url} refused {given}: set PAPERS_CHROMA_TOKEN to the "
        "token its proxy expects (ask whoever runs the shared index)."
    )


# what only reads: tried again, briefly, before it counts as a failure
_READS = frozenset(
    "generation chunk_ids chunk_metadata paper_text vectors _guarded_count _page chunks_by_id all_chunks "  # noqa: SIM905
    "query get_papers paper_metadata paper_ids source_state source_states pending_writes counts".split()
)


def _guarded(method: F) -> F:
    """Chroma failures (a server that went away, a broken file) become one StoreUnavailable.

    Nothing is lost: the store is left as it was, and the same call works once it is back.
    """

    reads = method.__name__ in _READS

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        tries = 3 if reads else 1
        for attempt in range(tries):
            try:
                return method(self, *args, **kwargs)
            except PapersError:
                raise
            except Exception as exc:
                if refused(exc):
                    raise token_refused(self.settings) from None
                if attempt + 1 < tries:
                    # embedded Chroma can fail a read that meets a write landing in another thread
                    time.sleep(0.05 * (attempt + 1))
                    continue
                url = self.settings.chroma_url
                where = (
                    f"The Chroma server at {url}"
                    if url
                    else f"The Chroma store at {self.settings.chroma_dir}"
                )
                todo = "start it again (`papers serve-index` or `chroma run`)" if url else "check the disk"
                raise StoreUnavailable(
                    f"{where} did not answer ({exc.__class__.__name__}): {todo}, then retry. "
                    "Nothing indexed is lost."
                ) from None
        raise AssertionError("unreachable")

    return wrapper  # type: ignore[return-value]


class Store:
    """Chunks and paper records in Chroma, with the embedding model's identity checked."""

    def __init__(self, settings: Settings, model: str, dimension: int, create: bool = False) -> None:
        self.settings = settings
        self._meta_lock = threading.Lock()
        self.client = connect(settings)
        self.model = model
        self.dimension = dimension
        name = settings.collection
        for attempt in range(4):
            try:
                self._open(name, model, dimension, create)
                break
            except NoIndex:
                # collections the store lists are not "nothing indexed", whatever a read that met a
                # write in another process said: look again, briefly, then say it is busy
                if not self._exists(name):
                    raise
                if attempt == 3:
                    raise StoreUnavailable(
                        "The Chroma store is being written by another process and could not be read: "
                        "retry in a moment. Nothing indexed is lost."
                    ) from None
                time.sleep(0.05 * 2**attempt)
        self.check_model()
        if create:
            self._search_breadth()

    def _exists(self, name: str) -> bool:
        """Whether both collections are in the store, as its listing says."""
        try:
            names = {getattr(c, "name", c) for c in self.client.list_collections()}
        except Exception:
            return False
        return {name, name + "_papers"} <= names

    def _open(self, name: str, model: str, dimension: int, create: bool) -> None:
        try:
            if create:
                meta = {"embedding_model": model, "dimension": dimension, "generation": 0}
                config: Any = {"hnsw": {"space": "cosine", "ef_search": self.settings.ef_search}}
                self.chunks = self.client.get_or_create_collection(
                    name, metadata=meta, configuration=config, embedding_function=None
                )
                self.papers = self.client.get_or_create_collection(
                    name + "_papers",
                    metadata={"embedding_model": model},
                    configuration=config,
                    embedding_function=None,
                )
            else:
                self.chunks = self.client.get_collection(name, embedding_function=None)
                self.papers = self.client.get_collection(name + "_papers", embedding_function=None)
        except Exception as exc:
            if "does not exist" in str(exc) or "not found" in str(exc).lower():
                raise NoIndex("Nothing is indexed yet", Hint("run", "papers index")) from None
            raise StoreUnavailable(f"The Chroma store failed: {exc}") from None

    @_guarded
    def _search_breadth(self) -> None:
        """An index made before (or under another PAPERS_EF_SEARCH) takes the setting's ef_search:
        a query-time knob that Chroma lets a collection change in place."""
        hnsw = (self.chunks.configuration or {}).get("hnsw")
        if hnsw is not None and hnsw.get("ef_search") != self.settings.ef_search:  # None: not HNSW
            self.chunks.modify(configuration={"hnsw": {"ef_search": self.settings.ef_search}})

    def check_model(self) -> None:
        meta = self.chunks.metadata or {}
        stored, dim = meta.get("embedding_model"), meta.get("dimension")
        if stored != self.model or dim != self.dimension:
            raise ModelMismatch(
                f"The index was built with {stored} ({dim}-d vectors) but the settings ask for "
                f"{self.model} ({self.dimension}-d)",
                Hint("set", f"PAPERS_EMBEDDING_MODEL={stored}", purpose="to use it"),
                Hint("run", "papers index --rebuild", verb="rebuild it with the new model:"),
            )

    # -- generation: bumped around every write so the BM25 side knows it is stale
    @property
    @_guarded
    def generation(self) -> str:
        """Changes on every write (and when the collection is recreated): "<uuid>:<n>"."""
        self.chunks = self.client.get_collection(self.settings.collection, embedding_function=None)
        return f"{self.chunks.id}:{(self.chunks.metadata or {}).get('generation', 0)}"

    @_guarded
    def bump(self) -> None:
        def step(meta: dict[str, Any]) -> None:
            meta["generation"] = int(meta.get("generation", 0)) + 1

        self._modify(step)

    def _modify(self, change: Callable[[dict[str, Any]], Any]) -> Any:
        """Read, change and write the chunk collection's metadata, one change at a time.

        It holds the generation, import states and the writer's lease; the lock keeps the lease's
        renewal thread from writing back a generation the main thread has just moved on from.
        """
        with self._meta_lock:
            self.chunks = self.client.get_collection(self.settings.collection, embedding_function=None)
            meta = dict(self.chunks.metadata or {})
            result = change(meta)
            if result is None:
                self.chunks.modify(metadata=meta)
            return result

    # -- chunks
    @_guarded
    def chunk_ids(self, where: dict[str, Any] | None = None) -> set[str]:
        return set(self.chunks.get(where=where, include=[])["ids"])

    @_guarded
    def chunk_metadata(self, where: dict[str, Any], limit: int = 1) -> list[Metadata]:
        """Metadata of up to `limit` chunks matching `where`."""
        return [
            dict(m)
            for m in self.chunks.get(where=where, include=["metadatas"], limit=limit)["metadatas"] or []
        ]

    @_guarded
    def paper_chunks(self, paper_id: str) -> list[tuple[str, str]]:
        """(chunk id, text) of a paper's chunks, in order."""
        got = self.chunks.get(where={"paper_id": paper_id}, include=["documents", "metadatas"])
        rows = sorted(
            zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True),
            key=lambda r: int(str(r[2]["position"])),
        )
        return [(cid, doc) for cid, doc, _ in rows]

    @_guarded
    def paper_text(self, paper_id: str) -> tuple[str, str]:
        """(the text of a paper's chunks in order, its title); ("", "") when it has none."""
        got = self.chunks.get(where={"paper_id": paper_id}, include=["documents", "metadatas"])
        rows = sorted(
            zip(got["documents"] or [], got["metadatas"] or [], strict=True),
            key=lambda r: int(str(r[1]["position"])),
        )
        if not rows:
            return "", ""
        return " ".join(doc for doc, _ in rows), str(rows[0][1].get("title", ""))

    @_guarded
    def add_chunks(self, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        self.chunks.upsert(
            ids=[c.chunk_id for c in chunks],
            embeddings=vectors,  # type: ignore[arg-type]
            documents=[c.text for c in chunks],
            metadatas=[chunk_metadata(c) for c in chunks],  # type: ignore[misc]
        )

    @_guarded
    def vectors(self, ids: Iterable[str]) -> dict[str, list[float]]:
        """chunk_id -> its stored vector, for those of `ids` that are stored."""
        ids = sorted(ids)
        if not ids:
            return {}
        got = self.chunks.get(ids=ids, include=["embeddings"])
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        return {i: [float(x) for x in v] for i, v in zip(got["ids"], embeddings, strict=True)}

    @_guarded
    def delete_chunks(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), 5000):
            self.chunks.delete(ids=ids[start : start + 5000])

    def chunk_pages(self, size: int = 5000) -> Iterator[tuple[list[str], list[str], list[Metadata]]]:
        """(ids, texts, metadatas) of every chunk, a page at a time: memory holds one page."""
        total = self._guarded_count()
        for offset in range(0, total, size):
            got = self._page(size, offset)
            yield got["ids"], got["documents"] or [], [dict(m) for m in got["metadatas"] or []]

    @_guarded
    def _guarded_count(self) -> int:
        return int(self.chunks.count())

    @_guarded
    def _page(self, size: int, offset: int) -> Any:
        return self.chunks.get(include=["documents", "metadatas"], limit=size, offset=offset)

    @_guarded
    def chunks_by_id(self, ids: list[str]) -> dict[str, tuple[str, Metadata]]:
        """chunk_id -> (text, metadata) for those of `ids` that are stored."""
        if not ids:
            return {}
        got = self.chunks.get(ids=ids, include=["documents", "metadatas"])
        rows = zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)
        return {i: (d, dict(m)) for i, d, m in rows}

    @_guarded
    def all_chunks(self) -> tuple[list[str], list[str], list[Metadata]]:
        """(ids, texts, metadatas) of every chunk, fetched in pages."""
        ids: list[str] = []
        docs: list[str] = []
        metas: list[Metadata] = []
        total = self.chunks.count()
        for offset in range(0, total, 5000):
            got = self.chunks.get(include=["documents", "metadatas"], limit=5000, offset=offset)
            ids += got["ids"]
            docs += got["documents"] or []
            metas += [dict(m) for m in got["metadatas"] or []]
        return ids, docs, metas

    @_guarded
    def query(
        self, vector: list[float], k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, str, Metadata, float]]:
        """(id, text, metadata, cosine similarity) of the k nearest chunks (none from an empty store).

        No count() first: Chroma answers an empty collection with empty lists, and counting a
        million rows costs more than the query (115 ms against 7 ms).
        """
        res = self.chunks.query(
            query_embeddings=[vector],  # type: ignore[arg-type]
            n_results=k,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        docs = (res["documents"] or [[]])[0]
        metas = (res["metadatas"] or [[]])[0]
        dists = (res["distances"] or [[]])[0]
        rows = zip(res["ids"][0], docs, metas, dists, strict=True)
        return [(i, d, dict(m), 1.0 - float(s)) for i, d, m, s in rows]

    # -- papers
    @_guarded
    def put_papers(self, papers: list[Paper], vectors: list[list[float]], extra: list[Metadata]) -> None:
        self.papers.upsert(
            ids=[p.paper_id for p in papers],
            embeddings=vectors,  # type: ignore[arg-type]
            documents=[p.text[:4000] for p in papers],
            metadatas=[{**paper_metadata(p), **x} for p, x in zip(papers, extra, strict=True)],  # type: ignore[misc]
        )

    @_guarded
    def get_papers(
        self, where: dict[str, Any] | None = None, ids: list[str] | None = None
    ) -> list[tuple[str, str, Metadata]]:
        """(paper_id, text, metadata) of the matching paper records."""
        got = self.papers.get(ids=ids, where=where, include=["documents", "metadatas"])
        rows = zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)
        return [(i, d, dict(m)) for i, d, m in rows]

    @_guarded
    def paper_metadata(self, ids: list[str]) -> dict[str, Metadata]:
        """paper_id -> metadata of those of `ids` that have a record (no documents fetched)."""
        if not ids:
            return {}
        got = self.papers.get(ids=ids, include=["metadatas"])
        return {i: dict(m) for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)}

    @_guarded
    def paper_ids(self, where: dict[str, Any]) -> list[str]:
        """Ids of the paper records matching `where`, fetched in pages."""
        ids: list[str] = []
        while page := self.papers.get(where=where, include=[], limit=5000, offset=len(ids))["ids"]:
            ids += page
        return ids

    # -- per-source state of bulk imports, kept in the chunk collection's metadata
    @_guarded
    def source_state(self, name: str) -> dict[str, Any]:
        """What the last import of `name` recorded: fingerprint, done, papers, chunks ({} if none)."""
        self.chunks = self.client.get_collection(self.settings.collection, embedding_function=None)
        raw = (self.chunks.metadata or {}).get(_state_key(name))
        return json.loads(str(raw)) if raw else {}

    @_guarded
    def source_states(self) -> list[dict[str, Any]]:
        """The states of every bulk source imported (or being imported) into this index."""
        self.chunks = self.client.get_collection(self.settings.collection, embedding_function=None)
        meta = self.chunks.metadata or {}
        return [json.loads(str(v)) for k, v in sorted(meta.items()) if k.startswith("import:")]

    @_guarded
    def set_source_state(self, name: str, state: dict[str, Any] | None) -> None:
        def step(meta: dict[str, Any]) -> None:
            meta.pop(_state_key(name), None)
            if state is not None:
                meta[_state_key(name)] = json.dumps({**state, "source": name})

        self._modify(step)

    # -- writes in flight: a journal entry per write, so that a killed writer's work is found
    @_guarded
    def begin_write(self, sources: list[str], papers: list[str], bulk: bool = False) -> str:
        """Note a write about to add chunks; returns its key for `end_write`."""
        key = "write:" + uuid.uuid4().hex[:12]
        entry = json.dumps({"sources": sources, "papers": papers, "bulk": bulk, "since": time.time()})

        def step(meta: dict[str, Any]) -> None:
            meta[key] = entry

        self._modify(step)
        return key

    @_guarded
    def end_write(self, key: str) -> None:
        """The write's paper records are in: nothing is left to repair."""

        def step(meta: dict[str, Any]) -> None:
            meta.pop(key, None)

        self._modify(step)

    @_guarded
    def pending_writes(self) -> dict[str, dict[str, Any]]:
        """key -> {sources, papers, bulk, since} of writes begun and never ended (a killed writer)."""
        self.chunks = self.client.get_collection(self.settings.collection, embedding_function=None)
        meta = self.chunks.metadata or {}
        return {k: json.loads(str(v)) for k, v in meta.items() if k.startswith("write:")}

    # -- the writer's lease on a shared (server) index: one writer at a time across machines
    @_guarded
    def claim_writer(
        self, owner: str, ttl: float, gone: Callable[[str], bool] = lambda holder: False
    ) -> dict[str, Any] | None:
        """Take or renew the lease; returns the other live holder's lease when it is not ours.

        A lease runs out after `ttl` seconds, or at once when `gone(holder)` says its holder died.
        """

        def step(meta: dict[str, Any]) -> dict[str, Any] | None:
            held = json.loads(str(meta["writer"])) if meta.get("writer") else None
            if held and held["owner"] != owner and held["expires"] > time.time() and not gone(held["owner"]):
                return held  # type: ignore[no-any-return]
            since = held["since"] if held and held["owner"] == owner else time.time()
            meta["writer"] = json.dumps({"owner": owner, "expires": time.time() + ttl, "since": since})
            return None

        return self._modify(step)  # type: ignore[no-any-return]

    @_guarded
    def release_writer(self, owner: str) -> None:
        def step(meta: dict[str, Any]) -> None:
            if meta.get("writer") and json.loads(str(meta["writer"]))["owner"] == owner:
                meta.pop("writer")

        self._modify(step)

    @_guarded
    def delete_papers(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), 5000):
            self.papers.delete(ids=ids[start : start + 5000])

    @_guarded
    def counts(self) -> tuple[int, int]:
        return self.papers.count(), self.chunks.count()


def drop(settings: Settings) -> None:
    """Delete both collections (`papers index --rebuild`), whatever model built them."""
    from chromadb.errors import NotFoundError

    client = connect(settings)
    for name in (settings.collection, settings.collection + "_papers"):
        with contextlib.suppress(NotFoundError):
            client.delete_collection(name)


def chunk_metadata(chunk: Chunk) -> Metadata:
    meta: Metadata = {
        "paper_id": chunk.paper_id,
        "title": chunk.title,
        "position": chunk.position,
        "source": chunk.source,
    }
    if chunk.page is not None:
        meta["page"] = chunk.page
    meta.update({k: v for k, v in chunk.meta.items() if k in FILTER_KEYS})
    if categories := str(chunk.meta.get("categories", "")).split():
        meta["categories"] = categories  # a list: filtered with Chroma's $contains
    if (day := day_number(str(chunk.meta.get("date", "")))) is not None:
        meta["day"] = day
    return meta


FILTER_KEYS = ("date", "organization", "categories", "arxiv_id", "doi")


def _state_key(source: str) -> str:
    return "import:" + hashlib.sha1(source.encode()).hexdigest()[:16]


def paper_metadata(paper: Paper) -> Metadata:
    meta: Metadata = {
        "title": paper.title,
        "title_derived": paper.title_derived,
        "source": paper.source,
        "format": paper.fmt,
        "meta": json.dumps(paper.meta, ensure_ascii=False),
    }
    if paper.flags:
        meta["flags"] = ",".join(paper.flags)
    if paper.pages:
        meta["pages"] = len(paper.pages)
    return meta
