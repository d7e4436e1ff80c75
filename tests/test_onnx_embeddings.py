"""The ONNX graph of the bundled model gives sentence-transformers' vectors, without importing torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from eval.questions import read_questions
from index.chunking import Chunk, split_sentences
from index.corpus import bundled_papers
from index.embeddings import Embedder
from index.library import Library

pytestmark = pytest.mark.slow  # hundreds of texts through both engines
QUESTIONS = Path(__file__).parents[1] / "eval" / "questions.jsonl"


@pytest.fixture(scope="module")
def onnx(onnx_graph: Path) -> Embedder:
    """The graph `prepare` wrote for this session (conftest's onnx_graph), run by onnxruntime."""
    embedder = Embedder(graph_dir=onnx_graph.parent, engine="onnx")
    assert embedder.graph == onnx_graph and embedder.prepare() == onnx_graph
    return embedder


def test_sentences_of_every_length_get_the_same_vectors(onnx: Embedder, embedder: Embedder) -> None:
    """Every fourth of the corpus's sentences by length, and the longest: one word to 112 word pieces,
    batched with padding (whole chunks, 200 word pieces and a title, are compared in the next test)."""
    ordered = sorted({s for p in bundled_papers() for s in split_sentences(p.text)}, key=len)
    texts = [*ordered[::4], ordered[-1]]
    assert len(texts) == 290 and len(set(texts)) == 290
    ours = np.array(onnx.embed_documents(texts))
    theirs = np.array(embedder.embed_documents(texts))
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.9999, cosines.min()
    assert onnx._model is None  # torch was never loaded for it


def test_the_evaluation_questions_get_the_same_top_10(
    onnx: Embedder, embedder: Embedder, library: Library
) -> None:
    """The session's index holds torch's vectors of the corpus; the graph's vectors of the same texts
    rank its chunks the same for every evaluation question."""
    assert embedder.graph is None  # the session's embedder is torch alone: so are the stored vectors
    ids, texts, metas = library.store.all_chunks()
    stored = library.store.vectors(ids)
    theirs = np.array([stored[i] for i in ids])
    chunks = [
        Chunk(i, str(m["paper_id"]), str(m["title"]), t, int(str(m["position"])), str(m["source"]))
        for i, t, m in zip(ids, texts, metas, strict=True)
    ]
    ours = np.array(onnx.embed_documents([c.embed_text for c in chunks]))  # what the index embedded
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.9999, cosines.min()
    differ = []
    for q in read_questions(QUESTIONS):
        mine = np.argsort(-(ours @ np.array(onnx.embed_query(q.question))))[:10]
        base = np.argsort(-(theirs @ np.array(embedder.embed_query(q.question))))[:10]
        if [ids[i] for i in mine] != [ids[i] for i in base]:
            differ.append(q.qid)
    assert differ == []


def test_a_query_imports_no_torch(onnx: Embedder) -> None:
    assert onnx.graph is not None
    code = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from index.embeddings import Embedder\n"
        f"e = Embedder(graph_dir=Path({str(onnx.graph.parent)!r}))\n"
        "v = e.embed_query('pruning vision transformers')\n"
        "print(json.dumps([len(v), 'torch' in sys.modules, 'sentence_transformers' in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [384, False, False]


def test_no_graph_falls_back_to_torch_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, embedder: Embedder
) -> None:
    fresh = Embedder(graph_dir=tmp_path / "models")
    with caplog.at_level("WARNING", logger="index.embeddings"):
        vector = fresh.embed_query("pruning vision transformers")
    assert "no ONNX graph at" in caplog.text and "`papers index` writes the graph" in caplog.text
    assert np.dot(vector, embedder.embed_query("pruning vision transformers")) > 0.9999
    strict = Embedder(graph_dir=tmp_path / "models", engine="onnx")
    with pytest.raises(Exception, match="PAPERS_EMBED_ENGINE=onnx"):
        strict.embed_query("x")


def test_the_weights_sit_beside_the_graph_and_a_broken_copy_falls_back(
    onnx: Embedder, embedder: Embedder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """onnxruntime maps weights kept in a file of their own; weights that are cut short or gone are
    not loaded: torch does the work, the log says why, and `prepare` writes them again."""
    assert onnx.graph is not None
    weights = list(onnx.graph.parent.glob(f"{onnx.graph.stem}.*.weights"))
    assert len(weights) == 1 and weights[0].stat().st_size > 80e6 > onnx.graph.stat().st_size * 100
    assert weights[0].stat().st_mode == onnx.graph.stat().st_mode  # whoever may read one may read both
    copy = Embedder(graph_dir=tmp_path / "models")
    assert copy.graph is not None
    copy.graph.parent.mkdir()
    copy.graph.write_bytes(onnx.graph.read_bytes())
    cut = copy.graph.parent / weights[0].name
    cut.write_bytes(weights[0].read_bytes()[:1000])
    with caplog.at_level("WARNING", logger="index.embeddings"):
        vector = copy.embed_query("pruning vision transformers")
    assert "cannot be loaded" in caplog.text and copy._onnx is None
    assert np.dot(vector, embedder.embed_query("pruning vision transformers")) > 0.9999
    cut.unlink()
    again = Embedder(graph_dir=tmp_path / "models")
    assert again.prepare() == again.graph and again.onnx is not None  # exported again, then loaded
    assert np.dot(again.embed_query("pruning vision transformers"), vector) > 0.9999


def test_another_model_goes_through_sentence_transformers(tmp_path: Path) -> None:
    other = Embedder(model=str(tmp_path / "some-other-model"), graph_dir=tmp_path / "models")
    assert other.graph is None and other.prepare() is None
