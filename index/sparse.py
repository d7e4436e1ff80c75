"""BM25 over the store's chunks: a memory-mapped main index on disk, and a small delta in memory.

The store is the truth; BM25 is derived from its documents and kept in step with its generation
(after a crash, a `papers remove`, another process writing, or another machine in server mode).
- The main index is built from a stream of the store's chunks, a page at a time, into bm25s's own
  file format (term-major score matrix, parameters), plus the chunk ids, the document frequencies
  and the vocabulary as sorted arrays. Memory holds one page and the vocabulary, not the corpus.
  Readers map its arrays with numpy (no bm25s or scipy import on a query's path): the operating
  system pages them in, readers of one folder share them, and a reader holds no per-term or
  per-chunk Python objects (at a million chunks, bm25s's own vocabulary, a dict and a set of a
  million terms, took about 190 MB of each reader).
- When the store moves on, the chunks it gained are indexed in memory (the delta) and scored with
  the main index's statistics; the chunks it lost are masked out of the main one. Only when the
  delta passes a tenth of the main index is the main one rebuilt (merged).
- Texts and metadata are not kept: the few hits of a query are read back from the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.store import Metadata, Store

K1, B = 1.5, 0.75  # bm25s's defaults ("lucene" scoring), which the main index is written for
MERGE_AT = 0.1  # the delta's size, as a share of the main index, at which the main one is rebuilt
PAGE = 5000  # chunks read from the store per page while building
FORMAT = 3  # of a saved main index; a folder of another format is rebuilt, not read
# Each posting's score is stored in half precision (relative error under 0.05%), as impact-score
# indexes quantise theirs (Lucene keeps document lengths in one byte): half the bytes a query reads.
# Scores still add up in float32.
SCORE_DTYPE = "float16"

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "them",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
        "paper",
        "papers",
        "about",
        "any",
        "there",
        "than",
        "into",
        "using",
        "use",
        "used",
    }
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-case, drop stop words, stem.

    Example:
        >>> tokenize("Pruning the Transformers")
        ['prune', 'transform']
    """
    tokens: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        if tok in STOPWORDS:
            continue
        tokens.append(tok)
        if "-" in tok:  # "text-to-video" also counts as its parts
            tokens += [t for t in tok.split("-") if t and t not in STOPWORDS]
    return list(_stemmer().stemWords(tokens))


def doc_tokens(text: str, meta: Metadata) -> list[str]:
    """What BM25 indexes of a chunk: its paper's title, then its text."""
    return tokenize(f"{meta.get('title', '')} {text}")


def write_main(pages: Iterable[tuple[list[str], list[str], list[Metadata]]], folder: Path) -> int:
    """Build a BM25 index of every chunk in `pages` into `folder`, in bounded memory; chunks indexed.

    Pass one streams the pages: each chunk's distinct terms and their counts go to flat files on
    disk (term id, document, count), its length to another, and document frequencies add up.
    Pass two turns the postings into bm25s's term-major score matrix, written through memory maps
    a slice at a time: a term's postings land at its row's start plus how many came before.
    """
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    vocab: dict[str, int] = {}
    df = np.zeros(1024, dtype=np.int64)
    ids: list[str] = []
    lengths: list[int] = []
    nnz = 0
    with (folder / "terms.tmp").open("wb") as terms, (folder / "counts.tmp").open("wb") as counts:
        for page_ids, texts, metas in pages:
            term_ids: list[int] = []
            tfs: list[int] = []
            for text, meta in zip(texts, metas, strict=True):
                tokens = doc_tokens(text, meta)
                lengths.append(len(tokens))
                for token, tf in Counter(tokens).items():
                    term_ids.append(vocab.setdefault(token, len(vocab)))
                    tfs.append(tf)
                term_ids.append(-1)  # end of this document's postings
                tfs.append(0)
            ids += page_ids
            page_terms = np.asarray(term_ids, dtype=np.int32)
            real = page_terms[page_terms >= 0]
            if len(vocab) > len(df):
                df = np.concatenate([df, np.zeros(max(len(vocab), 2 * len(df)) - len(df), dtype=np.int64)])
            df += np.bincount(real, minlength=len(df))
            nnz += len(real)
            page_terms.tofile(terms)
            np.asarray(tfs, dtype=np.int32).tofile(counts)
    df = df[: len(vocab)]
    n_docs = len(ids)
    if n_docs and nnz:
        _write_scores(folder, df, np.asarray(lengths, dtype=np.float32), nnz)
    else:  # nothing to score: empty arrays, and no main index is opened for it
        n_docs = 0
    (folder / "terms.tmp").unlink(missing_ok=True)
    (folder / "counts.tmp").unlink(missing_ok=True)
    np.save(folder / "ids.npy", np.asarray([i.encode() for i in ids], dtype=bytes))  # UTF-8: 1/4 of str's
    np.save(folder / "df.npy", df.astype(np.int32))
    _write_vocab(folder, vocab)
    params = {
        "k1": K1,
        "b": B,
        "delta": 0.5,
        "method": "lucene",
        "idf_method": "lucene",
        "dtype": "float32",
        "int_dtype": "int32",
        "num_docs": n_docs,
        "version": "papers",
        "backend": "numpy",
    }
    (folder / "params.index.json").write_text(json.dumps(params))
    stats = {"docs": n_docs, "avgdl": float(np.mean(lengths)) if n_docs else 0.0, "format": FORMAT}
    (folder / "stats.json").write_text(json.dumps(stats))
    return n_docs


