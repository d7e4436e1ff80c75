"""Question files: JSONL question sets, TSV queries, and BEIR/TREC queries + qrels."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.errors import PapersError, UnknownPaper

TYPES = ("known-item", "topical", "out-of-corpus", "answer")
OUT = "out-of-corpus"  # no relevant paper in the corpus: the assistant should decline


@dataclass(frozen=True)
class Question:
    qid: str
    question: str
    type: str = "topical"
    gold: dict[str, int] = field(default_factory=dict)  # paper_id (or exact title) -> grade 1|2
    nuggets: tuple[str, ...] = ()
    split: str = ""


def read_queries(path: Path) -> list[tuple[str, str]]:
    """(qid, query) pairs from JSONL (`qid`, `question`) or TSV (`qid<TAB>query`)."""
    return [(q.qid, q.question) for q in read_questions(path)]


def run_line(qid: str, paper_id: str, rank: int, score: float, mode: str) -> str:
    """One line of a TREC run file (what trec_eval and ir-measures read).

    Example:
        >>> run_line("q1", "p1a2b3", 1, 0.5, "hybrid")
        'q1 Q0 p1a2b3 1 0.50000000 papers-hybrid'
    """
    return f"{qid} Q0 {paper_id} {rank} {score:.8f} papers-{mode}"


def read_questions(path: Path) -> list[Question]:
    """Questions from a JSONL set, a TSV of queries, or a BEIR queries.jsonl (`_id`, `text`)."""
    if not path.is_file():
        raise PapersError(f"{path}: no such file")
    questions: list[Question] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            questions.append(_parse_line(line))
        except (ValueError, KeyError, TypeError) as exc:
            raise PapersError(f"{path}:{number}: not a question line ({exc})") from None
    return questions


def _parse_line(line: str) -> Question:
    if not line.lstrip().startswith("{"):
        qid, query = line.rstrip("\n").split("\t", 1)
        return Question(qid.strip(), query.strip())
    obj = json.loads(line)
    qid = str(obj.get("qid", obj.get("_id")))
    text = obj.get("question", obj.get("text"))
    if not text or qid == "None":
        raise KeyError("qid and question are required")
    qtype = obj.get("type", "topical")
    if qtype not in TYPES:
        raise ValueError(f"type must be one of {', '.join(TYPES)}")
    gold = {str(k): int(v) for k, v in (obj.get("gold") or {}).items()}
    if any(g not in (1, 2) for g in gold.values()):
        raise ValueError("gold grades must be 1 or 2")
    return Question(qid, str(text), qtype, gold, tuple(obj.get("nuggets") or ()), str(obj.get("split", "")))


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """Judgements: BEIR qrels TSV (`query-id corpus-id score`, a header) or TREC qrels (`qid 0 docid grade`).

    The TREC line "q1 0 p1a2b3c4d5e6 2" reads as {"q1": {"p1a2b3c4d5e6": 2}}.
    """
    if not path.is_file():
        raise PapersError(f"{path}: no such file")
    qrels: dict[str, dict[str, int]] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t") if "\t" in line else line.split()
        if len(fields) not in (3, 4):
            raise PapersError(f"{path}:{number}: expected `query-id corpus-id score` or `qid 0 docid grade`")
        qid, doc, grade = fields[0], fields[-2], fields[-1]
        try:
            qrels.setdefault(qid.strip(), {})[doc.strip()] = int(float(grade))
        except ValueError:
            if not qrels and fields[0].strip().lower() in ("query-id", "query_id", "qid"):
                continue  # the BEIR header
            raise PapersError(f"{path}:{number}: the grade {grade.strip()!r} is not a number") from None
    return qrels


def attach_qrels(questions: list[Question], qrels: dict[str, dict[str, int]]) -> list[Question]:
    """The questions that have judgements, with them as gold; none above grade 0 -> out-of-corpus."""
    judged = [q for q in questions if q.qid in qrels]
    if not judged:
        raise PapersError("No query id of the questions appears in the qrels file.")
    return [
        replace(q, gold=qrels[q.qid], type=q.type if any(g > 0 for g in qrels[q.qid].values()) else OUT)
        for q in judged
    ]


def select_split(questions: list[Question], split: str) -> list[Question]:
    """The questions of one split ("dev", "test"), or all of them ("all")."""
    if split == "all":
        return questions
    chosen = [q for q in questions if q.split == split]
    if not chosen:
        raise PapersError(f'No question has "split": "{split}"; use --split all for a file without splits.')
    return chosen


def resolve_gold(questions: list[Question], papers: list[tuple[str, str]]) -> list[Question]:
    """Gold papers given by paper_id or exact title, as paper_ids; unknown ones are an error naming them.

    `papers` is the index's (paper_id, title) pairs. Titles match exactly, else ignoring case and spacing.
    """
    ids = {pid for pid, _ in papers}
    exact = {title: pid for pid, title in papers}
    loose: dict[str, set[str]] = {}
    for pid, title in papers:
        loose.setdefault(_loose(title), set()).add(pid)
    unknown: list[str] = []
    resolved: list[Question] = []
    for q in questions:
        gold: dict[str, int] = {}
        for key, grade in q.gold.items():
            found = key if key in ids else exact.get(key)
            if found is None and len(loose.get(_loose(key), ())) == 1:
                found = next(iter(loose[_loose(key)]))
            if found is None:
                unknown.append(f"{q.qid}: {key!r}")
            else:
                gold[found] = max(grade, gold.get(found, 0))
        resolved.append(replace(q, gold=gold))
    if unknown:
        shown = "; ".join(unknown[:10]) + (f"; and {len(unknown) - 10} more" if len(unknown) > 10 else "")
        raise UnknownPaper(
            f"Gold papers not in the index (neither a paper_id nor an exact title): {shown}. "
            "See `papers list` for the indexed papers."
        )
    return resolved


def _loose(title: str) -> str:
    return " ".join(title.casefold().split())
