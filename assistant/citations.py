"""Check an answer against its sources: resolve `[n]`, verify support, add or flag.

Every answer sentence is compared (cosine of sentence embeddings) with the sentences of the
sources: a cited sentence supported by its source keeps the citation; a sentence supported by a
source it did not cite gets that citation added; a sentence with no support is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.answer import Citation, Sentence, Source
from index.chunking import split_sentences

_MARK = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)]*)\)")
_TAG = re.compile(r"</?[a-zA-Z][^>]{0,40}>")  # echoed <sources>, <pre><code>: markup, not claims
# "claim. [1] Next" -> "claim [1]. Next": marks after the full stop belong to the sentence before
_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")
# sentences that state no fact about the papers: nothing to check
_NO_CLAIM = re.compile(
    r"^(i (do not|don't|cannot|can't) |the (sources|papers) (do not|don't)|sorry|i hope|let me know)", re.I
)


@dataclass
class Checked:
    text: str
    sentences: list[Sentence]
    citations: list[Citation]
    removed: list[int]
    unsupported: list[str]


def parse_marks(sentence: str) -> tuple[str, list[int]]:
    """Strip `[n]` marks from a sentence and return them in order.

    Example: parse_marks("ViT works well [2][1, 3].") -> ("ViT works well.", [2, 1, 3])
    """
    numbers = [int(n) for group in _MARK.findall(sentence) for n in re.split(r"[,;]", group)]
    return _MARK.sub("", sentence).strip(), list(dict.fromkeys(numbers))


def strip_links(text: str, allowed: set[str]) -> str:
    """Markdown links and images survive only when they point at an indexed source."""
    return _LINK.sub(lambda m: m.group(0) if m.group(2) in allowed else m.group(1), text)


def check(answer: str, sources: list[Source], embedder: Embeddings, threshold: float) -> Checked:
    """Resolve, verify and complete the citations of `answer` against `sources`."""
    by_n = {s.n: s for s in sources}
    allowed = {s.source for s in sources}
    answer = _AFTER_STOP.sub(r"\2\1", strip_links(_TAG.sub(" ", answer), allowed))
    raw = [parse_marks(s) for s in split_sentences(answer)]
    removed = sorted({n for _, marks in raw for n in marks if n not in by_n})
    claims = [(text, [n for n in marks if n in by_n]) for text, marks in raw if text]
    src_sents = [(s.n, sent) for s in sources for sent in split_sentences(s.text)]
    if not claims:
        return Checked("", [], [], removed, [])
    vectors = np.asarray(embedder.embed_documents([t for t, _ in claims] + [t for _, t in src_sents]))
    sims = vectors[: len(claims)] @ vectors[len(claims) :].T if src_sents else np.zeros((len(claims), 0))
    sentences: list[Sentence] = []
    best_support: dict[int, tuple[float, str]] = {}
    for i, (text, cites) in enumerate(claims):
        per_source: dict[int, tuple[float, str]] = {}
        for j, (n, sent) in enumerate(src_sents):
            if sims[i, j] > per_source.get(n, (-1.0, ""))[0]:
                per_source[n] = (float(sims[i, j]), sent)
        sentence = _judge(text, cites, per_source, threshold)
        sentences.append(sentence)
        for n in sentence.cites:
            score, sent = per_source.get(n, (0.0, ""))
            if score > best_support.get(n, (-1.0, ""))[0]:
                best_support[n] = (score, sent)
    citations = [_citation(by_n[n], *best_support[n]) for n in sorted(best_support)]
    text = " ".join(s.text + "".join(f" [{n}]" for n in s.cites) for s in sentences)
    unsupported = [s.text for s in sentences if s.status == "unsupported"]
    return Checked(text, sentences, citations, removed, unsupported)


def _judge(
    text: str, cites: list[int], per_source: dict[int, tuple[float, str]], threshold: float
) -> Sentence:
    """supported: a cited source backs it; added: another source does; else unsupported."""
    if _NO_CLAIM.search(text) or len(text.split()) < 4:
        return Sentence(text, [], "no-claim")
    backed = [n for n in cites if per_source.get(n, (0.0, ""))[0] >= threshold]
    if backed:
        return Sentence(text, backed, "supported", max(per_source[n][0] for n in backed))
    best = max(per_source, key=lambda n: per_source[n][0], default=None)
    if best is not None and per_source[best][0] >= threshold:
        return Sentence(text, [best], "added", per_source[best][0])
    top = max((per_source.get(n, (0.0, ""))[0] for n in cites), default=0.0)
    return Sentence(text, cites, "unsupported", top)


def _citation(source: Source, support: float, sentence: str) -> Citation:
    return Citation(
        n=source.n,
        paper_id=source.paper_id,
        title=source.title,
        source=source.source,
        snippet=source.text,
        sentence=sentence,
        support=round(support, 4),
        chunk_id=source.chunk_id,
        meta=source.meta,
    )
