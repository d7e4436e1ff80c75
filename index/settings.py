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
    home: Path = Field(
        default_factory=lambda: Path(user_data_dir("papers", appauthor=False)),
        description="where the index, BM25 cache, models and uploads live",
        json_schema_extra={"shown": "per-user data folder"},
    )
    chroma_url: str | None = Field(
        default=None, description="a Chroma server (`http://host:8000`) instead of the embedded store"
    )
    chroma_token: str | None = Field(
        default=None, description="bearer token for a shared Chroma server (checked by its proxy)"
    )
    writer_lease: float = Field(
        default=60.0, description="seconds a dead writer keeps a shared server's index locked"
    )
    collection: str = Field(default="papers", description="the Chroma collection (and BM25 index) name")

    # embeddings and chunks
    embedding_model: str = Field(
        default="",
        description="any sentence-transformers model name or path",
        json_schema_extra={"shown": "bundled all-MiniLM-L6-v2"},
    )
    device: str = Field(default="auto", description="`auto`, `cpu`, `cuda` or `mps` for embeddings")
    embed_batch_size: int = Field(
        default=0,
        description="texts per embedding call; 0: 64 on a CPU, 256 on a GPU",
        json_schema_extra={"shown": "auto"},
    )
    embed_engine: Literal["auto", "onnx", "torch"] = Field(
        default="auto",
        description="`auto`: the bundled model through its ONNX graph (written by `papers index`), else "
        "sentence-transformers; `torch`: always sentence-transformers; `onnx`: the graph or an error",
    )
    chunk_tokens: int = Field(default=200, description="word pieces per chunk (MiniLM truncates at 256)")
    chunk_overlap: int = Field(default=1, description="sentences repeated between neighbouring chunks")
    add_batch_size: int = Field(default=256, description="chunks per store write")
    file_batch: int = Field(
        default=64, description="files read, chunked and written together by `papers index FOLDER`"
    )
    import_batch: int = Field(default=512, description="papers per batch of a bulk (JSON Lines) import")

    # retrieval
    mode: Mode = Field(default="hybrid", description="`hybrid`, `dense` or `bm25` retrieval")
    k: int = Field(default=5, description="sources per answer (1-10)")
    candidates: int = Field(default=50, description="chunks fetched from each retriever before fusion")
    ef_search: int = Field(
        default=3200,
        ge=10,
        le=5000,
        description="HNSW candidates a dense search looks at (Chroma's default: 100); set by `papers index`, "
        "no re-embedding; tuned on dev (`benchmarks/reports/hnsw/`)",
    )
    fusion: Literal["blend", "rrf"] = Field(
        default="blend",
        description="hybrid fusion: `blend` (normalised scores) or `rrf` (reciprocal rank fusion)",
    )
    dense_weight: float = Field(
        default=0.2, description="the blend's dense weight; tuned on dev (`benchmarks/reports/fusion/`)"
    )
    rrf_k: int = Field(default=60, description="the `rrf` fusion's constant")
    per_paper: int = Field(default=2, description="at most this many chunks of one paper among the sources")
    evidence_reserve: int = Field(
        default=2,
        description="more chunks of the sources' papers the quotes may come from; tuned on dev "
        "(`benchmarks/reports/evidence/`)",
    )
    min_relevance: float = Field(
        default=0.46,
        description="decline below this best dense cosine and `min_keyword_score` both; tuned on dev "
        "(`benchmarks/reports/abstention/`)",
    )
    min_keyword_score: float = Field(
        default=0.85, description="decline below this best BM25 score per query term and `min_relevance` both"
    )

    # language models
    backend: Backend = Field(
        default="auto", description="`auto` (Ollama when it answers, else embedded), `ollama` or `embedded`"
    )
    ollama_url: str = Field(default="http://127.0.0.1:11434", description="the Ollama server")
    ollama_model: str = Field(default="qwen2.5:3b", description="the Ollama model")
    gguf_path: str = Field(
        default="",
        description="any GGUF for the embedded backend",
        json_schema_extra={"shown": "bundled SmolLM2-135M"},
    )
    gguf_dirs: str = Field(
        default="",
        description="folders (`:`-separated) the web app and API may load a GGUF from (the CLI: any path)",
        json_schema_extra={"shown": "bundled model's folder, `PAPERS_HOME/models`"},
    )
    num_ctx: int = Field(default=4096, description="context window given to the model")
    prompt_sources: Literal["auto", "evidence", "chunks"] = Field(
        default="auto",
        description="what the model reads: `evidence` (the quoted sentences and their neighbours), "
        "`chunks` (every packed source); `auto`: evidence for the embedded model, chunks for Ollama",
    )
    max_tokens: int = Field(default=384, description="longest answer the model writes, in tokens")
    temperature: float = Field(default=0.1, description="sampling temperature of the model")
    connect_timeout: float = Field(
        default=3.0, description="seconds to wait for Ollama to accept a connection"
    )
    read_timeout: float = Field(default=120.0, description="seconds to wait for Ollama's next token")

    # chat app
    host: str = Field(default="127.0.0.1", description="address the chat serves on")
    port: int = Field(default=7860, description="port the chat serves on")
    max_upload_mb: int = Field(
        default=50, description="largest upload, and file an uploaded library names; checked before reading"
    )
    max_file_mb: int = Field(
        default=50, description="largest file `papers index` reads; checked before reading"
    )

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


def table() -> str:
    """The settings as a Markdown table, from the fields' own descriptions (the README's, via cog).

    Example:
        >>> table().splitlines()[2].startswith("| `PAPERS_HOME` | per-user data folder |")
        True
    """
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        default = extra.get("shown") or ("unset" if field.default is None else f"`{field.default}`")
        rows.append(f"| `PAPERS_{name.upper()}` | {default} | {field.description} |")
    return "\n".join(rows)
