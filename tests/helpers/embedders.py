"""Embedders for tests: one that makes no model call, and the bundled model's ONNX graph written once.

`HashEmbedder` is the bundled model's Embedder (its name, dimension, tokenizer and token limits, so
chunking, chunk ids and the store's model check are the real ones) whose vectors are hashed words
instead of the network's output: for tests of what is stored, counted, resumed and repaired, where
no ranking depends on meaning. It never imports torch. A test that asserts which paper a question
finds uses the real `embedder` fixture instead.

Example:
    len(HashEmbedder().embed_documents(["otters click"])[0]) -> 384  (a unit vector)
"""

from __future__ import annotations

import os
import re
import shutil
import zlib
from pathlib import Path

from index.embeddings import Embedder

WORD = re.compile(r"\w+")


class HashEmbedder(Embedder):
    """Deterministic unit vectors: each word adds 1 at a dimension picked by its CRC32."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return [_vector(text, self.dimension) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        self.embedded += 1
        return _vector(text, self.dimension)


def _vector(text: str, dimension: int) -> list[float]:
    vector = [0.0] * dimension
    for word in WORD.findall(text.lower()):
        vector[zlib.crc32(word.encode()) % dimension] += 1.0
    norm = sum(x * x for x in vector) ** 0.5
    if not norm:
        vector[0], norm = 1.0, 1.0  # no word at all: still a unit vector
    return [x / norm for x in vector]


def link_graph(graph: Path, models_dir: Path) -> None:
    """Put the ONNX graph (and its weights file) in `models_dir`, as `papers index` would have left
    them there: hard links where the file system allows, else copies."""
    models_dir.mkdir(parents=True, exist_ok=True)
    for path in [graph, *graph.parent.glob(f"{graph.stem}.*.weights")]:
        try:
            os.link(path, models_dir / path.name)
        except OSError:
            shutil.copy2(path, models_dir / path.name)
