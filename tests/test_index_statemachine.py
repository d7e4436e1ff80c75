"""Hypothesis state machine: the index against a plain in-memory model of what should be there.

Rules add, re-add, change and remove paper files, restart the process (a new Library), crash
mid-write (an exception from the progress callback after the first stored batch, which leaves the
store as a killed process would) followed by the next run, and kill before any one store write
followed by the next start (its repair), with or without the file. After every step the chunk store, the
BM25 side and the paper list agree with the model.
"""

from __future__ import annotations

import contextlib
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.embedders import HashEmbedder
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from index.chunking import chunk_paper
from index.documents import read_path
from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from index.store import Store

TOPICS = [
    ("Sparse Routing", "mixture of experts routes each token to two experts"),
    ("Tiny Detectors", "a small object detector runs on microcontrollers"),
    ("Graph Tokens", "graph nodes are turned into tokens for a transformer"),
    ("Audio Codecs", "a neural audio codec compresses speech at low bitrates"),
]
VERSIONS = [
    "{what}. It is evaluated on three benchmarks.",
    "{what}. Training uses half precision and a cosine schedule. Results improve by four points.",
    "{what}. {long}",  # several chunks
]


def _long_text(topic: int) -> str:
    """Forty sentences of words of this topic's own (shared text would make papers duplicates)."""
    rng = random.Random(topic)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choice(letters) for _ in range(7)) for _ in range(60)]
    return " ".join(" ".join(rng.choice(vocab) for _ in range(12)).capitalize() + "." for _ in range(40))


class Crash(Exception):
    """Stands in for a kill: raised after the first batch of chunks reached the store."""


WRITES = ("bump", "begin_write", "add_chunks", "delete_chunks", "put_papers", "delete_papers", "end_write")


@contextlib.contextmanager
def killed_before_write(step: int) -> Iterator[None]:
    """Raise Crash in place of the `step`-th store write (counting from 0), as a kill -9 would."""
    calls = [0]
    originals = {name: getattr(Store, name) for name in WRITES}

    def wrap(name: str):  # type: ignore[no-untyped-def]
        def write(self: Store, *args, **kwargs):  # type: ignore[no-untyped-def]
            if calls[0] == step:
                raise Crash
            calls[0] += 1
            return originals[name](self, *args, **kwargs)

        return write

    for name in WRITES:
        setattr(Store, name, wrap(name))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(Store, name, original)


class IndexMachine(RuleBasedStateMachine):
    embedder: Embedder

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="papers-sm-"))
        self.settings = Settings(home=self.dir / "home", chroma_url=None, add_batch_size=4)
        self.library = Library(self.settings, self.embedder)
        self.model: dict[int, int] = {}  # file number -> version on disk and indexed

    def teardown(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def _path(self, topic: int) -> Path:
        return self.dir / f"paper{topic}.md"

    def _write(self, topic: int, version: int) -> Path:
        title, what = TOPICS[topic]
        path = self._path(topic)
        body = VERSIONS[version].format(what=what.capitalize(), long=_long_text(topic))
        path.write_text(f"# {title}\n\n{body}\n")
        return path

    @rule(topic=st.integers(0, len(TOPICS) - 1), version=st.integers(0, len(VERSIONS) - 1))
    def add_or_change(self, topic: int, version: int) -> None:
        self.library.index([self._write(topic, version)])
        self.model[topic] = version

    @rule()
    def re_add_everything(self) -> None:
        paths = [self._path(t) for t in sorted(self.model)]
        if paths:
            report = self.library.index(paths)
            assert report.embedded == 0 and report.unchanged == len(paths)

    @rule(topic=st.integers(0, len(TOPICS) - 1))
    def remove(self, topic: int) -> None:
        if topic in self.model:
            self.library.remove(str(self._path(topic)))
            del self.model[topic]

    @rule()
    def restart(self) -> None:
        self.library = Library(self.settings, self.embedder)

    @rule(topic=st.integers(0, len(TOPICS) - 1), version=st.integers(0, len(VERSIONS) - 1))
    def crash_mid_write_then_recover(self, topic: int, version: int) -> None:
        path = self._write(topic, version)

        def killer(stage: str, done: int, total: int) -> None:
            if done > 0:
                raise Crash

        with contextlib.suppress(Crash):
            self.library.index([path], progress=killer)
        self.library = Library(self.settings, self.embedder)  # the process is gone
        self.library.index([path])
        self.model[topic] = version

    @rule(
        topic=st.integers(0, len(TOPICS) - 1),
        version=st.integers(0, len(VERSIONS) - 1),
        step=st.integers(0, 14),
        gone=st.booleans(),
    )
    def kill_at_a_step_then_start_again(self, topic: int, version: int, step: int, gone: bool) -> None:
        """A kill before any one store write; the file may go with the process (an upload)."""
        path = self._write(topic, version)
        with killed_before_write(step), contextlib.suppress(Crash):
            self.library.index([path])
        self.library = Library(self.settings, self.embedder)  # the next start
        interrupted = self.settings.chroma_dir.exists() and bool(
            self.library.writable_store().pending_writes()
        )
        if interrupted and gone:
            path.unlink()
        self.library.repair()
        if interrupted:
            assert not self.library.store.pending_writes()
            self._assert_every_chunk_has_its_paper()
            if gone:
                self.model.pop(topic, None)
                return
        else:  # killed before the write began, or after it ended: the next run does the rest
            self.library.index([path])
        self.model[topic] = version

    def _assert_every_chunk_has_its_paper(self) -> None:
        store = self.library.store
        ids, _, metas = store.all_chunks()
        records = {p.paper_id: p.chunks for p in self.library.papers()}
        assert {str(m["paper_id"]) for m in metas} <= set(records)
        assert len(ids) == sum(records.values())  # doctor's count is what `list --all` accounts for

    @invariant()
    def store_bm25_and_list_agree_with_the_model(self) -> None:
        expected_papers = {}
        expected_chunks = set()
        for topic in self.model:
            (paper,) = read_path(self._path(topic))
            expected_papers[paper.paper_id] = paper.title
            tokens = min(self.settings.chunk_tokens, self.embedder.max_tokens)
            expected_chunks |= {c.chunk_id for c in chunk_paper(paper, self.embedder.count_tokens, tokens)}
        if not self.model and not self.settings.chroma_dir.exists():
            return
        listed = {p.paper_id: p.title for p in self.library.papers()}
        assert listed == expected_papers
        store = self.library.store
        assert store.chunk_ids() == expected_chunks
        sparse = self.library.retriever.sparse
        sparse.ensure()
        assert sorted(sparse.ids) == sorted(expected_chunks)
        assert len(sparse.ids) == len(set(sparse.ids))


@pytest.mark.slow
def test_index_state_machine() -> None:
    # the bundled model's tokenizer and limits (so its chunks and chunk ids), hashed-word vectors:
    # every check here is of what is stored and listed, none of a ranking
    IndexMachine.embedder = HashEmbedder()
    machine = IndexMachine.TestCase
    machine.settings = settings(
        max_examples=20,
        stateful_step_count=8,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    machine().runTest()
