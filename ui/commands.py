"""The CLI's command handlers: parse nothing, print results, leave errors to `cli.main`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from index.catalog import Selection, select
from index.errors import PapersError
from ui.counts import count
from ui.output import dump_json, filters_from, progress_bar, safe

if TYPE_CHECKING:
    from index.settings import Settings


def _library(settings: Settings):  # type: ignore[no-untyped-def]
    from index.library import Library

    return Library(settings)


def index(args: argparse.Namespace, settings: Settings) -> int:
    if args.device:
        settings = settings.model_copy(update={"device": args.device})
    lib = _library(settings)
    with progress_bar() as update:
        report = lib.index(args.paths or None, progress=update, rebuild=args.rebuild)  # type: ignore[arg-type]
    for err in report.errors + report.bad_lines:
        print(f"skipped {safe(err)}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {safe(note)}", file=sys.stderr)
    for title, canonical in report.duplicates:
        print(f"duplicate: {safe(title[:70])!r} is already indexed as {canonical}", file=sys.stderr)
    if report.more_duplicates or report.more_bad_lines:
        print(
            f"... and {count(report.more_duplicates, 'more duplicate')}, "
            f"{count(report.more_bad_lines, 'more bad line')}",
            file=sys.stderr,
        )
    bad_lines = len(report.bad_lines) + report.more_bad_lines
    print(
        f"indexed {count(report.papers, 'paper')}, {count(report.chunks, 'chunk')}: embedded "
        f"{report.embedded:,} now, {count(report.unchanged, 'source')} unchanged, "
        f"{count(report.removed_chunks, 'stale chunk')} removed, "
        f"{count(len(report.duplicates) + report.more_duplicates, 'duplicate')} skipped, "
        f"{count(len(report.errors), 'file')} unreadable"
        + (
            f", {count(bad_lines, 'line that is not a paper', 'lines that are not papers')}"
            if bad_lines
            else ""
        )
        + f" ({report.seconds:.1f} s)"
    )
    if not args.paths:
        print('next: papers search "how to prune transformers"   or   papers ask "..."')
    return 1 if report.errors and not report.papers else 0


def list_papers(args: argparse.Namespace, settings: Settings) -> int:
    lib = _library(settings)
    sel = Selection(
        "", args.year or "", args.author or "", args.id or "", args.sort or "", bool(args.descending)
    )
    bibtex = getattr(args, "bibtex", False)
    # bulk (JSONL) papers only with --all or --source, or in a whole-library BibTeX export
    bulk = args.all or bool(args.source) or (bibtex and not (sel.filtered or sel.sort))
    records = select(lib.papers(bulk=bulk, source=args.source), sel)
    if bibtex:
        print(lib.bibtex(records), end="")
        return 0
    if args.json:
        dump_json(records)
        return 0
    for r in records:
        meta = safe(", ".join(f"{k} {v}" for k, v in r.meta.items()))
        derived = " (title derived)" if r.title_derived else ""
        print(f"{r.paper_id}  {safe(r.title)}{derived}\n    {safe(r.source)}  {meta}")
    print(count(len(records), "paper"))
    if not (args.all or args.source or sel.filtered):
        for state in lib.bulk_sources():
            done = "" if state.get("done") else ", import not finished: run `papers index` on it again"
            print(
                f"+ {_papers(state.get('papers'))} from {safe(state['source'])} (bulk{done}); "
                f"`papers list --source {safe(state['source'])}` lists them"
            )
    return 0


def _papers(n: object) -> str:
    """A bulk source's paper count as stored (a number, or missing).

    Example:
        >>> _papers(3), _papers(None)
        ('3 papers', '? papers')
    """
    return count(n, "paper") if isinstance(n, int) else "? papers"


def search(args: argparse.Namespace, settings: Settings) -> int:
    lib = _library(settings)
    if args.queries:
        return _search_run(lib, args)
    if not args.query:
        raise PapersError('Give a query (papers search "...") or a file of queries (--queries FILE).')
    hits = lib.search(args.query, args.k, args.mode, filters_from(args))
    if args.json:
        dump_json(hits)
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=True)
    for col in ("#", "paper", "score", "best matching text"):
        table.add_column(col)
    for rank, h in enumerate(hits, 1):
        snippet = safe(h.text if len(h.text) < 300 else h.text[:300] + "…")
        # papers may contain "[/INST]" or "[bold]": text, not rich markup; nor terminal controls
        paper = f"{escape(safe(h.title))}\n[dim]{h.paper_id} · {escape(safe(h.source))}[/dim]"
        table.add_row(str(rank), paper, f"{h.score:.3f}", escape(snippet))
    Console().print(table)
    if not hits:
        print("no papers match", file=sys.stderr)
    return 0


def _search_run(lib, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from eval.questions import read_queries, run_line

    mode = args.mode or lib.settings.mode
    lines = []
    for qid, query in read_queries(args.queries):
        for rank, h in enumerate(lib.search(query, args.k, mode, filters_from(args)), 1):
            lines.append(run_line(qid, h.paper_id, rank, h.score, mode))
    text = "\n".join(lines) + ("\n" if lines else "")
    if args.out:
        Path(args.out).write_text(text)
        print(f"wrote {count(len(lines), 'line')} to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def remove(args: argparse.Namespace, settings: Settings) -> int:
    removed = _library(settings).remove(args.key)
    print(f"removed {count(len(removed), 'paper')}: {', '.join(removed)}")
    return 0


def ask(args: argparse.Namespace, settings: Settings) -> int:
    from ui.ask import run_ask

    return run_ask(args, settings)


def compare(args: argparse.Namespace, settings: Settings) -> int:
    from ui.compare import run_compare

    return run_compare(args, _library(settings))


def chat(args: argparse.Namespace, settings: Settings) -> int:
    from ui.launch import run_chat

    return run_chat(args, settings)


def doctor(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.doctor import report

    checks = report(settings)
    for name, ok, detail in checks:
        print(f"[{'ok' if ok else '!!'}] {name}: {detail}")
    return 0 if all(ok for name, ok, _ in checks if name == "index") else 1


def migrate_index(args: argparse.Namespace, settings: Settings) -> int:
    from index import versions

    backup = versions.migrate(settings.chroma_dir)
    print(f"backed up {settings.chroma_dir} to {backup}; migrated to chromadb {versions.installed()}")
    return 0


def serve_index(args: argparse.Namespace, settings: Settings) -> int:
    import os
    import shutil

    if args.host not in ("127.0.0.1", "localhost", "::1") and not args.allow_remote:
        raise PapersError(
            f"`chroma run` has no authentication: on {args.host} anyone who reaches port {args.port} can "
            "read or delete the index. Keep --host 127.0.0.1 and put a TLS proxy that checks a bearer "
            "token in front (README: Sharing one index), or pass --allow-remote on a network you trust."
        )
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    print(
        f"serving {settings.chroma_dir} at http://{args.host}:{args.port}; "
        f"clients: PAPERS_CHROMA_URL=http://{args.host}:{args.port}",
        file=sys.stderr,
    )
    argv = [chroma, "run", "--path", str(settings.chroma_dir), "--host", args.host, "--port", str(args.port)]
    os.execv(chroma, argv)
    return 0  # not reached
