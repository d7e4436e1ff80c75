"""BM25 built from a stream into bm25s's format, memory-mapped by readers, with a delta beside it."""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np

from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from index.sparse import FORMAT, _Scores, _Vocab, doc_tokens, tokenize, write_main

QUERIES = ["pruning vision transformers", "diffusion image generation speed", "table structure in PDFs"]


def test_the_streamed_build_is_bm25s_index(library: Library, tmp_path: Path) -> None:
    ids, texts, metas = library.store.all_chunks()
    pages = [(ids[i : i + 50], texts[i : i + 50], metas[i : i + 50]) for i in range(0, len(ids), 50)]
    assert write_main(iter(pages), tmp_path / "ours") == len(ids)
    ours = bm25s.BM25.load(str(tmp_path / "ours"), mmap=True, load_vocab=False)
    vocab = _Vocab.open(tmp_path / "ours")
    theirs = bm25s.BM25()
    theirs.index([doc_tokens(t, m) for t, m in zip(texts, metas, strict=True)], show_progress=False)
    for query in QUERIES:
        tokens = tokenize(query)
        known = [t for t in (vocab.get(token) for token in tokens) if t is not None]
        assert known, query
        mine = ours.get_scores_from_ids(known)
        base = theirs.get_scores(tokens)
        assert np.allclose(mine, base, rtol=1e-3, atol=1e-5), query  # each posting's score in float16
    assert isinstance(ours.scores["data"], np.memmap) and ours.scores["data"].dtype == np.float16
    # the reader (numpy alone: a plain indexed add, then a top-k) ranks as bm25s's own retrieve does
    mine_scores = _Scores.open(tmp_path / "ours")
    ours.unique_token_ids_set = range(len(vocab))  # what its retrieve checks term ids against
    assert isinstance(mine_scores.data, np.memmap) and mine_scores.data.dtype == np.float16
    for query in QUERIES:
        terms = [t for t in (vocab.get(token) for token in tokenize(query)) if t is not None]
        docs, scores = ours.retrieve([terms], k=10, show_progress=False, n_threads=1)
        got = mine_scores.top(terms, 10, len(ids))
        theirs_ranked = [int(d) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
        assert [d for d, _ in got] == theirs_ranked, query
        assert np.allclose([s for _, s in got], scores[0][: len(got)], rtol=1e-6), query
        # a mask leaves documents out; k past the corpus is the corpus
        mask = np.ones(len(ids), dtype=np.float32)
        mask[[d for d, _ in got[:3]]] = 0
        assert not {d for d, _ in mine_scores.top(terms, 10, len(ids), mask)} & {d for d, _ in got[:3]}
        everything = mine_scores.top(terms, len(ids) + 5, len(ids))
        assert len(everything) == int((ours.get_scores_from_ids(terms) > 0).sum()), query
    # the vocabulary: every term bm25s found, each at the id the score matrix has it under
    terms = [t for t in theirs.vocab_dict if t]  # bm25s adds an empty-string entry
    assert len(vocab) == len(terms) and vocab.get("no-such-term-here") is None
    for term in terms[:: max(1, len(terms) // 200)]:
        got = vocab.get(term)
        assert got is not None
        assert np.allclose(ours.get_scores_from_ids([got]), theirs.get_scores([term]), rtol=1e-3, atol=1e-5)


def _note(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(text)
    return path


def test_a_reader_maps_its_index_and_sees_a_delta_written_after_it_opened(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    first = [
        _note(notes, f"n{i}", f"# Note {i} on gradient noise\n\nGradient noise scales with batch size {i}.\n")
        for i in range(30)
    ]
    writer = Library(settings, embedder)
    writer.index(first)
    reader = Library(settings, embedder)
    assert reader.search("gradient noise batch", k=1, mode="bm25")
    sparse = reader.retriever.sparse
    view = sparse.ensure()
    assert view.main is not None and view.main.scores is not None
    assert isinstance(view.main.scores.data, np.memmap)
    # no per-term Python objects: the vocabulary is mapped too
    assert isinstance(view.main.vocab.terms, np.memmap)
    opened = view.main.folder

    writer.index([_note(notes, "late", "# Zanzibar Kites\n\nZanzibar kites fly in monsoon winds.\n")])
    hits = reader.search("zanzibar kites", k=1, mode="bm25")
    assert [h.title for h in hits] == ["Zanzibar Kites"]
    view = sparse.ensure()
    assert view.main is not None and view.main.folder == opened  # not rebuilt: a delta
    assert len(view.delta.ids) == 1

    writer.remove(str(first[0]))
    assert "Note 0 on gradient noise" not in {h.title for h in reader.search("note 0 gradient", 5, "bm25")}
    view = sparse.ensure()
    assert view.main is not None and view.main.folder == opened and view.dead is not None
    assert sorted(sparse.ids) == sorted(reader.store.chunk_ids())

    # a write larger than a tenth of the main index merges: the main index is rebuilt
    writer.index(
        [_note(notes, f"m{i}", f"# More {i}\n\nMonsoon winds {i} over warm seas.\n") for i in range(5)]
    )
    hits = reader.search("monsoon winds warm seas", k=3, mode="bm25")
    assert hits and all(h.title.startswith("More") for h in hits)
    view = sparse.ensure()
    assert view.main is not None and view.main.folder != opened and not view.delta.ids


def test_a_main_index_that_cannot_be_read_is_rebuilt_on_disk(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    """A folder another version wrote, or one half pruned, is replaced, not worked around in memory."""
    notes = tmp_path / "notes"
    notes.mkdir()
    kites = _note(notes, "kites", "# Zanzibar Kites\n\nKites fly in monsoon winds.\n")
    Library(settings, embedder).index([kites])
    first = Library(settings, embedder).retriever.sparse.ensure()
    assert first.main is not None
    folder = first.main.folder
    (folder / "terms.npy").unlink()  # half pruned
    reader = Library(settings, embedder)
    assert [h.title for h in reader.search("monsoon kites", k=1, mode="bm25")] == ["Zanzibar Kites"]
    again = reader.retriever.sparse.ensure()
    assert again.main is not None and again.main.folder == folder and (folder / "terms.npy").is_file()


def test_a_main_index_of_another_format_is_rebuilt(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    """An index an earlier version wrote (float32 scores, a JSON vocabulary) is not read as this one."""
    notes = tmp_path / "notes"
    notes.mkdir()
    Library(settings, embedder).index(
        [_note(notes, "kites", "# Zanzibar Kites\n\nKites fly in monsoon winds.\n")]
    )
    first = Library(settings, embedder).retriever.sparse.ensure()
    assert first.main is not None
    stats = first.main.folder / "stats.json"
    stats.write_text(json.dumps({**json.loads(stats.read_text()), "format": 1}))
    reader = Library(settings, embedder)
    assert [h.title for h in reader.search("monsoon kites", k=1, mode="bm25")] == ["Zanzibar Kites"]
    assert json.loads(stats.read_text())["format"] == FORMAT  # written again, in place
