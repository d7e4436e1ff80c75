"""The plain data an answer is made of; the CLI, the UI and the evaluation all read it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Source:
    """A numbered source given to the model: one retrieved chunk."""

    n: int
    paper_id: str
    title: str
    source: str
    text: str
    chunk_id: str
    dense: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Citation:
    """A `[n]` in the answer, resolved by the app (never by the model) to a real paper."""

    n: int
    paper_id: str
    title: str
    source: str
    snippet: str  # the cited chunk's text
    sentence: str  # the sentence of the chunk that supports the claim (to highlight)
    support: float  # cosine between the answer sentence and `sentence`
    chunk_id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


# statuses of sentences listed under "Not verified" (set-aside: verified, but it does not answer)
NOT_SHOWN = ("contradicted", "unsupported", "set-aside")


@dataclass
class Sentence:
    """One sentence of the answer and what the checker found for it."""

    text: str
    cites: list[int]
    status: str  # supported | added | contradicted | unsupported | set-aside | no-claim
    support: float = 0.0  # cosine of the sentence and `evidence`
    reason: str = ""  # why it is not verified: "[1] says 0.5 seconds, not 2.5 seconds"
    evidence: str = ""  # the source sentence it was checked against, verbatim

    @property
    def verified(self) -> bool:
        return self.status in ("supported", "added")


@dataclass
class Evidence:
    """A source sentence quoted verbatim because it answers the question."""

    n: int
    paper_id: str
    quote: str
    score: float
    title: str = ""


@dataclass
class Answer:
    question: str
    text: str = ""
    citations: list[Citation] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    declined: bool = False
    nearest: list[dict[str, Any]] = field(default_factory=list)  # papers shown when declined
    evidence: list[Evidence] = field(default_factory=list)  # shown first: "From the papers"
    draft: str = ""  # the model's text as it wrote it, before checking
    removed: list[int] = field(default_factory=list)  # [n] the model invented, removed
    instructions_removed: list[int] = field(default_factory=list)  # [n] whose text addressed the model
    left_out: list[str] = field(default_factory=list)  # sources that did not fit the context
    standalone: str = ""  # the question as rewritten from the conversation
    backend: str = ""
    model: str = ""
    interrupted: bool = False
    error: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # seconds: retrieval, first_token, ...
    prompt_tokens: int = 0  # what the model read: the prompt, its sources and the question

    @property
    def evidence_only(self) -> bool:
        """No sentence of the model's survived the check: the answer is the evidence alone."""
        return not self.declined and not self.text and bool(self.evidence)

    @property
    def not_verified(self) -> list[Sentence]:
        """The sentences not shown as the answer, with their reasons: kept once, in `sentences`."""
        return [s for s in self.sentences if s.status in NOT_SHOWN]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        not_verified = [asdict(s) for s in self.not_verified]
        return {**data, "not_verified": not_verified, "evidence_only": self.evidence_only}
