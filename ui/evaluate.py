"""`papers eval ...`: arguments and handlers; the work lives in `evaluation`, `metrics` and `reports`."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.errors import PapersError
from index.limits import MODES
from ui.output import add_filter_flags, filters_from, positive

if TYPE_CHECKING:
    from index.settings import Settings

def add_parser(sub: Any) -> None:
    p = sub.add_parser("eval", help="evaluate retrieval or answers on a question set")
    p.set_defaults(handler=lambda args, settings: p.print_help() or 0)
    evals = p.add_subparsers(title="evaluations", metavar="WHAT")

    r = evals.add_parser("retrieval", help="nDCG@10, recall, MRR@10 and MAP per retrieval mode, with CIs")
    _questions(r)
    r.add_argument(
        "--modes",
        type=_modes,
        default=list(MODES),
        help="comma-separated modes (default dense,bm25,hybrid)",
    )
    r.add_argument(
        "-k",
        type=_ints,
        default=[1, 5, 10],
        dest="ks",
        metavar="K,K,...",
        help="more recall cutoffs, e.g. 3,20 (R@1, R@5 and R@10 are always reported)",
    )
    r.add_argument(
        "--out",
        type=Path,
        default=Path("eval-reports/retrieval"),
        help="folder for the .run files, report.md, report.json and plots",
    )
    add_filter_flags(r)
    r.set_defaults(handler=retrieval)

    a = evals.add_parser("answers", help="citations, support, abstention, nuggets and timings of the chain")
    _questions(a)
    a.add_argument("--backend", choices=["auto", "ollama", "embedded"], default=None)
    a.add_argument("--model", default=None, help="Ollama model name or GGUF path")
    a.add_argument("-k", type=positive, default=None, help="sources to give the model")
    a.add_argument("--limit", type=int, default=None, help="only the first N questions")
    a.add_argument(
        "--out",
        type=Path,
        default=Path("eval-reports/answers"),
        help="folder for report.md, report.json and plots",
    )
    add_filter_flags(a)
    a.set_defaults(handler=answers)

    c = evals.add_parser(
        "claims",
        help="the claim verifier on claims made from the bundled papers: tuned on dev, reported on test",
    )
    c.add_argument(
        "--hand",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "eval" / "claims_reworded.jsonl",
        help="hand-reworded true claims (JSON Lines: paper_id, source, claim)",
    )
    c.add_argument(
        "--realistic",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "eval" / "claims_realistic.jsonl",
        help="hand-written realistic claims (JSON Lines: paper_id, kind, true, claim, source, why)",
    )
    c.add_argument("--seed", type=int, default=0, help="seed of the claim generator")
    c.add_argument("--out", type=Path, default=Path("eval-reports/claims"), help="folder for the report")
    c.set_defaults(handler=claims)


def _questions(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "questions",
        type=Path,
        metavar="QUESTIONS",
        help="JSONL question set, or queries (BEIR queries.jsonl, TSV qid<TAB>query) with --qrels",
    )
    p.add_argument(
        "--qrels",
        type=Path,
        default=None,
        metavar="FILE",
        help="judgements for the queries: BEIR TSV `query-id corpus-id score` or TREC "
        "`qid 0 docid grade`; queries without judgements are skipped",
    )
    p.add_argument(
        "--split", choices=["dev", "test", "all"], default="all", help="which questions (default all)"
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap and the randomization test")
    p.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples (default 2000)")


def _ints(text: str) -> list[int]:
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers like 1,5,10, got {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("cutoffs must be positive")
    return values


def _modes(text: str) -> list[str]:
    modes = [m.strip() for m in text.split(",") if m.strip()]
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise argparse.ArgumentTypeError(f"modes are {', '.join(MODES)}; got {text!r}")
    return list(dict.fromkeys(modes))


def load(args: argparse.Namespace, library: Any) -> list[Any]:
    """The question set: read, judged by --qrels if given, one split, gold titles resolved to paper_ids."""
    from eval.questions import attach_qrels, read_qrels, read_questions, resolve_gold, select_split

    questions = read_questions(args.questions)
    if args.qrels:
        questions = attach_qrels(questions, read_qrels(args.qrels))
    duplicates = [qid for qid, n in Counter(q.qid for q in questions).items() if n > 1]
    if duplicates:
        raise PapersError(f"{args.questions}: question ids used twice: {', '.join(sorted(duplicates))}")
    questions = select_split(questions, args.split)
    if not questions:
        raise PapersError(f"{args.questions}: no questions")
    return resolve_gold(questions, [(r.paper_id, r.title) for r in library.papers()])


def retrieval(args: argparse.Namespace, settings: Settings) -> int:
    from rich.console import Console

    from eval.evaluation import evaluate_retrieval, run_info
    from eval.report_tables import retrieval_table
    from eval.reports import write_retrieval
    from index.library import Library
    from ui.output import progress_bar

    library = Library(settings)
    questions = load(args, library)
    filters = filters_from(args)

    def search(query: str, k: int, mode: str) -> Any:
        return library.search(query, k, mode, filters)

    with progress_bar() as update:
        result = evaluate_retrieval(
            questions,
            search,
            args.modes,
            args.ks,
            settings.min_relevance,
            args.resamples,
            args.seed,
            update,
        )
    result.info = run_info(settings, library, args.questions, args.split) | {
        "resamples": args.resamples,
        "seed": args.seed,
        "modes": args.modes,
        "filters": filters.where(),
    }
    written = write_retrieval(result, args.out)
    Console().print(retrieval_table(result))
    print(f"wrote {', '.join(p.name for p in written)} to {args.out}", file=sys.stderr)
    return 0


def answers(args: argparse.Namespace, settings: Settings) -> int:
    from rich.console import Console

    from assistant.chain import Assistant, Options
    from eval.evaluation import ANSWER_SETTINGS, evaluate_answers, run_info
    from eval.report_tables import answers_table
    from eval.reports import write_answers
    from index.library import Library
    from ui.output import progress_bar

    library = Library(settings)
    questions = load(args, library)[: args.limit]
    assistant = Assistant(settings, library)
    filters = filters_from(args)

    def ask(question: str) -> Any:
        return assistant.ask(question, None, Options(args.backend, args.model, args.k, None, filters))

    with progress_bar() as update:
        result = evaluate_answers(questions, ask, args.resamples, args.seed, update)  # type: ignore[arg-type]
    result.info = run_info(settings, library, args.questions, args.split, ANSWER_SETTINGS) | {
        "resamples": args.resamples,
        "seed": args.seed,
        "backend": args.backend or settings.backend,
        "model": args.model,
        "k": args.k or settings.k,
        "limit": args.limit,
        "filters": filters.where(),
    }
    written = write_answers(result, args.out)
    Console().print(answers_table(result))
    print(f"wrote {', '.join(p.name for p in written)} to {args.out}", file=sys.stderr)
    return 0


def claims(args: argparse.Namespace, settings: Settings) -> int:
    from eval import claimbench
    from index.embeddings import Embedder
    from ui.output import progress_bar

    embedder = Embedder(
        settings.embedding_model,
        settings.device,
        settings.embed_batch_size,
        settings.models_dir,
        settings.embed_engine,
    )
    with progress_bar() as update:
        result = claimbench.run(embedder, args.out, args.hand, args.seed, update, args.realistic)
    for name, splits in result["sets"].items():
        for split in ("test", "dev"):
            if split not in splits:
                continue
            s = splits[split]
            o, b = s["verifier_overall"], s["v1_overall"]
            print(
                f"{name} claims, {split} papers (tuned on dev): true accepted {o['true_accepted']:.3f} "
                f"(v1 {b['true_accepted']:.3f}), false flagged {o['false_flagged']:.3f} "
                f"(v1 {b['false_flagged']:.3f}), true called contradicted {o['true_contradicted']:.3f} "
                f"(v1 {b['true_contradicted']:.3f})"
            )
            for kind, v in s["verifier"].items():
                print(f"  {kind:22s} n={v['n']:4d}  right {v['accuracy']:.3f}  (v1 {s['v1'][kind]['accuracy']:.3f})")  # noqa: E501
    print(f"wrote report.md, report.json, claims.json, accuracy.png to {args.out}", file=sys.stderr)
    return 0
