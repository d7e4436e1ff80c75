"""The writer lease: one process writes to an index at a time, here and across machines.

Chroma does not coordinate writers. On one machine the data folder's file lock does; against a
shared server a lease kept in the index's own metadata does, renewed while the write lasts, so a
writer that dies frees it within `writer_lease` seconds (at once when it died on this machine).
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from index.errors import IndexBusy, PapersError
from index.settings import Settings
from index.store import Store


@contextmanager
def writer_lock(settings: Settings, store: Store | None = None) -> Iterator[None]:
    """One writer at a time: a file lock on this machine, and a lease in a shared server's index.

    Chroma does not coordinate writers. Locally the data folder's file lock does; against a
    server (any number of machines) a lease in the index's metadata does, renewed every
    `writer_lease / 3` seconds while the write lasts, so a writer that dies frees it within
    `writer_lease` seconds.
    """
    from filelock import FileLock, Timeout

    settings.home.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise IndexBusy(
            f"Another papers process is writing to the index ({settings.lock_path} is locked). "
            "Wait for it to finish, then run this again."
        ) from None
    try:
        if store is not None and settings.chroma_url:
            with _lease(settings, store):
                yield
        else:
            yield
    finally:
        lock.release()


@contextmanager
def _lease(settings: Settings, store: Store) -> Iterator[None]:
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    ttl = settings.writer_lease
    held = store.claim_writer(owner, ttl, gone=_died_here)
    if held:
        host, pid = _holder(str(held["owner"]))
        started = time.strftime("%H:%M:%S", time.localtime(held["since"]))
        raise IndexBusy(
            f"Another papers process (pid {pid} on {host}, since {started}) is writing to the shared "
            f"index at {settings.chroma_url}. Wait for it to finish, then run this again; if it died, "
            f"its lease runs out within {ttl:.0f} s."
        )
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(ttl / 3):
            with contextlib.suppress(PapersError):  # the write itself reports a server that went away
                store.claim_writer(owner, ttl)

    thread = threading.Thread(target=renew, name="papers-writer-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        with contextlib.suppress(PapersError):
            store.release_writer(owner)


def _holder(owner: str) -> tuple[str, str]:
    """The host and pid of a lease's owner.

    Example:
        >>> _holder("vm:31493:ab12cd34")
        ('vm', '31493')
    """
    host, pid, _ = owner.split(":", 2)
    return host, pid


def _died_here(owner: str) -> bool:
    """Whether a lease's holder was a process on this machine that has ended.

    A writer killed with the server away (or by SIGKILL) cannot release its lease; on its own
    machine the next writer need not wait for it to run out.
    """
    host, pid = _holder(owner)
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        pass
    return False
