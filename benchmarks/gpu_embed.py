"""Is bulk indexing bound by the embedder or by the store? Two measurements, one figure each.

  python -m benchmarks.gpu_embed embed [--device cuda]  # MiniLM-shaped encoder: chunks/s
  python -m benchmarks.gpu_embed store                   # Chroma upserts of 384-d vectors: chunks/s

`embed` runs a randomly initialised BertModel of all-MiniLM-L6-v2's shape (6 layers, 384 hidden,
12 heads) with mean pooling on 128-token inputs: the same compute as the real model, without its
weights (which do not travel to the GPU machine). `store` writes random unit vectors with a
250-word document each into a fresh embedded Chroma store, in the indexer's batch size.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time


def embed(device: str, seconds: float = 10.0) -> dict[str, float]:
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12, intermediate_size=1536
    )
    model = BertModel(config).to(device).eval()  # type: ignore[arg-type]
    if device == "cuda":
        model = model.half()
    out: dict[str, float] = {}
    for batch in (64, 256, 1024) if device == "cuda" else (64,):
        ids = torch.randint(1000, 30000, (batch, 128), device=device)
        mask = torch.ones_like(ids)
        with torch.inference_mode():
            model(input_ids=ids, attention_mask=mask)  # warm-up
            if device == "cuda":
                torch.cuda.synchronize()
            n, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds:
                hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
                (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
                n += batch
            if device == "cuda":
                torch.cuda.synchronize()
        out[f"batch_{batch}"] = n / (time.perf_counter() - start)
    return out


def store(total: int = 20000, batch: int = 256) -> dict[str, float]:
    import chromadb
    import numpy as np
    from chromadb.config import Settings

    client = chromadb.PersistentClient(path=tempfile.mkdtemp(), settings=Settings(anonymized_telemetry=False))
    cosine: dict = {"hnsw": {"space": "cosine"}}
    coll = client.create_collection("bench", configuration=cosine, embedding_function=None)  # type: ignore[arg-type]
    rng = np.random.default_rng(0)
    doc = " ".join(["token"] * 250)
    start = time.perf_counter()
    for i in range(0, total, batch):
        vecs = rng.standard_normal((batch, 384)).astype("float32")
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        ids = [f"c{j}" for j in range(i, i + batch)]
        coll.upsert(ids=ids, embeddings=vecs, documents=[doc] * batch, metadatas=[{"paper_id": "p"}] * batch)
    return {"chunks_per_s": total / (time.perf_counter() - start), "chunks": total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["embed", "store"])
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args(argv)
    result = embed(args.device) if args.part == "embed" else store()
    print(json.dumps({"part": args.part, "device": args.device, **result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
