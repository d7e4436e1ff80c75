"""Sentence-aware chunks sized in the embedding model's own word pieces; nothing truncated."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from index.papers import Paper, clean_text

TokenCounter = Callable[[str], int]  # text -> word pieces, without [CLS]/[SEP]

_ABBREV = r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bet al\.)(?<!\bFig\.)(?<!\bvs\.)(?<!\bEq\.)(?<!\bcf\.)"
# a sentence ends at . ! ? before a capital; a list item ("- It uses ...") starts a new one
_SENTENCE_END = re.compile(_ABBREV + r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\s+(?=[-•]\s+[\"'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Chunk:
    """A piece of one paper that fits the embedder; `embed_text` is what gets embedded."""

    chunk_id: str
    paper_id: str
    title: str
    text: str
    position: int
    source: str
    page: int | None = None
    meta: dict[str, str | int] = field(default_factory=dict)

    @property
    def embed_text(self) -> str:
        return f"{self.title}\n{self.text}"


def split_sentences(text: str) -> list[str]:
    """Sentences, keeping their punctuation.

    Example:
        >>> split_sentences("We use ViT, e.g. ViT-B. It works!")
        ['We use ViT, e.g. ViT-B.', 'It works!']
        >>> split_sentences("Pros: - Fast. - Small.")
        ['Pros:', '- Fast.', '- Small.']
    """
    parts = (p.strip() for p in _SENTENCE_END.split(" ".join(text.split())))
    return [p for p in parts if p]


def chunk_paper(paper: Paper, count: TokenCounter, max_tokens: int = 200, overlap: int = 1) -> list[Chunk]:
    """Pack whole sentences into chunks of at most `max_tokens` word pieces, title included."""
    budget = max(16, max_tokens - count(paper.title) - 1)
    pages: list[tuple[int | None, str]] = [(i + 1, clean_text(p)[0]) for i, p in enumerate(paper.pages)]
    pages = pages or [(None, paper.text)]
    chunks: list[Chunk] = []
    for page, text in pages:
        for body in pack(split_sentences(text), count, budget, overlap):
            chunks.append(_make_chunk(paper, body, len(chunks), page))
    return chunks


def pack(sentences: list[str], count: TokenCounter, budget: int, overlap: int = 1) -> list[str]:
    """Greedy packing of sentences; a sentence over budget is cut at word boundaries.

    The last `overlap` sentences of a chunk open the next one when they fit beside it.
    Example (one token a word, budget 4): ["a b.", "c d.", "e f."] -> ["a b. c d.", "c d. e f."]
    """
    pieces = [p for s in sentences for p in _fit(s, count, budget)]
    sizes = [count(p) for p in pieces]
    chunks: list[str] = []
    start = 0
    while start < len(pieces):
        end, used = start, 0
        while end < len(pieces) and used + sizes[end] <= budget:
            used += sizes[end]
            end += 1
        end = max(end, start + 1)
        chunks.append(" ".join(pieces[start:end]))
        if end >= len(pieces):
            break
        back = min(overlap, end - start - 1)
        start = end - back if back > 0 and sum(sizes[end - back : end + 1]) <= budget else end
    return chunks


def _fit(sentence: str, count: TokenCounter, budget: int) -> list[str]:
    """The sentence itself, or word-boundary pieces of it that each fit the budget."""
    if count(sentence) <= budget:
        return [sentence]
    out: list[str] = []
    current: list[str] = []
    for word in _words(sentence, count, budget):
        if current and count(" ".join([*current, word])) > budget:
            out.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        out.append(" ".join(current))
    return out


def _words(sentence: str, count: TokenCounter, budget: int) -> Iterator[str]:
    """Words, with a word too long for any chunk (a URL, a formula) cut into 40-character slices."""
    for word in sentence.split():
        if count(word) <= budget:
            yield word
        else:
            yield from (word[i : i + 40] for i in range(0, len(word), 40))


def _make_chunk(paper: Paper, text: str, position: int, page: int | None) -> Chunk:
    digest = hashlib.sha256(f"{paper.paper_id}\x1f{position}\x1f{text}".encode()).hexdigest()
    return Chunk(
        chunk_id=f"{paper.paper_id}-{digest[:12]}",
        paper_id=paper.paper_id,
        title=paper.title,
        text=text,
        position=position,
        source=paper.source,
        page=page,
        meta=dict(paper.meta),
    )
