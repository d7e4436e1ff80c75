"""Which chromadb wrote the embedded store; a store from another version is migrated only on request.

Chroma migrates its SQLite files silently when a newer chromadb opens them, and an older one may
not read them back. So the store folder carries `papers-store.json` ({"chromadb": "1.5.9"}); on a
mismatch, opening is refused until `papers migrate-index` has made a backup and migrated.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from index.errors import PapersError

STAMP = "papers-store.json"


class StoreVersionMismatch(PapersError):
    """The embedded store was written by another chromadb version."""


def installed() -> str:
    return version("chromadb")


def check(folder: Path) -> None:
    """Refuse a store written by another chromadb; stamp a new or unstamped one."""
    written = read(folder / STAMP)
    if written is None:
        return  # a new store, or one from before stamps existed: stamped when opened
    if written != installed():
        raise StoreVersionMismatch(
            f"The index in {folder} was written by chromadb {written}; this papers uses chromadb "
            f"{installed()}. Run `papers migrate-index` to back it up and migrate it, or reinstall "
            f"chromadb=={written}."
        )


def read(stamp: Path, wait: float = 2.0) -> str | None:
    """The chromadb version a stamp names (None: no stamp). A stamp another process is writing (a
    store from before stamps were written whole) is read again for up to `wait` seconds.

    Usage: read(Path("papers-store.json")) -> "1.5.9"
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            return str(json.loads(stamp.read_text()).get("chromadb", ""))
        except FileNotFoundError:
            return None
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
            if time.monotonic() > deadline:
                raise PapersError(
                    f'{stamp} is not the JSON it should be ({{"chromadb": "{installed()}"}}); '
                    "if no other papers is writing it, delete it and it is written again on the next open"
                ) from None
            time.sleep(0.02)


def stamp(folder: Path) -> None:
    """Name the installed chromadb in the store folder: written only when it changes, and whole (a
    temporary file renamed over it), so that a process opening the store never reads half of it."""
    folder.mkdir(parents=True, exist_ok=True)
    target, text = folder / STAMP, json.dumps({"chromadb": installed()})
    with contextlib.suppress(OSError):
        if target.read_text() == text:
            return
    fd, tmp = tempfile.mkstemp(prefix=f".{STAMP}.", dir=folder)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def migrate(folder: Path) -> Path:
    """Copy the store aside, then let the installed chromadb open (and migrate) it; returns the backup."""
    if not folder.is_dir():
        raise PapersError(f"There is no index at {folder} to migrate.")
    backup = folder.with_name(f"{folder.name}.backup-{time.strftime('%Y%m%d-%H%M%S')}")
    shutil.copytree(folder, backup)
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
    for collection in client.list_collections():
        client.get_collection(collection.name).count()  # touch every collection under the new version
    stamp(folder)
    return backup
