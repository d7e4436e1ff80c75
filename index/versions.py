"""Which chromadb wrote the embedded store; a store from another version is migrated only on request.

Chroma migrates its SQLite files silently when a newer chromadb opens them, and an older one may
not read them back. So the store folder carries `papers-store.json` ({"chromadb": "1.5.9"}); on a
mismatch, opening is refused until `papers migrate-index` has made a backup and migrated.
"""

from __future__ import annotations

import json
import shutil
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
    stamp = folder / STAMP
    if not stamp.is_file():
        return  # a new store, or one from before stamps existed: stamped when opened
    written = json.loads(stamp.read_text()).get("chromadb", "")
    if written != installed():
        raise StoreVersionMismatch(
            f"The index in {folder} was written by chromadb {written}; this papers uses chromadb "
            f"{installed()}. Run `papers migrate-index` to back it up and migrate it, or reinstall "
            f"chromadb=={written}."
        )


def stamp(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / STAMP).write_text(json.dumps({"chromadb": installed()}))


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