def _write_vocab(folder: Path, vocab: dict[str, int]) -> None:
    """The terms sorted, their UTF-8 bytes end to end (`terms.npy`), where each ends (`ends.npy`) and
    its id (`term_ids.npy`): a reader finds a term by binary search over memory maps."""
    import numpy as np

    terms = sorted(vocab)
    encoded = [t.encode() for t in terms]
    np.save(folder / "terms.npy", np.frombuffer(b"".join(encoded), dtype=np.uint8))
    np.save(folder / "ends.npy", np.cumsum([len(e) for e in encoded], dtype=np.int64))
    np.save(folder / "term_ids.npy", np.asarray([vocab[t] for t in terms], dtype=np.int32))


@dataclass
class _Vocab:
    """A main index's vocabulary, memory-mapped (see `_write_vocab`).

    Usage: _Vocab.open(folder).get("no-such-term") -> None (a term the index holds gets its id)
    """

    terms: Any
    ends: Any
    ids: Any

    @classmethod
    def open(cls, folder: Path) -> _Vocab:
        import numpy as np

        load = [np.load(folder / f"{n}.npy", mmap_mode="r") for n in ("terms", "ends", "term_ids")]
        return cls(*load)

    def __len__(self) -> int:
        return len(self.ids)

    def _at(self, i: int) -> bytes:
        return bytes(self.terms[(int(self.ends[i - 1]) if i else 0) : int(self.ends[i])])

    def get(self, term: str) -> int | None:
        want, lo, hi = term.encode(), 0, len(self.ids)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._at(mid) < want:
                lo = mid + 1
            else:
                hi = mid
        return int(self.ids[lo]) if lo < len(self.ids) and self._at(lo) == want else None


def _write_scores(folder: Path, df: Any, lengths: Any, nnz: int, slice_size: int = 4_000_000) -> None:
    import numpy as np

    n_docs = len(lengths)
    avgdl = float(lengths.mean()) or 1.0
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    indptr = np.zeros(len(df) + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    data = np.lib.format.open_memmap(folder / "data.csc.index.npy", "w+", SCORE_DTYPE, (nnz,))
    indices = np.lib.format.open_memmap(folder / "indices.csc.index.npy", "w+", np.int32, (nnz,))
    filled = np.zeros(len(df), dtype=np.int64)  # postings written per term so far
    terms = np.memmap(folder / "terms.tmp", dtype=np.int32, mode="r")
    counts = np.memmap(folder / "counts.tmp", dtype=np.int32, mode="r")
    doc = 0
    for start in range(0, len(terms), slice_size):
        t = np.asarray(terms[start : start + slice_size])
        tf = np.asarray(counts[start : start + slice_size], dtype=np.float32)
        ends = t < 0
        docs = doc + np.cumsum(ends) - ends  # a posting's document: document ends seen before it
        doc += int(ends.sum())
        keep = ~ends
        t, tf, docs = t[keep], tf[keep], docs[keep]
        norm = K1 * ((1 - B) + B * lengths[docs] / avgdl)
        score = idf[t] * tf / (norm + tf)
        order = np.argsort(t, kind="stable")  # within a term, documents stay in order
        t, score, docs = t[order], score[order], docs[order]
        first = np.searchsorted(t, t, side="left")  # where each term's run starts in this slice
        slot = indptr[t] + filled[t] + (np.arange(len(t)) - first)
        data[slot] = score
        indices[slot] = docs
        filled += np.bincount(t, minlength=len(df))
    data.flush()
    indices.flush()
    del data, indices, terms, counts
    np.save(folder / "indptr.csc.index.npy", indptr)


@dataclass(frozen=True)
class _Scores:
    """The term-major score matrix of a main index (bm25s's CSC layout), memory-mapped.

    Read with numpy alone: importing bm25s (and scipy with it) took about 0.2 s of a cold
    `papers ask`'s first second, for a sum of a few postings and a top-k.
    """

    data: Any  # each posting's BM25 score, float16
    indices: Any  # each posting's document
    indptr: Any  # where each term's postings start

    @classmethod
    def open(cls, folder: Path) -> _Scores:
        import numpy as np

        def load(name: str) -> Any:
            return np.load(folder / f"{name}.csc.index.npy", mmap_mode="r")

        return cls(load("data"), load("indices"), load("indptr"))

    def top(self, terms: list[int], k: int, docs: int, mask: Any = None) -> list[tuple[int, float]]:
        """(document, score) of the k best documents with a positive score, best first; `mask`
        weighs each document (0 leaves it out). A repeated term counts twice.

        A term's postings name each document once, so a plain indexed add is exact; it adds float16
        postings into float32 scores as it goes (bm25s's `np.add.at` has no fast path for that: ten
        times slower at a million chunks).
        """
        import numpy as np

        scores = np.zeros(docs, dtype=np.float32)
        for term in terms:
            start, end = int(self.indptr[term]), int(self.indptr[term + 1])
            scores[self.indices[start:end]] += self.data[start:end]
        if mask is not None:
            scores *= mask
        k = min(k, docs)
        if k <= 0:
            return []
        best = np.argpartition(-scores, k - 1)[:k] if k < docs else np.arange(docs)
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(d), float(scores[d])) for d in best if scores[d] > 0]


