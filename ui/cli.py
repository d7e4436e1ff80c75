"""The `papers` command. Heavy imports happen inside the command that needs them."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import PapersError
from index.limits import MODES, SORTS

if TYPE_CHECKING:
    from index.settings import Settings

Handler = Callable[[argparse.Namespace, "Settings"], int]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        from index.settings import Settings

        settings = Settings()
    except ValueError as exc:  # pydantic's ValidationError: a bad PAPERS_* value
        first = str(exc).splitlines()
        print(f"papers: invalid setting: {' '.join(first[1:3]).strip() or exc}", file=sys.stderr)
        return 1
    try:
        return int(args.handler(args, settings))
    except PapersError as exc:
        print(f"papers: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("papers: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `papers list | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def build_parser() -> argparse.ArgumentParser:
    from index.limits import MAX_K
    from ui import check, commands, evaluate
    from ui.output import add_filter_flags, positive, sources

    parser = argparse.ArgumentParser(
        prog="papers", description="Ask questions about machine-learning papers; get cited, checked answers."
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("index", help="index the bundled papers, or your own files and folders")
    p.add_argument(
        "paths", nargs="*", type=Path, help="PDF, text, Markdown, listing or JSONL files, or folders"
    )
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    p.add_argument(
        "--device", choices=["auto", "cpu", "cuda", "mps"], default=None, help="where to embed (default auto)"
    )
    p.set_defaults(handler=commands.index)

    p = sub.add_parser("list", help="every indexed paper with its metadata (bulk collections summed up)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="list the papers of bulk (JSONL) collections too")
    p.add_argument("--source", default=None, help="only the papers of this file or listing")
    p.add_argument("--bibtex", action="store_true", help="print the papers as BibTeX entries")
    p.add_argument("--year", help="only papers of this year or range: 2021, 2019-2021, 2020-")
    p.add_argument("--author", help="only papers with an author whose name contains this (accents optional)")
    p.add_argument("--id", help="only the paper with this arXiv id, DOI, URL, BibTeX key or paper id")
    p.add_argument("--sort", choices=SORTS, help="order by this column (default: listing, then title)")
    p.add_argument(
        "--descending", action="store_true", help="largest or latest first (without --sort: reversed)"
    )
    p.set_defaults(handler=commands.list_papers)

    p = sub.add_parser("search", help="find papers (hybrid, dense or BM25)")
    p.add_argument("query", nargs="?", help="what to look for")
    p.add_argument("-k", type=positive, default=5, help="papers to show (default 5)")
    p.add_argument("--mode", choices=MODES, default=None)
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--queries", type=Path, help="JSONL (qid, question) or TSV (qid<TAB>query): write a TREC run"
    )
    p.add_argument("--out", type=Path, help="where to write the TREC run (default: stdout)")
    add_filter_flags(p)
    p.set_defaults(handler=commands.search)

    p = sub.add_parser("remove", help="take a paper (id or title) or a file out of the index")
    p.add_argument("key", help="paper_id, exact title, or file path")
    p.set_defaults(handler=commands.remove)

    p = sub.add_parser("ask", help="ask a question; get a cited answer")
    p.add_argument("question")
    p.add_argument("--backend", choices=["auto", "ollama", "embedded"], default=None)
    p.add_argument("--model", default=None, help="Ollama model name or GGUF path")
    p.add_argument("-k", type=sources, default=None, help=f"sources to give the model (1 to {MAX_K})")
    p.add_argument("--mode", choices=MODES, default=None)
    p.add_argument("--json", action="store_true", help="print the Answer as JSON")
    p.add_argument("--bibtex", action="store_true", help="then print the BibTeX of the papers it cites")
    add_filter_flags(p)
    p.set_defaults(handler=commands.ask)

    p = sub.add_parser(
        "compare", help="a table of the most relevant papers: each one's approach and result, quoted"
    )
    p.add_argument("question")
    p.add_argument("--papers", type=positive, default=8, help="papers in the table (default 8)")
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print the table as JSON")
    shown.add_argument("--csv", action="store_true", help="print the table as CSV")
    shown.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    add_filter_flags(p)
    p.set_defaults(handler=commands.compare)

    p = sub.add_parser("check", help="verify a draft's cited claims ([@key]) against the papers")
    p.add_argument(
        "draft", nargs="?", type=Path, help="Markdown citing [@key], [@doi:...] or [@arXiv:ID] (- for stdin)"
    )
    p.add_argument(
        "--claims",
        type=Path,
        default=None,
        help='JSON Lines of {"id", "claim", "paper_id"}; prints JSON lines',
    )
    p.set_defaults(handler=check.run_check)

    p = sub.add_parser("chat", help="serve the chat at http://127.0.0.1:7860 and open it in your browser")
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--no-index", action="store_true", help="do not index the bundled papers first")
    p.add_argument(
        "--no-browser",
        action="store_true",
        help="only print the address (also PAPERS_NO_BROWSER=1; no browser opens without a desktop)",
    )
    p.set_defaults(handler=commands.chat)

    p = sub.add_parser("doctor", help="check the index, Ollama and the embedded model")
    p.set_defaults(handler=commands.doctor)

    p = sub.add_parser("migrate-index", help="back up an index written by another chromadb, then migrate it")
    p.set_defaults(handler=commands.migrate_index)

    p = sub.add_parser("serve-index", help="run a Chroma server over the data folder, to share the index")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="bind beyond loopback with no auth (trusted networks only)",
    )
    p.set_defaults(handler=commands.serve_index)

    evaluate.add_parser(sub)
    return parser


if __name__ == "__main__":
    sys.exit(main())
