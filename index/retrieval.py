"""Dense, BM25 and hybrid retrieval over chunks, and paper-level hits.

Hybrid blends the two rankings' scores (a convex combination of per-query normalised scores,
the weight tuned on the dev split); reciprocal rank fusion is kept as the baseline it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from index.dates import bounds
from index.embeddings import Embedder
from index.errors import PapersError
from index.settings import MODES, Settings
from index.sparse import Sparse
from index.store import Metadata, Store


@dataclass(frozen=True)
class Filters:
    """Optional limits on what is retrieved, applied inside Chroma (dense) and on BM25 hits.

    papers, sources and arxiv_ids match exactly; categories match any of the paper's arXiv
    categories ("cs.CL"); since/until are inclusive dates ("2023", "2023-05", "2023-05-19")
    compared with the paper's day number; `date` is matched as text ("2023" finds "May 19, 2023").
    """

    papers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date: str = ""
    categories: tuple[str, ...] = ()
    arxiv_ids: tuple[str, ...] = ()
    since: str = ""
    until: str = ""

    def __post_init__(self) -> None:
        try:
            bounds(self.since, self.until)
        except ValueError as exc:
            raise PapersError(f"Bad date filter: {exc}.") from None

    def where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.papers:
            clauses.append({"paper_id": {"$in": list(self.papers)}})
        if self.sources:
            clauses.append({"source": {"$in": list(self.sources)}})
        if self.arxiv_ids:
            clauses.append({"arxiv_id": {"$in": [_bare(i) for i in self.arxiv_ids]}})
        cats: list[dict[str, Any]] = [{"categories": {"$contains": c}} for c in self.categories]
        if cats:
            clauses.append(cats[0] if len(cats) == 1 else {"$or": cats})
        low, high = bounds(self.since, self.until)
        if low is not None:
            clauses.append({"day": {"$gte": low}})
        if high is not None:
            clauses.append({"day": {"$lte": high}})
        if len(clauses) > 1:
            return {"$and": clauses}
        return clauses[0] if clauses else None

    def allows(self, meta: Metadata) -> bool:
        """The same test as `where`, in Python (for BM25 hits), plus the `date` text match."""
        if self.papers and meta.get("paper_id") not in self.papers:
            return False
        if self.sources and meta.get("source") not in self.sources:
            return False
        if self.arxiv_ids and meta.get("arxiv_id") not in {_bare(i) for i in self.arxiv_ids}:
            return False
        cats = meta.get("categories") or []
        if self.categories and not set(self.categories) & set(cats if isinstance(cats, list) else [cats]):
            return False
        low, high = bounds(self.since, self.until)
        day = meta.get("day")
        if (low is not None or high is not None) and not isinstance(day, int):
            return False
        if (low is not None and day < low) or (high is not None and day > high):  # type: ignore[operator]
            return False
        return not self.date or self.date.lower() in str(meta.get("date", "")).lower()


def _bare(arxiv_id: str) -> str:
    """An arXiv id as stored, without the "arXiv:" prefix.

    Example:
        >>> _bare("arXiv:2301.00001")
        '2301.00001'
    """
    return arxiv_id.strip().removeprefix("arXiv:").removeprefix("arxiv:")


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk. `score` is the mode's own (cosine, BM25 or fused); `dense` (cosine) and
    `bm25` are the raw scores of the retrievers that found it, kept through fusion."""

    chunk_id: str
    paper_id: str
    title: str
    text: str
    source: str
    score: float
    dense: float | None = None
    meta: Metadata = field(default_factory=dict)
    bm25: float | None = None


@dataclass(frozen=True)
class PaperHit:
    """A paper found by a query, with the best matching chunk."""

    paper_id: str
    title: str
    score: float
    text: str
    source: str
    chunk_id: str


class Retriever:
    def __init__(self, settings: Settings, embedder: Embedder, store: Store, sparse: Sparse) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.sparse = sparse

    def dense(self, query: str, n: int, filters: Filters = Filters()) -> list[Hit]:
        fetch = n * 4 if filters.date else n
        rows = self.store.query(self.embedder.embed_query(query), fetch, filters.where())
        hits = [_hit(i, t, m, s, s) for i, t, m, s in rows if filters.allows(m)]
        return hits[:n]

    def bm25(self, query: str, n: int, filters: Filters = Filters()) -> list[Hit]:
        rows = self.sparse.search(query, n, None if filters == Filters() else filters)
        return [_hit(i, t, m, s, None, bm25=s) for i, t, m, s in rows]

    def chunks(self, query: str, mode: str, n: int, filters: Filters = Filters()) -> list[Hit]:
        """The best n chunks for the query, best first."""
        if mode not in MODES:
            raise PapersError(f"Unknown retrieval mode {mode!r}: use one of {', '.join(MODES)}.")
        if mode == "dense":
            return self.dense(query, n, filters)
        if mode == "bm25":
            return self.bm25(query, n, filters)
        depth = max(n, self.settings.candidates)
        dense, sparse = self.dense(query, depth, filters), self.bm25(query, depth, filters)
        if self.settings.fusion == "rrf":
            return fuse([dense, sparse], self.settings.rrf_k)[:n]
        return blend(dense, sparse, self.settings.dense_weight)[:n]

    def papers(self, query: str, mode: str, k: int, filters: Filters = Filters()) -> list[PaperHit]:
        """The best k papers: each paper once, scored by its best chunk."""
        hits = self.chunks(query, mode, max(k * 8, self.settings.candidates), filters)
        best: dict[str, Hit] = {}
        for hit in hits:
            best.setdefault(hit.paper_id, hit)
        ranked = sorted(best.values(), key=lambda h: -h.score)[:k]
        return [PaperHit(h.paper_id, h.title, h.score, h.text, h.source, h.chunk_id) for h in ranked]


