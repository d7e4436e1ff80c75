"""The bundled embedding model as an ONNX graph: queries embedded without importing torch.

sentence-transformers needs torch, and importing torch is most of a cold `papers search`. The same
model (all-MiniLM-L6-v2: BERT, mean pooling, unit length) runs through onnxruntime and tokenizers,
which chromadb already installs. The graph is exported once from the bundled weights where torch
is present (`papers index` does it) and kept in the data folder; nothing is downloaded.

The weights sit in a file of their own beside the graph (ONNX external data), which onnxruntime
maps instead of copying: a reader holds about 45 MB of the model privately, not 120 MB, and readers
on one machine share the rest.

Usage: OnnxModel(graph_path(home, model_dir), model_dir).encode(["pruning"]).shape -> (1, 384)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
import warnings
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
OPSET = 17
LAYOUT = "external-weights"  # part of the graph's name: a graph of another layout is exported again


def graph_path(folder: Path, model_dir: Path) -> Path:
    """Where the graph of the model in `model_dir` is kept: named by the weights it came from."""
    weights = model_dir / "model.safetensors"
    stamp = f"{weights.stat().st_size}:{weights.stat().st_mtime_ns}" if weights.is_file() else str(model_dir)
    digest = hashlib.sha256(f"{model_dir.resolve()}|{stamp}|{OPSET}|{LAYOUT}".encode()).hexdigest()[:12]
    return folder / f"{model_dir.name}-{digest}.onnx"


def complete(graph: Path) -> bool:
    """The graph is there, and so are weights for it (an export writes them first)."""
    return graph.is_file() and any(graph.parent.glob(f"{graph.stem}.*.weights"))


def exportable(model_dir: Path) -> bool:
    """A BERT-style sentence-transformers folder with mean pooling: what the graph reproduces."""
    modules = _json(model_dir / "modules.json")
    pooling = _json(model_dir / "1_Pooling" / "config.json")
    kinds = [str(m.get("type", "")) for m in modules] if isinstance(modules, list) else []
    return (
        (model_dir / "tokenizer.json").is_file()
        and bool(pooling.get("pooling_mode_mean_tokens"))
        and any(k.endswith("Transformer") for k in kinds)
        and all(k.endswith(("Transformer", "Pooling", "Normalize")) for k in kinds)
    )


def export(model_dir: Path, out: Path) -> Path:
    """Write the transformer of `model_dir` as an ONNX graph to `out`, its weights beside it (needs
    torch and onnx)."""
    import onnx
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bar in the CLI's output
    base = AutoModel.from_pretrained(str(model_dir)).eval()

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = base

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.base(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(f".{os.getpid()}.partial")
    sample = torch.ones((1, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on opset details, not the user's concern
        torch.onnx.export(
            Encoder(),
            (sample, sample, torch.zeros_like(sample)),
            str(partial),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={name: axes for name in [*names, "last_hidden_state"]},
            opset_version=OPSET,
            dynamo=False,
        )
    # the weights to a file named for this export, then the graph that names it: a reader opens the
    # weights only through a whole graph, and two exports at once write files of their own
    weights = f"{out.stem}.{os.getpid()}-{uuid.uuid4().hex[:8]}.weights"
    graph = onnx.load(str(partial))
    onnx.save_model(graph, str(partial), save_as_external_data=True, location=weights, size_threshold=1024)
    shutil.copymode(partial, out.parent / weights)  # onnx writes it 0600: readable as the graph is
    partial.replace(out)  # readers never see half a graph
    _prune(out, weights)
    return out


def _prune(graph: Path, weights: str) -> None:
    """Remove this model's other graphs and weights in the folder: older layouts or weights, and
    the weights of an export that lost a race (a reader that has them open keeps them until it closes)."""
    keep = {graph.name, weights}
    prefix = graph.name.rsplit("-", 1)[0] + "-"  # the model's name, then the digest
    for other in graph.parent.glob(f"{prefix}*"):
        if other.name in keep or other.suffix not in (".onnx", ".weights"):
            continue
        with contextlib.suppress(OSError):
            if other.suffix == ".onnx" or time.time() - other.stat().st_mtime > 600:  # not an export's
                other.unlink()  # weights that its graph, not yet in place, will name


class OnnxModel:
    """Tokenize, run the graph, mean-pool over real tokens, normalise: sentence-transformers' vectors."""

    def __init__(self, graph: Path, model_dir: Path, max_length: int = 256, threads: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id("[PAD]") or 0)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or (os.cpu_count() or 1)
        options.log_severity_level = 3  # warnings about the graph's shape hints are not ours to fix
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str], batch_size: int = 32) -> Any:
        """Unit vectors, one row per text (a numpy array). Batches hold texts of similar length."""
        import numpy as np

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # little padding per batch
        rows: list[Any] = [None] * len(texts)
        for start in range(0, len(order), batch_size):
            picked = order[start : start + batch_size]
            encoded = self.tokenizer.encode_batch([texts[i] for i in picked])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            for i, row in zip(picked, pooled, strict=True):
                rows[i] = row
        return np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)


def _json(path: Path) -> Any:
    return json.loads(path.read_text()) if path.is_file() else {}
