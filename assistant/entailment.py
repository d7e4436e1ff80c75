"""Does a passage state a claim? A small cross-encoder that reads both, shipped with the package.

The rules of the verifier read numbers, names and relations; what they cannot read is whether a claim
in other words than the source's says what the source says. A word-overlap and cosine gate answered
that, and true paraphrases sit at cosine 0.5-0.7, where false claims sit too. This model reads the
claim and its source sentences together: all-MiniLM-L6-v2 (the bundled embedding model) with its top
three layers and a one-logit head trained on the hand-written dev claims (`python -m
eval.entailment_training`), exported as an int8 ONNX graph. It runs on onnxruntime and tokenizers;
torch is not imported, nothing is downloaded.

Usage: Entailment.shared().probability(source_sentences, claim) -> a probability in [0, 1]
"""

from __future__ import annotations

import os
import threading
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from index.embeddings import default_model_path
from index.errors import PapersError

MAX_TOKENS = 192  # premise and claim together, as in training


def graph_file() -> Path:
    """The shipped graph, inside the installed package."""
    return Path(str(resources.files("assistant"))) / "models" / "entailment.onnx"


class Entailment:
    """P(the premise states the claim), from the shipped graph; one session per process."""

    _shared: ClassVar[Entailment | None] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, graph: Path | None = None, threads: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        graph = graph or graph_file()
        if not graph.is_file():
            raise PapersError(
                f"The entailment model is missing ({graph}): reinstall papers, or rebuild it with "
                "python -m eval.entailment_training"
            )
        self.tokenizer = Tokenizer.from_file(str(default_model_path() / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS, strategy="longest_first")
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id("[PAD]") or 0)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])

    @classmethod
    def shared(cls) -> Entailment:
        """The process's one model, loaded on first use."""
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def probabilities(self, pairs: list[tuple[str, str]]) -> list[float]:
        """P(entailed) of each (premise, claim) pair, each run alone: the int8 graph scales its
        activations by the whole batch, so a pair batched with others would score differently."""
        out = []
        for premise, claim in pairs:
            e = self.tokenizer.encode(premise, claim)
            feeds: dict[str, Any] = {
                "input_ids": np.array([e.ids], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids], dtype=np.int64),
            }
            logit = float(self.session.run(None, feeds)[0].reshape(-1)[0])
            out.append(float(1.0 / (1.0 + np.exp(-logit))))
        return out

    def probability(self, premise: str, claim: str) -> float:
        """P(`premise` states `claim`).

        Example:
        >>> p = Entailment.shared().probability("LLaVA-Med trains in 15 hours.", "It trains in 15 hours.")
        >>> 0.0 <= p <= 1.0
        True
        """
        return self.probabilities([(premise, claim)])[0]
