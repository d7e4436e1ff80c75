"""Train the verifier's entailment model on the hand-written dev claims.

    python -m eval.entailment_training             # the shipped graph
    python -m eval.entailment_training --folds 3   # out-of-paper probabilities, for tuning

Each dev claim of eval/claims_realistic.jsonl is paired with the sentences the verifier matches it
to in its paper (Verdict.context: what the model reads at check time) and labelled true or false.
all-MiniLM-L6-v2, the bundled embedding model, gets a one-logit head; its embeddings and first
three layers stay frozen (a small data set), the top three and the head are trained for three
epochs. The model is exported to ONNX and quantized to int8 (about 23 MB) into
assistant/models/entailment.onnx, which ships with the package.

Each true claim is also paired with the premise of another claim of its paper, labelled false:
without these, the model learns which claims look true from the claim alone (the writers' style;
with an empty premise its out-of-paper AUC was 0.76 against 0.82 with the premise) and hardly reads
the premise.

`--folds 3` trains on two thirds of the dev papers and predicts the rest, three times: those
out-of-paper probabilities are what the verifier's thresholds are tuned on
(benchmarks/tune_entailment.py). The test papers are never read. Needs torch (a dependency); about
ten minutes a model on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from assistant.entailment import MAX_TOKENS, graph_file
from assistant.verifier import Rules, Verifier
from eval import claimset
from index.embeddings import Embedder, default_model_path

EPOCHS = 3
FROZEN = 3  # layers below the trained ones
RATE = 8e-5
BATCH = 16
SEED = 0


Row = tuple[str, str, bool, str]  # premise, claim, whether the premise states it, paper


def pairs(claims: list[claimset.Claim]) -> list[Row]:
    """(premise, claim, true, paper) for each claim: the premise is what the verifier matched it to."""
    corpus = {p.paper_id: p for p in claimset.papers()}
    ids = sorted({c.paper_id for c in claims})
    verifier = Verifier(Embedder(), Rules(entail_rescue=2.0))
    passages = dict(
        zip(ids, verifier.passages([(corpus[i].text, corpus[i].title) for i in ids]), strict=True)
    )
    vectors = verifier.embed([c.claim for c in claims])
    out = []
    for c, v in zip(claims, vectors, strict=True):
        verdict = verifier.judge(c.claim, v, passages[c.paper_id], "[1]")
        out.append((verdict.context or verdict.evidence, c.claim, c.true, c.paper_id))
    return out


def elsewhere(rows: list[Row]) -> list[Row]:
    """Each true claim beside the premise of another claim of its paper that shares no sentence with its
    own, labelled false: a true claim is stated by its sentences, not by any of its paper's. Without
    these the model learns which claims look true (the writers' style) and hardly reads the premise."""
    rng = random.Random(SEED)
    by_paper: dict[str, list[str]] = {}
    for premise, _, _, paper in rows:
        by_paper.setdefault(paper, []).append(premise)
    out = []
    for premise, claim, true, paper in rows:
        others = [o for o in dict.fromkeys(by_paper[paper]) if o not in premise and premise not in o]
        if true and others:
            out.append((rng.choice(others), claim, False, paper))
    return out


def train(rows: list[Row], log: Any = print, epochs: int = EPOCHS) -> Any:
    """A cross-encoder trained on `rows` (a torch module)."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    path = str(default_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=1)
    for p in model.bert.embeddings.parameters():
        p.requires_grad = False
    for layer in model.bert.encoder.layer[:FROZEN]:
        for p in layer.parameters():
            p.requires_grad = False
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=RATE, weight_decay=0.01)
    steps = epochs * ((len(rows) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps)
    )
    rows = sorted(rows, key=lambda r: len(r[0]) + len(r[1]))  # batches of like length: little padding
    batches = [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]
    model.train()
    for epoch in range(epochs):
        rng.shuffle(batches)
        began, total = time.perf_counter(), 0.0
        for n, batch in enumerate(batches):
            start = n * BATCH
            x = tokenizer([r[0] for r in batch], [r[1] for r in batch], truncation=True,
                          max_length=MAX_TOKENS, padding=True, return_tensors="pt")  # fmt: skip
            y = torch.tensor([float(r[2]) for r in batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(**x).logits.squeeze(-1), y)
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            total += loss.item() * len(batch)
            if (start // BATCH) % 40 == 0:
                log(f"  epoch {epoch + 1}/{epochs}: {start}/{len(rows)} pairs")
        log(f"  epoch {epoch + 1}: loss {total / len(rows):.3f} ({time.perf_counter() - began:.0f} s)")
    model.eval()
    model.tokenizer_ = tokenizer
    return model


def predict(model: Any, rows: list[Row]) -> list[float]:
    import torch

    out: list[float] = []
    with torch.no_grad():
        for start in range(0, len(rows), 64):
            batch = rows[start : start + 64]
            x = model.tokenizer_([r[0] for r in batch], [r[1] for r in batch], truncation=True,
                                 max_length=MAX_TOKENS, padding=True, return_tensors="pt")  # fmt: skip
            out += torch.sigmoid(model(**x).logits.squeeze(-1)).tolist()
    return out


def export(model: Any, out: Path) -> Path:
    """The model as an int8 ONNX graph at `out` (inputs input_ids, attention_mask, token_type_ids)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.parent.mkdir(parents=True, exist_ok=True)
    full = out.with_suffix(".fp32.onnx")
    sample = torch.ones((1, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    names = ["input_ids", "attention_mask", "token_type_ids"]

    class Head(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).logits

    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Head(),
            (sample, sample, torch.zeros_like(sample)),
            str(full),
            input_names=names,
            output_names=["logits"],
            dynamic_axes={**{n: axes for n in names}, "logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(str(full), str(out), weight_type=QuantType.QInt8)
    full.unlink()
    return out


def folds(rows: list[Row], k: int, log: Any = print) -> tuple[list[float], list[float]]:
    """Out-of-paper probabilities: each k-th of the papers predicted by a model trained on the rest;
    and the same with an empty premise (what the model makes of the claim alone)."""
    papers = sorted({r[3] for r in rows})
    random.Random(SEED).shuffle(papers)
    fold_of = {p: i % k for i, p in enumerate(papers)}
    out, alone = [0.0] * len(rows), [0.0] * len(rows)
    for f in range(k):
        log(f"fold {f + 1}/{k}")
        held = [i for i, r in enumerate(rows) if fold_of[r[3]] == f]
        kept = [r for r in rows if fold_of[r[3]] != f]
        model = train(kept + elsewhere(kept), log)
        for i, p in zip(held, predict(model, [rows[i] for i in held]), strict=True):
            out[i] = p
        for i, p in zip(held, predict(model, [("", *rows[i][1:]) for i in held]), strict=True):
            alone[i] = p
    return out, alone


def auc(labels: list[bool], scores: list[float]) -> float:
    """Area under the ROC curve: the chance a true claim outscores a false one (ties count half).

    Example:
        >>> auc([True, False, True], [0.9, 0.2, 0.5])
        1.0
    """
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / max(1, len(pos) * len(neg))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m eval.entailment_training", description=__doc__.split("\n")[0]
    )
    ap.add_argument(
        "--claims", type=Path, default=Path(claimset.__file__).with_name("claims_realistic.jsonl")
    )
    ap.add_argument("--out", type=Path, default=graph_file(), help="where the int8 graph goes")
    ap.add_argument("--folds", type=int, default=0, help="k: out-of-paper predictions instead of a model")
    ap.add_argument("--oof", type=Path, default=Path("benchmarks/reports/entailment/oof.json"))
    a = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    dev = [c for c in claimset.realistic(a.claims) if c.split == "dev"]
    print(f"{len(dev)} dev claims: matching each to its paper's sentences", flush=True)
    rows = pairs(dev)
    if a.folds:
        probs, alone = folds(rows, a.folds)
        labels = [c.true for c in dev]
        a.oof.parent.mkdir(parents=True, exist_ok=True)
        a.oof.write_text(json.dumps({c.id: round(p, 4) for c, p in zip(dev, probs, strict=True)}, indent=0))
        summary = {"folds": a.folds, "claims": len(dev), "auc": round(auc(labels, probs), 4),
                   "auc_empty_premise": round(auc(labels, alone), 4)}  # fmt: skip
        a.oof.with_name("folds.json").write_text(json.dumps(summary, indent=1))
        print(f"out-of-paper probabilities: {a.oof}; {summary}")
        return 0
    model = train(rows + elsewhere(rows))
    print(f"wrote {export(model, a.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
