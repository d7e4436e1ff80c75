"""Compare papers: one row per relevant paper, its approach and its result, each a verbatim quote.

The N most relevant papers for a question (paper-level retrieval, the usual filters) each get two
cells, chosen from their own stored sentences by the evidence machinery of answers (meaning, the
question's terms, and a number where a result is asked for):

- approach: the sentence that best says what the paper does for the question;
- result: the sentence that best states its result, preferring one with a number.

A cell is a quote with its location (the chunk it sits in), or None ("not stated") when no
sentence is good enough; it is never written by a model, so it is true of its paper by construction.

Usage:
    table = compare(library, verifier, "How can video diffusion be distilled to few steps?", n=8)
    [(row.title, row.approach and row.approach.quote) for row in table.rows]
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from assistant import claims as read
from assistant.evidence import states_quantity
from assistant.verifier import Verifier
from index.chunking import split_sentences
from index.retrieval import Filters

# what a sentence that says what a paper does, or what it found, tends to contain
_APPROACH = re.compile(
    r"\b(we|this paper|this work|our (method|approach|framework|model))\b.{0,40}\b(propose|present|introduce|"
    r"develop|design|describe|train|use|build|leverag|adopt|formulat|extend)|\b(method|approach|framework|"
    r"architecture|technique|algorithm|strategy|pipeline)\b",
    re.IGNORECASE,
)
_RESULT = re.compile(
    r"\b(outperform|achiev|improv|reach|surpass|reduc|speed|faster|accura|state-of-the-art|sota|"
    r"results? show|gain|better|fewer|lower|higher|score|fid|bleu|top-1|%)",
    re.IGNORECASE,
)
# the state of the field, not the paper's own step; and what it found, not what it does
_BACKGROUND = re.compile(
    r"^(recently|in recent years|despite|although|however|existing|traditional|current|previous|while)\b"
    r"|\b(have|has) (shown|achieved|attracted|become|demonstrated|gained|emerged)\b|\bremains? (a |an )?"
    r"(challenge|challenging|difficult|open)|\b(struggle|suffer)",
    re.IGNORECASE,
)
_FINDING = re.compile(
    r"\b(experiments?|results?|evaluations?)\b.{0,60}\b(show|demonstrate|confirm|indicate)", re.IGNORECASE
)
_SIZE = re.compile(r"\b\d+(\.\d+)?\s*[x×]\s*\d+(\.\d+)?\b")  # 256x256, 1024×1024: a size
MIN_APPROACH = 0.35  # below: "not stated" (score = cosine + cues; set by eye on the dev topical questions)
MIN_RESULT = 0.35


@dataclass(frozen=True)
class Cell:
    """A verbatim quote of the paper and where it sits."""

    quote: str
    location: str


@dataclass(frozen=True)
class Row:
    paper_id: str
    title: str
    year: str
    link: str
    approach: Cell | None
    result: Cell | None
    relevance: float
    number: float | None = None  # the first number of the result quote, to sort by


@dataclass(frozen=True)
class Table:
    question: str
    rows: list[Row]

    def to_json(self) -> dict[str, Any]:
        """`{"question", "rows": [{"paper_id", "title", "year", "approach", "result", ...}]}`."""
        return {"question": self.question, "rows": [asdict(r) for r in self.rows]}


def year(meta: dict[str, Any]) -> str:
    """The paper's year, from its date.

    Example:
        >>> year({"date": "Submitted on 19 May 2023"}), year({})
        ('2023', '')
    """
    found = re.search(r"\b(19|20)\d\d\b", str(meta.get("date", "")))
    return found.group(0) if found else ""


def link(meta: dict[str, Any], source: str) -> str:
    """Where the paper can be read: its URL, its arXiv page, its DOI, or the file it came from.

    Example:
        >>> link({"arxiv_id": "2401.01234"}, "listing.txt")
        'https://arxiv.org/abs/2401.01234'
    """
    if meta.get("url"):
        return str(meta["url"])
    if meta.get("arxiv_id"):
        return f"https://arxiv.org/abs/{meta['arxiv_id']}"
    if meta.get("doi"):
        return f"https://doi.org/{meta['doi']}"
    return source


def first_number(text: str) -> float | None:
    """The first number a quote states, to sort a table by.

    Example:
        >>> first_number("It reaches an FID of 5.02 with 15.7M parameters.")
        5.02
        >>> first_number("It makes 256x256 clips with 64x fewer computations.")  # a size is not a result
        64.0
    """
    found = read.numbers(_SIZE.sub(" ", text))
    return found[0].value if found else None


def compare(
    library: Any, verifier: Verifier, question: str, n: int = 8, filters: Filters = Filters(), mode: str = ""
) -> Table:
    """The comparison table for `question`: the `n` most relevant papers, best first."""
    hits = library.retriever.papers(question, mode or library.settings.mode, n, filters)
    records = {r.paper_id: r for r in library.papers()} if hits else {}
    asked = read.content(question)
    q_vector = verifier.embed([question])[0]
    rows = []
    for hit in hits:
        sentences: list[tuple[str, str]] = []  # (sentence, location)
        seen: set[str] = set()
        for i, (_chunk_id, text) in enumerate(library.store.paper_chunks(hit.paper_id), 1):
            for sentence in split_sentences(text):
                if sentence not in seen and len(sentence.split()) >= 5:
                    seen.add(sentence)
                    sentences.append((sentence, f"chunk {i}"))
        approach = result = None
        if sentences:
            vectors = verifier.embed([s for s, _ in sentences])
            cosines = vectors @ q_vector
            approach = _best(sentences, cosines, asked, _approach_cue, MIN_APPROACH)
            taken = approach.quote if approach else ""
            result = _best(
                [(s, where) for s, where in sentences if s != taken],
                [c for (s, _), c in zip(sentences, cosines, strict=True) if s != taken],
                asked,
                _result_cue,
                MIN_RESULT,
            )
        record = records.get(hit.paper_id)
        meta = record.meta if record else {}
        rows.append(
            Row(
                hit.paper_id,
                hit.title,
                year(meta),
                link(meta, hit.source),
                approach,
                result,
                round(float(hit.score), 4),
                first_number(result.quote) if result else None,
            )
        )
    return Table(question, rows)


def _approach_cue(sentence: str) -> float:
    """What-it-does cues up; background ("Recently, X have shown") and findings down."""
    cue = 0.3 if _APPROACH.search(sentence) else 0.0
    if _BACKGROUND.search(sentence):
        cue -= 0.2
    if _FINDING.search(sentence):
        cue -= 0.15
    return cue


def _result_cue(sentence: str) -> float:
    cue = 0.1 if _RESULT.search(sentence) else 0.0
    return cue + (0.2 if states_quantity(sentence) else 0.0)


def _best(
    sentences: list[tuple[str, str]], cosines: Any, asked: set[str], cue: Any, floor: float
) -> Cell | None:
    """The sentence scoring best (cosine with the question, shared terms, the cell's cue), or None."""
    best, best_score = None, floor
    for (sentence, where), cos in zip(sentences, cosines, strict=True):
        terms = len(asked & read.content(sentence)) / max(1, len(asked))
        score = float(cos) + 0.25 * terms + cue(sentence)
        if score > best_score:
            best, best_score = Cell(sentence, where), score
    return best
