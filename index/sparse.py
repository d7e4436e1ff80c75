"""BM25 (bm25s) over the store's chunks, rebuilt whenever the store's generation moves.

The store is the truth: the BM25 side is a cache derived from its documents, saved on disk
with the generation it was built from. That keeps it in step after a crash, a `papers remove`,
or another process writing (server mode: every reader rebuilds from the server's documents).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
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


class Sparse:
    """A BM25 index over every chunk in the store."""

    def __init__(self, store: Store, cache_dir: Path) -> None:
        self.store = store
        where = f"{store.settings.chroma_url}|{store.settings.collection}"
        self.dir = cache_dir / hashlib.sha1(where.encode()).hexdigest()[:10]
        self.generation = ""
        self.ids: list[str] = []
        self.texts: list[str] = []
        self.metas: list[Metadata] = []
        self.bm25: Any = None
        self._masked: tuple[Any, Any] = (None, None)

    def ensure(self) -> None:
        """Load the saved index if it matches the store's generation, else rebuild and save it."""
        current = self.store.generation
        if current == self.generation:
            return
        if not self._load(current):
            self._build(current)

    def search(self, query: str, k: int, filters: Any = None) -> list[tuple[str, str, Metadata, float]]:
        """(id, text, metadata, BM25 score) of the best k chunks with a positive score.

        `filters` (a retrieval.Filters) masks the scores before ranking, so a narrow filter still
        gets its k best chunks, not what is left of the unfiltered top k.
        """
        self.ensure()
        tokens = tokenize(query)
        if not self.ids or not tokens:
            return []
        mask = self._mask(filters) if filters is not None else None
        docs, scores = self.bm25.retrieve(
            [tokens], k=min(k, len(self.ids)), show_progress=False, n_threads=1, weight_mask=mask
        )
        return [
            (self.ids[d], self.texts[d], self.metas[d], float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]

    def _mask(self, filters: Any) -> Any:
        """1.0 for chunks the filters allow, else 0.0; cached for the last filters and generation."""
        import numpy as np

        key = (filters, self.generation)
        if self._masked[0] != key:
            self._masked = (key, np.fromiter((filters.allows(m) for m in self.metas), float, len(self.metas)))
        return self._masked[1]

    def _build(self, generation: str) -> None:
        import bm25s

        self.ids, self.texts, self.metas = self.store.all_chunks()
        corpus = [tokenize(f"{m.get('title', '')} {t}") for t, m in zip(self.texts, self.metas, strict=True)]
        self.bm25 = bm25s.BM25()
        if corpus:
            self.bm25.index(corpus, show_progress=False)
            tmp = self.dir.with_suffix(".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            self.bm25.save(str(tmp), show_progress=False)
            (tmp / "chunks.json").write_text(json.dumps([self.ids, self.texts, self.metas]))
            (tmp / "generation.json").write_text(json.dumps(generation))
            shutil.rmtree(self.dir, ignore_errors=True)
            tmp.rename(self.dir)  # readers see the old cache or the new one, never half of one
        self.generation = generation

    def _load(self, generation: str) -> bool:
        import bm25s

        try:
            if json.loads((self.dir / "generation.json").read_text()) != generation:
                return False
            self.ids, self.texts, self.metas = json.loads((self.dir / "chunks.json").read_text())
            self.bm25 = bm25s.BM25.load(str(self.dir), show_progress=False)
        except (OSError, ValueError):
            return False
        self.generation = generation
        return True