@dataclass
class _Main:
    """A main index on disk, memory-mapped."""

    folder: Path
    generation: str
    scores: _Scores | None  # None when no chunk has a term
    ids: Any  # numpy array of chunk ids (UTF-8 bytes), position = document number
    df: Any
    vocab: _Vocab
    docs: int
    avgdl: float
    _order: Any = None

    def chunk_id(self, doc: int) -> str:
        return bytes(self.ids[doc]).decode()

    def chunk_ids(self, docs: Any = None) -> list[str]:
        """The chunk ids of `docs` (a boolean mask or document numbers), of every document by default."""
        return [bytes(i).decode() for i in (self.ids if docs is None else self.ids[docs])]

    def encoded(self, chunk_ids: Iterable[str]) -> Any:
        """`chunk_ids` as this index stores them; those too long to be among them are left out."""
        import numpy as np

        width = self.ids.dtype.itemsize
        fits = [e for e in (c.encode() for c in chunk_ids) if len(e) <= width]
        return np.asarray(fits, dtype=self.ids.dtype)

    def positions(self, chunk_ids: Iterable[str]) -> Any:
        """Document numbers of those `chunk_ids` this index holds."""
        import numpy as np

        if self._order is None:
            self._order = np.argsort(self.ids)
        wanted = self.encoded(chunk_ids)
        if not len(self.ids) or not len(wanted):
            return np.zeros(0, dtype=np.int64)
        at = np.clip(np.searchsorted(self.ids, wanted, sorter=self._order), 0, len(self.ids) - 1)
        found = self._order[at]
        return found[self.ids[found] == wanted]


@dataclass
class _Delta:
    """Chunks the store gained since the main index was built, indexed in memory."""

    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metas: list[Metadata] = field(default_factory=list)
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # term -> (doc, tf)
    lengths: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, ids: list[str], texts: list[str], metas: list[Metadata]) -> _Delta:
        delta = cls(ids, texts, metas)
        for n, (text, meta) in enumerate(zip(texts, metas, strict=True)):
            tokens = doc_tokens(text, meta)
            delta.lengths.append(len(tokens))
            for token, tf in Counter(tokens).items():
                delta.postings.setdefault(token, []).append((n, tf))
        return delta


@dataclass(frozen=True)
class _View:
    """What one search reads: a main index, the delta beside it, and the main chunks now gone.

    Never changed once made: a reader holds one reference while a newer view is swapped in.
    """

    generation: str
    main: _Main | None
    delta: _Delta
    dead: Any = None  # 0/1 weights over the main index's documents, None when none is gone

    @property
    def ids(self) -> list[str]:
        import numpy as np

        kept: list[str] = []
        if self.main is not None:
            kept = self.main.chunk_ids(None if self.dead is None else np.asarray(self.dead) > 0)
        return kept + self.delta.ids


