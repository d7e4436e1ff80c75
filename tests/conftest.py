"""Shared fixtures: the real embedder, one real index of the bundled papers per session, writable
settings on a temporary home, a real `chroma run`, a free port and the CLI run on a temporary home.

Shared helpers (fakes, corpora, PDFs) live in the `helpers` package; test modules never import
each other.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import hypothesis
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _temporary_folders_in_memory(folder: str = "/dev/shm", room: int = 8 * 2**30) -> None:
    """Temporary folders (tmp_path, and those of the processes the tests start) on a tmpfs where one
    has room, unless TMPDIR is set: Chroma's SQLite syncs every write to disk, which on a virtual disk
    costs tens of milliseconds a write, most of an indexing test's time. What the tests assert does
    not depend on it: a killed process leaves its writes in the page cache on either."""
    if "TMPDIR" in os.environ or not os.access(folder, os.W_OK):
        return
    with contextlib.suppress(OSError):
        free = os.statvfs(folder)
        if free.f_bavail * free.f_frsize >= room:
            os.environ["TMPDIR"] = folder
            tempfile.tempdir = None  # gettempdir() reads TMPDIR again


_temporary_folders_in_memory()

# property tests: 150 examples each in `make test`; `make test-fast` (HYPOTHESIS_PROFILE=fast) runs 25
hypothesis.settings.register_profile("full", max_examples=150)
hypothesis.settings.register_profile("fast", max_examples=25)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "full"))

from helpers import servers, session_index  # noqa: E402
from helpers.cli import Ran  # noqa: E402

from assistant.verifier import Verifier  # noqa: E402
from index.embeddings import Embedder  # noqa: E402
from index.library import Library  # noqa: E402
from index.settings import Settings  # noqa: E402

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def verifier(embedder: Embedder) -> Verifier:
    return Verifier(embedder)


@pytest.fixture(scope="session")
def onnx_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled model's ONNX graph, written once per session as `papers index` writes it: a test
    that starts `papers` on a fresh home links it in (helpers.embedders.link_graph), not exporting it
    again; exporting is tested in test_onnx_embeddings.py."""
    graph = Embedder(graph_dir=tmp_path_factory.mktemp("models"), engine="onnx").prepare()
    assert graph is not None and graph.is_file()
    return graph


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose data folder is this test's own tmp_path."""
    return Settings(home=tmp_path / "home", chroma_url=None, backend="embedded")


@pytest.fixture(scope="session")
def indexed_settings(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, request: pytest.FixtureRequest
) -> Settings:
    """Settings of a data folder holding the bundled corpus, indexed once per session: a copy of the
    index kept in pytest's cache while the code, data, model and libraries it is made from are the same
    (helpers/session_index.py), else built here."""
    home = tmp_path_factory.mktemp("indexed")
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    kept = cache.mkdir("papers-session-index") if cache is not None else None

    def build(folder: Path) -> None:
        # every core: under pytest-xdist (torch on one thread a worker) the other worker waits for this
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(os.cpu_count() or 1)
        try:
            Library(Settings(home=folder, chroma_url=None, backend="embedded"), embedder).index()
        finally:
            torch.set_num_threads(threads)

    session_index.copy_of_kept(kept, session_index.fingerprint(Path(embedder.path)), home, build)
    return Settings(home=home, chroma_url=None, backend="embedded")


@pytest.fixture(scope="session")
def library(indexed_settings: Settings, embedder: Embedder) -> Library:
    """A read-only library over the session's index: tests must not write to it."""
    return Library(indexed_settings, embedder)


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[servers.ChromaServer]:
    """A real `chroma run` over a tmp folder on a free port; stopped after the test."""
    with servers.ChromaServer(tmp_path / "chroma-server") as chroma:
        yield chroma


@pytest.fixture
def free_port() -> int:
    """A loopback port nothing listens on."""
    return servers.free_port()


@pytest.fixture
def papers(
    settings: Settings,
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., Ran]:
    """The CLI in this process on the test's own home (`settings.home`), with the session's embedder.

    Example: papers("list", "--json") -> Ran(code=0, out="[]\n", err="")
    """
    from ui import cli, commands

    for name in [k for k in os.environ if k.startswith("PAPERS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("PAPERS_HOME", str(settings.home))
    monkeypatch.setenv("PAPERS_BACKEND", "embedded")
    monkeypatch.setattr(commands, "_library", lambda s: Library(s, embedder))

    def run(*args: str) -> Ran:
        capsys.readouterr()
        code = cli.main(list(args))
        got = capsys.readouterr()
        return Ran(code, got.out, got.err)

    return run
