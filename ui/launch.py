"""`papers chat`: index the bundled papers if nothing is indexed, then serve the app, safely.

Safe by default: bound to settings.host (127.0.0.1), no share link, an upload size limit, files
served only from the upload folder, and requests whose Host header names another site refused (a
web page elsewhere cannot reach the app through DNS rebinding).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import platform
import socket
import sys
from collections.abc import Mapping
from typing import Any

from index.errors import IndexBusy, NoIndex
from index.settings import Settings
from ui.counts import count

LOCAL_HOSTS = ("127.0.0.1", "localhost")
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt() parameters
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept fixed (see steady_malloc)


def allowed_hosts(settings: Settings) -> list[str]:
    """Host header values to accept (any port): this machine's names, and the configured host.

    Example:
        >>> allowed_hosts(Settings(host="127.0.0.1"))
        ['127.0.0.1', 'localhost']
    """
    hosts = {*LOCAL_HOSTS, settings.host}
    if settings.host in ("0.0.0.0", "::"):  # served to the network on purpose: accept this machine's names
        name = socket.gethostname()
        hosts |= {name, socket.getfqdn()}
        with contextlib.suppress(OSError):
            hosts |= set(socket.gethostbyname_ex(name)[2])
        hosts -= {"0.0.0.0", "::"}
    return sorted(hosts)


def steady_malloc() -> bool:
    """Keep glibc's mmap threshold fixed, so the server's memory stays flat; False where it cannot.

    glibc raises the threshold each time a large mmapped block is freed (up to 32 MB), and from then
    on serves such blocks from its per-thread arenas. Gradio runs every step of a handler on any of
    its worker threads, so torch, llama.cpp and numpy buffers land in up to 8 arenas per core,
    where live objects pin the freed space, so a long-running server keeps growing while the memory
    in use stays flat (`python -m benchmarks.soak` measures it). Fixed, blocks over 128 KB are
    mmapped and returned to the system when freed. MALLOC_MMAP_THRESHOLD_ or
    MALLOC_TRIM_THRESHOLD_ in the environment win.
    """
    if platform.libc_ver()[0] != "glibc":
        return False
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return False
    mallopt = ctypes.CDLL(None).mallopt
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) and mallopt(M_TRIM_THRESHOLD, MMAP_THRESHOLD))


def wants_browser(no_browser: bool = False, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether `papers chat` opens the chat in a browser: where there is a desktop to show it (macOS,
    Windows, or a Linux DISPLAY or WAYLAND_DISPLAY), and not with --no-browser, PAPERS_NO_BROWSER=1
    or under pytest.

    On Linux, wants_browser(environ={}) is False: no desktop.

    Example:
        >>> wants_browser(environ={"DISPLAY": ":0"})
        True
        >>> wants_browser(environ={"DISPLAY": ":0", "PAPERS_NO_BROWSER": "1"})
        False
    """
    if (
        no_browser
        or environ.get("PAPERS_NO_BROWSER", "") not in ("", "0")
        or "PYTEST_CURRENT_TEST" in environ
    ):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def launch(
    app: Any,
    settings: Settings,
    port: int | None = None,
    *,
    block: bool = True,
    quiet: bool = False,
    browser: bool = False,
) -> tuple[Any, str]:
    """Serve `app` (from create_app) on settings.host; returns (the FastAPI app, the local URL).

    With block=False the server runs in a background thread (tests, the load check); with
    browser=True the default browser opens the chat once the server is up.
    """
    import gradio as gr
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    from ui.theme import CSS, HEAD

    steady_malloc()
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    server, url, _ = app.launch(
        server_name=settings.host,
        server_port=settings.port if port is None else port,
        share=False,
        inbrowser=browser,
        max_file_size=f"{settings.max_upload_mb}mb",
        allowed_paths=[str(settings.uploads_dir.resolve())],
        app_kwargs={"middleware": [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings))]},
        prevent_thread_lock=not block,
        quiet=quiet,
        show_error=False,
        enable_monitoring=False,
        mcp_server=False,
        ssr_mode=False,
        pwa=False,
        run_history=False,
        footer_links=["api"],
        theme=gr.themes.Soft(font=[gr.themes.LocalFont("Source Sans Pro"), "ui-sans-serif", "sans-serif"]),
        css=CSS,
        head=HEAD,
    )
    return server, url


def ensure_index(settings: Settings, library: Any) -> None:
    """Repair a write a killed process left, then index the bundled papers if nothing is indexed."""
    try:
        repaired = library.repair()
    except (IndexBusy, NoIndex):  # another writer is alive, or there is nothing yet
        repaired = None
    if repaired is not None:
        print(
            f"A write cut short earlier was finished ({count(repaired.papers, 'paper')}) and "
            f"{count(repaired.removed_chunks, 'chunk')} it left without a paper "
            f"{'was' if repaired.removed_chunks == 1 else 'were'} removed.",
            file=sys.stderr,
        )
    if not library.empty():
        return
    from ui.output import progress_bar

    print("Nothing is indexed yet: indexing the bundled papers (once)…", file=sys.stderr)
    with progress_bar() as update:
        report = library.index(progress=update)
    done = f"{count(report.papers, 'paper')}, {count(report.chunks, 'chunk')}"
    print(f"indexed {done} ({report.seconds:.0f} s)", file=sys.stderr)


def run_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Index if needed, print the address (and open it in a browser: `wants_browser`), serve until Ctrl+C."""
    from assistant.chain import Assistant
    from index.library import Library
    from ui.app import create_app

    if getattr(args, "port", None):
        settings = settings.model_copy(update={"port": args.port})
    library = Library(settings)
    if not getattr(args, "no_index", False):
        ensure_index(settings, library)
    from ui.warmup import Warmup

    warmup = Warmup(library)
    app = create_app(settings, Assistant(settings, library), warmup)
    warmup.start()  # the page is served at once; the status line says when the first answer stops waiting
    browser = wants_browser(getattr(args, "no_browser", False))
    address = f"http://{settings.host}:{settings.port}"
    print(
        f"papers chat: {'opening' if browser else 'open'} {address} in your browser (Ctrl+C to stop)",
        file=sys.stderr,
    )
    launch(app, settings, quiet=True, browser=browser)
    return 0
