"""Output helpers of the command line: filter flags, JSON, progress bars. A leaf: it imports no CLI module."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.retrieval import Filters

# A whole terminal control sequence, not just its ESC: "\x1b[2J" (CSI, also 8-bit "\x9b2J"),
# "\x1b]0;title\x07" (OSC, and DCS, SOS, PM, APC alike; ended by BEL or ST, or cut at the next control
# character), and two-byte escapes such as "\x1bc" (reset). Removing only ESC would leave "[2J]0;title".
_SEQUENCE = re.compile(
    "(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\\\|\x9c)?"
    "|(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]?"
    "|\x1b[ -/]*[0-~]?"
)
# C0 and C1 control characters left over (BEL, a lone ESC, ...); tab and newline are handled by the caller
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: object, newlines: bool = False) -> str:
    r"""Text from a document or a file name, fit for a terminal: control sequences and characters removed.

    Example:
        >>> safe("\x1b]0;pwned\x07\x1b[31mTitle\x1b[0m\nline")
        'Title line'
    """
    cleaned = _CONTROL.sub("", _SEQUENCE.sub("", str(text)))
    return cleaned if newlines else " ".join(cleaned.replace("\t", " ").splitlines())


def positive(text: str) -> int:
    """argparse type for counts like -k.

    Example:
        >>> positive("3")
        3
        >>> positive("-1")
        Traceback (most recent call last):
        argparse.ArgumentTypeError: expected a number from 1 to 100, got -1
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a number from 1 to 100, got {value}")
    return value


def sources(text: str) -> int:
    """argparse type for the sources given to the model: the same 1 to 10 as the chat and the API."""
    from index.limits import MAX_K

    value = positive(text)
    if value > MAX_K:
        raise argparse.ArgumentTypeError(f"expected a number from 1 to {MAX_K}, got {value}")
    return value


def add_filter_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--paper", action="append", default=[], help="only this paper_id (repeatable)")
    p.add_argument("--source", action="append", default=[], help="only this listing or file (repeatable)")
    p.add_argument("--date", default="", help="only papers whose date contains this text, e.g. 2023")
    p.add_argument(
        "--category", action="append", default=[], help="only this arXiv category, e.g. cs.CL (repeatable)"
    )
    p.add_argument("--arxiv-id", action="append", default=[], help="only this arXiv id (repeatable)")
    p.add_argument("--since", default="", help="only papers dated on or after: 2023, 2023-05 or 2023-05-19")
    p.add_argument("--until", default="", help="only papers dated on or before (same forms as --since)")


def filters_from(args: argparse.Namespace) -> Filters:
    """The retrieval Filters asked for by --paper/--source/--date/--category/--arxiv-id/--since/--until."""
    from index.dates import bounds
    from index.errors import PapersError
    from index.retrieval import Filters

    try:
        bounds(args.since, args.until)
    except ValueError as exc:
        raise PapersError(f"{exc} (--since/--until)") from None
    for flag, values in (("--category", args.category), ("--paper", args.paper), ("--source", args.source)):
        if any(not v.strip() for v in values):
            raise PapersError(f"{flag} needs a value: an empty one would match nothing.")
    return Filters(
        tuple(args.paper),
        tuple(args.source),
        args.date,
        tuple(args.category),
        tuple(args.arxiv_id),
        args.since,
        args.until,
    )


def dump_json(obj: object) -> None:
    """Dataclasses and plain data as indented JSON on stdout."""

    def default(o: object) -> object:
        if hasattr(o, "__dataclass_fields__"):
            return asdict(o)  # type: ignore[call-overload]
        if isinstance(o, Path):
            return str(o)
        raise TypeError(type(o).__name__)

    # json escapes C0 controls itself; C1 (U+0080-U+009F, e.g. CSI) it would print raw
    text = json.dumps(obj, default=default, ensure_ascii=False, indent=2)
    print(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text), flush=True)  # out before exit


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on stderr; yields the (stage, done, total) callback."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    console = Console(stderr=True)
    # off when stderr is not a terminal: a log file gets no bar, and no stray blank line
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total, rate="")
            task = tasks[stage]
            elapsed = bar.tasks[task].elapsed or 0
            rate = f"{done / elapsed:.0f}/s" if elapsed > 0 and done else ""
            bar.update(task, completed=done, total=total, rate=rate)

        yield update
