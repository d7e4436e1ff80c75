"""BM25 (bm25s) over the store's chunks, rebuilt whenever the store's generation moves.

The store is the truth: the BM25 side is a cache derived from its documents, saved on disk
with the generation it was built from. That keeps it in step after a crash, a `papers remove`,
or another process writing (server mode: every reader rebuilds from the server's documents).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.store import Metadata, Store

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

    Example: tokenize("Pruning the Transformers") -> ["prune", "transform"]
    """
    tokens: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        if tok in STOPWORDS:
            continue
        tokens.append(tok)
        if "-" in tok:  # "text-to-video" also counts as its parts
            tokens += [t for t in tok.split("-") if t and t not in STOPWORDS]
    return list(_stemmer().stemWords(tokens))


@dataclass(frozen=True)
class _Built:
    """One BM25 index and the chunks it was built from, for one store generation. Never changed."""

    generation: str
    ids: list[str]
    texts: list[str]
    metas: list[Metadata]
    bm25: Any = None


class Sparse:
    """A BM25 index over every chunk in the store.

    Readers take one reference to a finished `_Built` and use only it, so a rebuild after a write
    (built aside, then swapped in) never shows them half an index. One rebuild runs at a time in
    a process; threads that wanted the same generation wait for it and share it.
    """

    def __init__(self, store: Store, cache_dir: Path) -> None:
        self.store = store
        where = f"{store.settings.chroma_url}|{store.settings.collection}"
        self.dir = cache_dir / hashlib.sha1(where.encode()).hexdigest()[:10]
        self._built = _Built("", [], [], [])
        self._lock = threading.Lock()
        self._masked: tuple[Any, Any] = (None, None)

    @property
    def ids(self) -> list[str]:
        return self._built.ids

    def ensure(self) -> _Built:
        """The index for the store's generation: this process's, the saved one, or a new build."""
        current = self.store.generation
        if self._built.generation == current:
            return self._built
        with self._lock:
            if self._built.generation != current:
                self._built = self._load(current) or self._build(current)
            return self._built

    def search(self, query: str, k: int, filters: Any = None) -> list[tuple[str, str, Metadata, float]]:
        """(id, text, metadata, BM25 score) of the best k chunks with a positive score.

        `filters` (a retrieval.Filters) masks the scores before ranking, so a narrow filter still
        gets its k best chunks, not what is left of the unfiltered top k.
        """
        built = self.ensure()
        tokens = tokenize(query)
        if not built.ids or not tokens:
            return []
        mask = self._mask(built, filters) if filters is not None else None
        docs, scores = built.bm25.retrieve(
            [tokens], k=min(k, len(built.ids)), show_progress=False, n_threads=1, weight_mask=mask
        )
        return [
            (built.ids[d], built.texts[d], built.metas[d], float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]

    def _mask(self, built: _Built, filters: Any) -> Any:
        """1.0 for chunks the filters allow, else 0.0; cached for the last filters and generation."""
        import numpy as np

        key, mask = self._masked
        if key != (filters, built.generation):
            mask = np.fromiter((filters.allows(m) for m in built.metas), float, len(built.metas))
            self._masked = ((filters, built.generation), mask)  # one reference: readers see a pair
        return mask

    def _folder(self, generation: str) -> Path:
        return self.dir / hashlib.sha1(generation.encode()).hexdigest()[:16]

    def _build(self, generation: str) -> _Built:
        import bm25s

        ids, texts, metas = self.store.all_chunks()
        corpus = [tokenize(f"{m.get('title', '')} {t}") for t, m in zip(texts, metas, strict=True)]
        if not corpus:
            return _Built(generation, [], [], [])
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        # saved under a name of this build's own, then renamed into place: another process
        # building the same generation at the same time cannot collide with it
        tmp = self.dir / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            bm25.save(str(tmp), show_progress=False)
            (tmp / "chunks.json").write_text(json.dumps([ids, texts, metas]))
            (tmp / "generation.json").write_text(json.dumps(generation))
            final = self._folder(generation)
            with contextlib.suppress(OSError):  # another process saved this generation first
                tmp.rename(final)
            self._prune(keep=final)
        except OSError:
            pass  # a cache that cannot be saved is rebuilt next time; the search still runs
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return _Built(generation, ids, texts, metas, bm25)

    def _prune(self, keep: Path) -> None:
        """Remove saved indexes of older generations (a reader that loses one rebuilds).

        Files of the old one-folder layout go too; builds in progress (`.tmp-*`) stay unless a
        killed process left them an hour ago.
        """
        for old in self.dir.iterdir():
            if old == keep or (old.name.startswith(".tmp-") and time.time() - old.stat().st_mtime < 3600):
                continue
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)

    def _load(self, generation: str) -> _Built | None:
        import bm25s

        folder = self._folder(generation)
        try:
            if json.loads((folder / "generation.json").read_text()) != generation:
                return None
            ids, texts, metas = json.loads((folder / "chunks.json").read_text())
            bm25 = bm25s.BM25.load(str(folder), show_progress=False)
        except Exception:  # noqa: BLE001 - a missing, half-pruned or foreign cache is rebuilt
            return None
        return _Built(generation, ids, texts, metas, bm25)
