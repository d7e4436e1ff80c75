"""An index built with one embedding model is refused by another, with a message that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.embeddings import DEFAULT_NAME, Embedder, default_model_path
from index.errors import ModelMismatch
from index.library import Library
from index.settings import Settings
from ui import cli, commands


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialised 32-d BERT with MiniLM's tokenizer, saved as a sentence-transformers folder."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import AutoTokenizer, BertConfig, BertModel

    root = tmp_path_factory.mktemp("tiny")
    tokenizer = AutoTokenizer.from_pretrained(str(default_model_path()))
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    BertModel(config).save_pretrained(root / "hf")
    tokenizer.save_pretrained(root / "hf")
    transformer = Transformer(str(root / "hf"), max_seq_length=128)
    model = SentenceTransformer(modules=[transformer, Pooling(32, "mean")], device="cpu")
    model.save(str(root / "st"))
    return root / "st"


@pytest.fixture
def paper_file(tmp_path: Path) -> Path:
    path = tmp_path / "kites.txt"
    path.write_text(
        "Flying Kites\nA kite rises when wind pushes on its tilted face. Longer tails keep it steady.\n"
    )
    return path


def test_tiny_model_reports_its_own_shape(tiny_model: Path) -> None:
    tiny = Embedder(str(tiny_model), device="cpu")
    assert (tiny.dimension, tiny.max_tokens) == (32, 126)
    assert len(tiny.embed_query("hello")) == 32


def test_another_model_is_refused_and_rebuild_fixes_it(
    tiny_model: Path,
    paper_file: Path,
    settings: Settings,
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tiny_settings = settings.model_copy(update={"embedding_model": str(tiny_model), "device": "cpu"})
    built = Library(tiny_settings).index([paper_file])
    assert (built.papers, built.errors) == (1, [])
    assert Library(tiny_settings).search("wind", k=1)[0].title == "Flying Kites"

    default = Library(settings, embedder)
    with pytest.raises(ModelMismatch) as info:
        default.search("wind")
    message = str(info.value)
    assert f"built with {tiny_model} (32-d vectors)" in message
    assert f"{DEFAULT_NAME} (384-d)" in message
    assert f"PAPERS_EMBEDDING_MODEL={tiny_model}" in message and "`papers index --rebuild`" in message
    with pytest.raises(ModelMismatch):
        Library(settings, embedder).index([paper_file])  # no silent mixing of vectors

    # the CLI says it in one line, then following the advice works
    monkeypatch.setenv("PAPERS_HOME", str(settings.home))
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))
    assert cli.main(["search", "wind"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("papers: The index was built with ") and err.count("\n") == 1
    assert cli.main(["index", "--rebuild", str(paper_file)]) == 0
    assert "indexed 1 paper," in capsys.readouterr().out
    lib = Library(settings, embedder)
    assert lib.stats()["model"] == DEFAULT_NAME
    assert lib.search("what keeps a kite steady", k=1)[0].title == "Flying Kites"

    # the other way round: the message names the default model, and setting that name works
    with pytest.raises(ModelMismatch, match=f"PAPERS_EMBEDDING_MODEL={DEFAULT_NAME} to use it"):
        Library(tiny_settings).search("wind")
    named = settings.model_copy(update={"embedding_model": DEFAULT_NAME})
    assert Library(named, Embedder(DEFAULT_NAME)).search("kite", k=1)[0].title == "Flying Kites"
