"""The retrieval chain: condense -> retrieve -> pack -> quote -> generate (streamed) -> check citations.

Usage:
    assistant = Assistant(settings, library)
    for event in assistant.stream("How do they prune transformers?"):
        print(event.evidence if isinstance(event, Quotes) else event.text)  # quotes, tokens, the answer
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from assistant import citations, evidence, hygiene, prompts
from assistant.answer import Answer, Evidence, Source
from assistant.verifier import Verifier
from index.errors import Hint, PapersError
from index.library import Library
from index.retrieval import Filters, Hit, fuse
from index.settings import Settings
from index.sparse import tokenize

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessageChunk

History = list[tuple[str, str]]  # [(user question, assistant answer), ...]


@dataclass(frozen=True)
class Token:
    """A piece of the answer as the model streams it."""

    text: str


@dataclass(frozen=True)
class Quotes:
    """The evidence, chosen before the model writes: shown first."""

    evidence: list[Evidence]


@dataclass(frozen=True)
class Options:
    """One question's choices; None takes the setting's value. They go through the chain unchanged."""

    backend: str | None = None
    model: str | None = None
    k: int | None = None
    mode: str | None = None
    filters: Filters = field(default_factory=Filters)


@dataclass(frozen=True)
class Retrieved:
    """What retrieval found for one question: the sources to pack, spare chunks of their papers that
    quotes may come from, and how relevant the best candidates are (absolute scores, which fusion
    does not give): the best dense cosine, and the best BM25 score per query term."""

    hits: list[Hit]
    spares: list[Hit]
    dense: float
    keyword: float


def declines(dense: float, keyword: float, min_relevance: float, min_keyword_score: float) -> bool:
    """The decline rule: nothing indexed answers when neither meaning nor a rare exact term matches.

    Example:
        >>> declines(0.40, 0.50, min_relevance=0.46, min_keyword_score=0.85)
        True
        >>> declines(0.40, 1.20, min_relevance=0.46, min_keyword_score=0.85)  # a rare term, e.g. "ConvBN"
        False
    """
    return dense < min_relevance and keyword < min_keyword_score


def diversify(hits: list[Hit], k: int, per_paper: int) -> list[Hit]:
    """The best k hits with no more than `per_paper` from one paper.

    Example:
        >>> def hit(chunk_id): return Hit(chunk_id, chunk_id[0], "", "", "", 0.0)  # paper "a" or "b"
        >>> [h.chunk_id for h in diversify([hit("a1"), hit("a2"), hit("a3"), hit("b1")], k=3, per_paper=2)]
        ['a1', 'a2', 'b1']
    """
    taken: dict[str, int] = {}
    out = []
    for hit in hits:
        if taken.get(hit.paper_id, 0) < per_paper:
            taken[hit.paper_id] = taken.get(hit.paper_id, 0) + 1
            out.append(hit)
        if len(out) == k:
            break
    return out


def spare(candidates: list[Hit], taken: list[Hit], most: int) -> list[Hit]:
    """Up to `most` more chunks of the papers already in `taken`, in candidate order: a paper's
    result sentence may sit in a chunk that ranked below its description.

    Example:
        >>> def hit(chunk_id): return Hit(chunk_id, chunk_id[0], "", "", "", 0.0)  # paper "a" or "b"
        >>> taken = [hit("a1"), hit("a2"), hit("b1")]
        >>> [h.chunk_id for h in spare([*taken, hit("a3")], taken, most=1)]
        ['a3']
    """
    papers = {h.paper_id for h in taken}
    ids = {h.chunk_id for h in taken}
    return [h for h in candidates if h.paper_id in papers and h.chunk_id not in ids][:most]


class Assistant:
    def __init__(self, settings: Settings, library: Library | None = None) -> None:
        self.settings = settings
        self.library = library or Library(settings)

    @cached_property
    def verifier(self) -> Verifier:
        return Verifier(self.library.embedder)

    def ask(self, question: str, history: History | None = None, options: Options = Options()) -> Answer:
        """The whole answer at once (what `--json`, the API and the evaluation use)."""
        answer = None
        for event in self.stream(question, history, options):
            if isinstance(event, Answer):
                answer = event
        assert answer is not None
        return answer

    def stream(
        self, question: str, history: History | None = None, options: Options = Options()
    ) -> Iterator[Token | Quotes | Answer]:
        """The evidence quotes, tokens as the model writes them, then the checked `Answer`.

        The backend is chosen (Ollama asked, or the embedded model's weights loaded) while retrieval
        runs; the quotes come before LangChain's chat classes are imported and the chat model is
        built, so on a cold start they are on screen while the rest loads. A follow-up needs the
        model first, to rewrite the question.
        """
        from assistant import llm

        start = time.perf_counter()
        answer = Answer(question=question)
        with ThreadPoolExecutor(1, thread_name_prefix="papers-choose") as pool:
            chosen = pool.submit(llm.choose, self.settings, options.backend, options.model)
            model = None
            if history:
                model = llm.build(self.settings, chosen.result())
            answer.standalone = self._standalone(question, history or [], model)
            found = self.retrieve(question, answer.standalone, history or [], options)
            answer.timings["retrieval"] = time.perf_counter() - start
            info = chosen.result()  # its error (no backend answers) is raised here, as before
        answer.backend = info.backend
        answer.model = Path(info.model).name if info.backend == "embedded" else info.model
        if declines(found.dense, found.keyword, self.settings.min_relevance, self.settings.min_keyword_score):
            yield from self._decline(answer, found.hits, start)
            return
        packed, answer.left_out = self._pack(found.hits, question, info)
        evidence_start = time.perf_counter()
        answer.sources, answer.evidence = self._quote(question, packed, found, info)
        answer.timings["evidence"] = time.perf_counter() - evidence_start
        answer.instructions_removed = [
            s.n for s in answer.sources if s.meta.get("flag") == "instructions removed"
        ]
        answer.timings["quotes"] = time.perf_counter() - start
        yield Quotes(answer.evidence)
        text, last = "", cast("BaseMessageChunk | None", None)
        gen_start = time.perf_counter()
        looped = False
        try:  # building the model is in here too: it fails after the quotes are out, and they stay
            model = model if model is not None else llm.build(self.settings, info)
            block = self._sources_block(self._read(answer, info))
            answer.prompt_tokens = llm.context_tokens(info, prompts.SYSTEM + prompts.HUMAN + block + question)
            messages = prompts.answer().format_messages(sources=block, question=question)
            stream = model.stream(messages)
            for chunk in stream:
                last = chunk
                piece = str(chunk.content)
                if piece:
                    answer.timings.setdefault("first_token", time.perf_counter() - start)
                    text += piece
                    yield Token(piece)
                    if hygiene.looping(text):  # a small model repeating itself: stop it here
                        looped = True
                        break
        except Exception as exc:  # any backend failure mid-stream: keep what arrived, say why
            answer.interrupted, answer.error = True, str(llm.translate_error(exc, info))
        finished = looped or llm.finished(last)
        if not answer.interrupted and not finished:
            answer.interrupted, answer.error = True, "The model's stream ended before it said it was done."
        answer.timings["generation"] = time.perf_counter() - gen_start
        check_start = time.perf_counter()
        self.verify(answer, text)
        answer.timings["checking"] = time.perf_counter() - check_start
        answer.timings["total"] = time.perf_counter() - start
        yield answer

    def verify(self, answer: Answer, text: str) -> None:
        """Check the model's text: only verified sentences become the answer; the rest, with reasons, not."""
        checked = citations.check(
            text, answer.sources, self.verifier, answer.standalone or answer.question, answer.evidence,
            self._papers(answer.sources),
        )  # fmt: skip
        answer.draft = text
        answer.text = checked.text
        answer.sentences, answer.citations = checked.sentences, checked.citations
        answer.removed = checked.removed

    def _papers(self, sources: list[Source]) -> dict[str, str]:
        """The whole stored text of each source's paper: what the check may find beyond its chunks."""
        out = {}
        for paper_id in dict.fromkeys(s.paper_id for s in sources):
            try:
                out[paper_id] = self.library.store.paper_text(paper_id)[0]
            except PapersError:  # the store went away: the retrieved chunks alone are checked
                continue
        return out

    def _standalone(self, question: str, history: History, model: BaseChatModel | None) -> str:
        """The follow-up rewritten with the conversation; the question itself when there is none."""
        if not history or model is None:
            return question
        from langchain_core.output_parsers import StrOutputParser

        turns = "\n".join(f"User: {q}\nAssistant: {a[:300]}" for q, a in history[-3:])
        try:
            rewritten = (prompts.condense() | model | StrOutputParser()).invoke(
                {"history": turns, "question": question}
            )
        except Exception:  # a failed rewrite only costs retrieval quality; the history query still runs
            return question
        line = rewritten.strip().splitlines()[0].strip() if rewritten.strip() else ""
        return line if 3 <= len(line) <= 300 else question

    def retrieve(
        self,
        question: str,
        standalone: str = "",
        history: History | None = None,
        options: Options = Options(),
    ) -> Retrieved:
        """The sources for the standalone question (fused with the conversation's last question on a
        follow-up), spare chunks of their papers, and relevance.

        One BM25 search per query: the hits carry their raw BM25 scores through fusion. Only dense
        mode searches BM25 for relevance, and only bm25 mode searches dense for it.
        """
        standalone = standalone or question
        mode = options.mode or self.settings.mode
        retriever = self.library.retriever
        n = self.settings.candidates
        first = retriever.chunks(standalone, mode, n, options.filters)
        rankings = [first]
        if history:
            rankings.append(retriever.chunks(f"{history[-1][0]} {question}", mode, n, options.filters))
        hits = fuse(rankings, self.settings.rrf_k) if len(rankings) > 1 else first
        dense = [h.dense for h in hits if h.dense is not None]
        if not dense:
            dense = [h.dense or 0.0 for h in retriever.dense(standalone, 5, options.filters)]
        keyword = [h.bm25 for h in first if h.bm25 is not None]
        if not keyword:
            keyword = [h.score for h in retriever.bm25(standalone, 1, options.filters)]
        chosen = diversify(hits, options.k or self.settings.k, self.settings.per_paper)
        return Retrieved(
            chosen,
            spare(hits, chosen, self.settings.evidence_reserve),
            max(dense, default=0.0),
            max(keyword, default=0.0) / max(1, len(tokenize(standalone))),
        )

    def _quote(
        self, question: str, sources: list[Source], found: Retrieved, info: Any
    ) -> tuple[list[Source], list[Evidence]]:
        """The quotes and the sources they are numbered in, chosen from the packed sources and from
        spare chunks of their papers (a paper's result may sit in a chunk that ranked below its
        description). A quoted spare joins the sources, so that the model reads it too; when one
        does not fit the context, the quotes are chosen again without it. A spare is never
        reported as left out. Nothing is changed in place."""
        spares = found.spares
        while True:
            extra = [self._source(len(sources) + i, h) for i, h in enumerate(spares, 1)]
            picked = evidence.select(question, sources + extra, self.verifier)
            chunk_of = {s.n: s.chunk_id for s in sources + extra}
            quoted = {chunk_of[e.n] for e in picked}
            joined = [h for h in spares if h.chunk_id in quoted]
            final = sources
            if joined:
                final, _ = self._pack(found.hits + joined, question, info)
                fits = {s.chunk_id for s in final}
                if any(h.chunk_id not in fits for h in joined):
                    spares = [h for h in spares if h.chunk_id in fits or h.chunk_id not in quoted]
                    continue
            number = {s.chunk_id: s.n for s in final}
            return final, [replace(e, n=number[chunk_of[e.n]]) for e in picked]

    @staticmethod
    def _source(n: int, hit: Hit) -> Source:
        text, flagged = prompts.defang(hit.text)
        meta = {**hit.meta, **({"flag": "instructions removed"} if flagged else {})}
        return Source(n, hit.paper_id, hit.title, hit.source, text, hit.chunk_id, hit.dense, meta)

    def _pack(self, hits: list[Hit], question: str, info: Any) -> tuple[list[Source], list[str]]:
        """Number the sources and keep those that fit the model's context budget."""
        from assistant import llm

        budget = (
            info.num_ctx - self.settings.max_tokens - llm.context_tokens(info, prompts.SYSTEM + question) - 64
        )
        sources: list[Source] = []
        left_out: list[str] = []
        for hit in hits:
            source = self._source(len(sources) + 1, hit)
            cost = llm.context_tokens(info, prompts.format_source(source.n, source.title, source.text))
            if cost > budget:
                left_out.append(f"{hit.title} ({hit.chunk_id})")
                continue
            budget -= cost
            sources.append(source)
        if not sources:
            raise PapersError(
                "No source fits the model's context window",
                Hint("set", "PAPERS_NUM_CTX", verb="raise"),
                Hint("use", "sources", "1"),
            )
        return sources, left_out

    def _read(self, answer: Answer, info: Any) -> list[Source]:
        """What the model reads: for a small embedded model, the quoted sentences and their neighbours
        (it mostly restates one source, and reads a long prompt slowly); for Ollama, every source."""
        choice = self.settings.prompt_sources
        if choice == "chunks" or (choice == "auto" and info.backend != "embedded"):
            return answer.sources
        return evidence.passages(answer.sources, answer.evidence)

    @staticmethod
    def _sources_block(sources: list[Source]) -> str:
        return "\n\n".join(prompts.format_source(s.n, s.title, s.text) for s in sources)

    def _decline(self, answer: Answer, hits: list[Hit], start: float) -> Iterator[Token | Answer]:
        seen: dict[str, Hit] = {}
        for h in hits:
            seen.setdefault(h.paper_id, h)
        answer.declined = True
        answer.nearest = [
            {"paper_id": h.paper_id, "title": h.title, "source": h.source, "score": h.dense}
            for h in seen.values()
        ][:5]
        answer.text = "The indexed papers do not answer this question."
        answer.timings["total"] = time.perf_counter() - start
        yield Token(answer.text)
        yield answer