class Sparse:
    """BM25 over every chunk in the store (see the module's notes).

    One rebuild or delta runs at a time in a process; threads that wanted the same generation wait
    for it and share it. Builds go to a folder of their own, renamed into place, so processes
    building at once cannot collide; `current.json` names the newest.
    """

    def __init__(self, store: Store, cache_dir: Path) -> None:
        self.store = store
        where = f"{store.settings.chroma_url}|{store.settings.collection}"
        self.dir = cache_dir / hashlib.sha1(where.encode()).hexdigest()[:10]
        self._view = _View("", None, _Delta())
        self._lock = threading.Lock()
        self._masked: tuple[Any, Any] = (None, None)

    @property
    def ids(self) -> list[str]:
        return self._view.ids

    def ensure(self) -> _View:
        """The view for the store's generation: this process's, one made from a saved main index
        and a delta, or a rebuilt main index."""
        current = self.store.generation
        if self._view.generation == current:
            return self._view
        with self._lock:
            if self._view.generation != current:
                self._view = self._load(current) or self._build(current)
            return self._view

    def search(self, query: str, k: int, filters: Any = None) -> list[tuple[str, str, Metadata, float]]:
        """(id, text, metadata, BM25 score) of the best k chunks with a positive score.

        `filters` (a retrieval.Filters) masks the main index's scores before ranking, so a narrow
        filter still gets its k best chunks, not what is left of the unfiltered top k.
        """
        view = self.ensure()
        tokens = tokenize(query)
        if not tokens or (view.main is None and not view.delta.ids):
            return []
        depth = k * 4 if filters is not None and filters.date else k
        scored: list[tuple[float, str, int]] = []  # (score, "main"|"delta", document)
        main = view.main
        ids = {t: main.vocab.get(t) for t in tokens} if main is not None and main.scores is not None else {}
        known = [i for i in (ids.get(t) for t in tokens) if i is not None]  # a repeated word counts twice
        if main is not None and main.scores is not None and known:
            mask = self._mask(view, filters)
            if mask is None or mask.any():
                scored += [(s, "main", d) for d, s in main.scores.top(known, depth, main.docs, mask)]
        scored += [(s, "delta", d) for d, s in self._delta_scores(view, tokens, ids)]
        scored.sort(key=lambda row: -row[0])
        scored = scored[:depth]
        main_ids = [main.chunk_id(d) for _, where, d in scored if where == "main" and main is not None]
        stored = self.store.chunks_by_id(main_ids) if main_ids else {}
        out: list[tuple[str, str, Metadata, float]] = []
        for score, where, d in scored:
            if where == "delta":
                cid, text, meta = view.delta.ids[d], view.delta.texts[d], view.delta.metas[d]
            else:
                assert view.main is not None
                cid = view.main.chunk_id(d)
                if cid not in stored:  # deleted since this view was made
                    continue
                text, meta = stored[cid]
            if filters is None or filters.allows(meta):
                out.append((cid, text, meta, score))
        return out[:k]

    def _delta_scores(
        self, view: _View, tokens: list[str], terms: dict[str, int | None]
    ) -> list[tuple[int, float]]:
        """BM25 of the delta's chunks with the whole index's statistics (documents, frequencies);
        `terms` are the tokens' ids in the main index."""
        delta = view.delta
        if not delta.ids:
            return []
        main = view.main
        docs = (main.docs if main is not None else 0) + len(delta.ids)
        total_len = (main.avgdl * main.docs if main is not None else 0.0) + sum(delta.lengths)
        avgdl = total_len / docs if docs else 1.0
        scores: dict[int, float] = {}
        for token in tokens:
            postings = delta.postings.get(token)
            if not postings:
                continue
            term = terms.get(token)
            df = len(postings) + (int(main.df[term]) if main is not None and term is not None else 0)
            idf = math.log(1 + (docs - df + 0.5) / (df + 0.5))
            for n, tf in postings:
                norm = K1 * ((1 - B) + B * delta.lengths[n] / avgdl)
                scores[n] = scores.get(n, 0.0) + idf * tf / (norm + tf)
        return [(n, s) for n, s in scores.items() if s > 0]

    def _mask(self, view: _View, filters: Any) -> Any:
        """0/1 weights over the main index: chunks gone from the store, and those filters exclude.

        Filters are asked of the store (its metadata index); the date text is checked on the hits.
        Cached for the last filters and generation.
        """
        import numpy as np

        where = filters.where() if filters is not None else None
        if where is None:
            return view.dead
        key, mask = self._masked
        if key != (filters, view.generation):
            assert view.main is not None
            mask = np.zeros(view.main.docs, dtype=np.float32)
            mask[view.main.positions(self.store.chunk_ids(where))] = 1.0
            if view.dead is not None:
                mask *= view.dead
            self._masked = ((filters, view.generation), mask)  # one reference: readers see a pair
        return mask

    # -- building and loading
    def _build(self, generation: str) -> _View:
        """A new main index from the store's chunks (streamed), saved; no delta."""
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        final = self._folder(generation)
        try:
            write_main(self.store.chunk_pages(PAGE), tmp)
            (tmp / "generation.json").write_text(json.dumps(generation))
            with contextlib.suppress(OSError):  # another process saved this generation first
                tmp.rename(final)
            main = self._open(final, generation) if final.is_dir() else None
            if main is None and tmp.is_dir():  # what is there cannot be read (half pruned): replace it
                shutil.rmtree(final, ignore_errors=True)
                with contextlib.suppress(OSError):
                    tmp.rename(final)
                main = self._open(final, generation)
            if main is not None:
                self._point(final, generation)
                self._prune(keep=final)
                return _View(generation, main, _Delta())
        except OSError:
            pass  # a cache that cannot be saved is built in memory below; the search still runs
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        ids, texts, metas = self.store.all_chunks()
        return _View(generation, None, _Delta.of(ids, texts, metas))

    def _load(self, generation: str) -> _View | None:
        """The newest saved main index, with a delta for what the store changed since; None when
        there is none, or the delta would be too big (then the main index is rebuilt)."""
        import numpy as np

        pointer = self._read_pointer()
        if pointer is None:
            return None
        folder, built_at = pointer
        main = self._main_for(folder, built_at)
        if main is None:
            return None
        if built_at == generation:
            return _View(generation, main, _Delta())
        stored = self.store.chunk_ids()  # the delta's cost: the ids, not the texts
        have = set(main.chunk_ids())
        added = sorted(stored - have)
        gone = len(have) - len(have & stored)
        if len(added) + gone > MERGE_AT * max(main.docs, 1):
            return None  # merge: the main index is rebuilt with everything
        dead = None
        if gone:
            dead = np.isin(main.ids, main.encoded(sorted(have - stored)), invert=True)
            dead = dead.astype(np.float32)
        got = self.store.chunks_by_id(added) if added else {}
        delta = _Delta.of(list(got), [t for t, _ in got.values()], [m for _, m in got.values()])
        return _View(generation, main, delta, dead)

    def _main_for(self, folder: Path, generation: str) -> _Main | None:
        current = self._view.main
        if current is not None and current.folder == folder:
            return current  # this process has it open already
        return self._open(folder, generation)

    def _open(self, folder: Path, generation: str) -> _Main | None:
        import numpy as np

        try:
            stats = json.loads((folder / "stats.json").read_text())
            if stats.get("format") != FORMAT:
                return None  # written by another version: rebuilt
            ids = np.load(folder / "ids.npy", mmap_mode="r")
            df = np.load(folder / "df.npy", mmap_mode="r")
            vocab = _Vocab.open(folder)
            scores = _Scores.open(folder) if stats["docs"] else None
        except Exception:  # noqa: BLE001 - a missing, half-pruned or foreign cache is rebuilt
            return None
        return _Main(folder, generation, scores, ids, df, vocab, int(stats["docs"]), float(stats["avgdl"]))

    def _point(self, folder: Path, generation: str) -> None:
        tmp = self.dir / f".current-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp.write_text(json.dumps({"folder": folder.name, "generation": generation}))
        tmp.replace(self.dir / "current.json")  # readers see the old pointer or the new one

    def _read_pointer(self) -> tuple[Path, str] | None:
        try:
            pointer = json.loads((self.dir / "current.json").read_text())
            return self.dir / str(pointer["folder"]), str(pointer["generation"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _folder(self, generation: str) -> Path:
        return self.dir / hashlib.sha1(f"{FORMAT}|{generation}".encode()).hexdigest()[:16]

    def _prune(self, keep: Path) -> None:
        """Remove older main indexes (a reader that has one mapped keeps its pages until it lets go).

        Builds in progress (`.tmp-*`) stay unless a killed process left them an hour ago.
        """
        for old in self.dir.iterdir():
            if old == keep or old.name == "current.json":
                continue
            if old.name.startswith((".tmp-", ".current-")) and time.time() - old.stat().st_mtime < 3600:
                continue
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)


def pages_of(
    ids: list[str], texts: list[str], metas: list[Metadata]
) -> Iterator[tuple[list[str], list[str], list[Metadata]]]:
    """One page holding everything: `write_main` over chunks already in memory (tests, benchmarks)."""
    yield ids, texts, metas
