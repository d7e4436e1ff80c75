"""Question files: JSONL question sets, TSV queries, and BEIR/TREC queries + qrels."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import PapersError

TYPES = ("known-item", "topical", "out-of-corpus", "answer")


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