def blend(dense: list[Hit], sparse: list[Hit], weight: float) -> list[Hit]:
    """weight x normalised cosine + (1 - weight) x normalised BM25, per chunk, best first.

    Each list is scaled to [0, 1] by its own best score (cosine from its floor of 0, BM25 from 0),
    so a chunk only one retriever found gets nothing from the other. Unlike rank fusion, a
    retriever whose scores are all close (no clear match) moves the result little: the blend
    keeps the better input's order where the other has nothing to say. (Bruch et al., 2023:
    "An Analysis of Fusion Functions for Hybrid Retrieval".)

    Example: b gets .25 (cosine) + .5 (BM25), a .5, c .25
        >>> def hit(chunk_id, score): return Hit(chunk_id, "p1", "", "", "", score)
        >>> blended = blend([hit("a", .8), hit("b", .4)], [hit("b", 12), hit("c", 6)], weight=.5)
        >>> [(h.chunk_id, h.score) for h in blended]
        [('b', 0.75), ('a', 0.5), ('c', 0.25)]
    """
    top_dense = max((max(h.score, 0.0) for h in dense), default=0.0) or 1.0
    top_sparse = max((h.score for h in sparse), default=0.0) or 1.0
    scores: dict[str, float] = {}
    first: dict[str, Hit] = {}
    cosine: dict[str, float] = {}
    keyword: dict[str, float] = {}
    for hit in dense:
        scores[hit.chunk_id] = weight * max(hit.score, 0.0) / top_dense
        first.setdefault(hit.chunk_id, hit)
        cosine[hit.chunk_id] = hit.score
    for hit in sparse:
        scores[hit.chunk_id] = scores.get(hit.chunk_id, 0.0) + (1 - weight) * hit.score / top_sparse
        first.setdefault(hit.chunk_id, hit)
        keyword[hit.chunk_id] = hit.score
    order = sorted(scores, key=lambda cid: -scores[cid])
    return [
        replace(first[cid], score=scores[cid], dense=cosine.get(cid), bm25=keyword.get(cid)) for cid in order
    ]


def fuse(rankings: list[list[Hit]], k: int = 60) -> list[Hit]:
    """Reciprocal rank fusion: score = sum of 1/(k + rank) over the rankings a chunk appears in.

    Example: b first (1/62 + 1/61), then a (1/61), then c (1/62)
        >>> def hit(chunk_id): return Hit(chunk_id, "p1", "", "", "", 0.0)
        >>> [h.chunk_id for h in fuse([[hit("a"), hit("b")], [hit("b"), hit("c")]], k=60)]
        ['b', 'a', 'c']
    """
    scores: dict[str, float] = {}
    first: dict[str, Hit] = {}
    dense: dict[str, float] = {}
    keyword: dict[str, float] = {}
    for ranking in rankings:
        for rank, hit in enumerate(ranking, start=1):
            scores[hit.chunk_id] = scores.get(hit.chunk_id, 0.0) + 1.0 / (k + rank)
            first.setdefault(hit.chunk_id, hit)
            if hit.dense is not None:
                dense[hit.chunk_id] = max(hit.dense, dense.get(hit.chunk_id, hit.dense))
            if hit.bm25 is not None:
                keyword[hit.chunk_id] = max(hit.bm25, keyword.get(hit.chunk_id, hit.bm25))
    order = sorted(scores, key=lambda cid: -scores[cid])
    return [
        replace(first[cid], score=scores[cid], dense=dense.get(cid), bm25=keyword.get(cid)) for cid in order
    ]


def _hit(
    chunk_id: str, text: str, meta: Metadata, score: float, dense: float | None, bm25: float | None = None
) -> Hit:
    return Hit(
        chunk_id,
        str(meta.get("paper_id", "")),
        str(meta.get("title", "")),
        text,
        str(meta.get("source", "")),
        score,
        dense,
        meta,
        bm25,
    )
