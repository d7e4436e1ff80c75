"""Check an answer against its sources: resolve `[n]`, verify each claim, add or flag.

Every answer sentence goes to the verifier (numbers, names, direction, coverage, meaning)
against each source: a sentence its cited source states keeps the citation; one that another
source states gets that citation instead; the rest are contradicted or unsupported, with the
reason, and are not shown as part of the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import claims as read
from assistant import focus, hygiene
from assistant.answer import NOT_SHOWN, Citation, Evidence, Sentence, Source
from assistant.verifier import Passage, Verdict, Verifier
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
    """The model's text checked: each sentence once, with its status; the rest is derived from them."""

    text: str
    sentences: list[Sentence]
    citations: list[Citation]
    removed: list[int]

    @property
    def unsupported(self) -> list[str]:
        """The sentences not shown as the answer (contradicted, unsupported or set aside)."""
        return [s.text for s in self.sentences if s.status in NOT_SHOWN]


def with_marks(text: str, cites: list[int]) -> str:
    """The sentence with its marks before its full stop.

    Example:
        >>> with_marks("A b.", [1, 2])
        'A b [1] [2].'
    """
    marks = "".join(f" [{n}]" for n in cites)
    if text[-1:] in ".!?":
        return text[:-1] + marks + text[-1]
    return text + marks


def parse_marks(sentence: str) -> tuple[str, list[int]]:
    """Strip `[n]` marks from a sentence and return them in order.

    Example:
        >>> parse_marks("ViT works well [2][1, 3].")
        ('ViT works well.', [2, 1, 3])
    """
    numbers = [int(n) for group in _MARK.findall(sentence) for n in re.split(r"[,;]", group)]
    return _MARK.sub("", sentence).strip(), list(dict.fromkeys(numbers))


def strip_links(text: str, allowed: set[str]) -> str:
    """Markdown links and images survive only when they point at an indexed source."""
    return _LINK.sub(lambda m: m.group(0) if m.group(2) in allowed else m.group(1), text)


def check(
    answer: str,
    sources: list[Source],
    verifier: Verifier,
    question: str = "",
    quotes: list[Evidence] | None = None,  # noqa: E501
    papers: dict[str, str] | None = None,
) -> Checked:
    """Resolve, verify and complete the citations of `answer` against `sources`.

    Each claim is verified against every source: supported by one it cites, `added` when only
    another source supports it, else contradicted or unsupported with the reason. Scaffolding
    the model echoed ("Question:", "The answer is."), restatements of the question and repeated
    sentences are dropped first. `papers`: the whole stored text of a source's paper, by paper id,
    where the retrieved chunks may lack what a sentence says ("It has two stages" in another chunk).
    """
    by_n = {s.n: s for s in sources}
    allowed = {s.source for s in sources}
    answer = _AFTER_STOP.sub(r"\2\1", strip_links(_TAG.sub(" ", answer), allowed))
    raw = [parse_marks(s) for s in hygiene.clean(split_sentences(answer), question)]
    removed = sorted({n for _, marks in raw for n in marks if n not in by_n})
    claims = [(text, [n for n in marks if n in by_n]) for text, marks in raw if text]
    if not claims:
        return Checked("", [], [], removed)
    passages = _passages(by_n, verifier, papers or {}, read.content(" ".join(t for t, _ in claims)))
    vectors = verifier.embed([t for t, _ in claims])
    sentences: list[Sentence] = []
    all_verdicts: list[dict[int, Verdict]] = []
    for (text, cites), vector in zip(claims, vectors, strict=True):
        if _NO_CLAIM.search(text) or len(text.split()) < 4:
            sentences.append(Sentence(text, [], "no-claim"))
            all_verdicts.append({})
            continue
        verdicts = {n: verifier.judge(text, vector, passages[n], f"[{n}]") for n in by_n}
        sentences.append(_home(_judge(text, cites, verdicts), by_n))
        all_verdicts.append(verdicts)
    written = [cites for _, cites in claims]
    backers = [{by_n[n].paper_id for n, v in vs.items() if v.status == "supported"} for vs in all_verdicts]
    sentences = focus.screen(sentences, quotes or [], by_n, written=written, backers=backers)
    best_support: dict[int, tuple[float, str]] = {}
    for sentence, verdicts in zip(sentences, all_verdicts, strict=True):
        for n in sentence.cites if sentence.verified else []:
            v = verdicts[n]
            if v.score > best_support.get(n, (-1.0, ""))[0]:
                best_support[n] = (v.score, v.evidence)
    citations = [_citation(by_n[n], *best_support[n]) for n in sorted(best_support)]
    shown = [s for s in sentences if s.verified]
    text = " ".join(with_marks(s.text, s.cites) for s in shown)
    return Checked(text, sentences, citations, removed)


# the most sentences of a paper's other chunks a check reads: those sharing the most words with the answer
MORE_SENTENCES = 24


def _passages(
    by_n: dict[int, Source], verifier: Verifier, whole: dict[str, str], said: set[str]
) -> dict[int, Passage]:
    """Each source's passage: the text of every retrieved chunk of its paper, each sentence once, and
    the sentences of its other chunks (`whole`) that share most words with the answer (`said`), in the
    paper's order.

    A name or number the cited chunk lacks is looked for in the rest of its paper before the claim is
    called unsupported.
    """
    papers: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for n in sorted(by_n):
        src = by_n[n]
        seen = papers.setdefault(src.paper_id, [])
        seen += [x for x in split_sentences(src.text) if x not in seen]
        titles[src.paper_id] = src.title
    for paper_id, seen in papers.items():
        if not whole.get(paper_id):
            continue
        every = list(dict.fromkeys(split_sentences(whole[paper_id])))  # chunks overlap by a sentence
        have, known = set(seen), set(every)
        shared = sorted(
            ((len(read.content(x) & said), i) for i, x in enumerate(every) if x not in have), reverse=True
        )
        more = {i for overlap, i in shared[:MORE_SENTENCES] if overlap >= 2}
        more |= {i - 1 for i in more if i}  # each with the sentence before it: what its "It" stands for
        papers[paper_id] = [x for i, x in enumerate(every) if x in have or i in more] + [
            x for x in seen if x not in known
        ]
    ids = list(papers)
    made = dict(zip(ids, verifier.passages([(" ".join(papers[i]), titles[i]) for i in ids]), strict=True))
    return {n: made[src.paper_id] for n, src in by_n.items()}


def _home(sentence: Sentence, by_n: dict[int, Source]) -> Sentence:
    """A verified sentence cites the chunk that holds its evidence ([1] and [6] are one paper's)."""
    if not sentence.verified or not sentence.evidence:
        return sentence
    cites = []
    for n in sentence.cites:
        src = by_n[n]
        if sentence.evidence in src.text:
            cites.append(n)
            continue
        same = [m for m in sorted(by_n) if by_n[m].paper_id == src.paper_id]
        holder = next((m for m in same if sentence.evidence in by_n[m].text), n)
        cites.append(holder)
    sentence.cites = list(dict.fromkeys(cites))
    return sentence


def _judge(text: str, cites: list[int], verdicts: dict[int, Verdict]) -> Sentence:
    """supported by a cited source; added: another source supports it; else contradicted or unsupported."""

    def sentence(status: str, ns: list[int], v: Verdict) -> Sentence:
        return Sentence(text, ns, status, v.score, v.reason, v.evidence)

    backed = [n for n in cites if verdicts[n].status == "supported"]
    if backed:
        best = max(backed, key=lambda n: verdicts[n].score)
        return sentence("supported", backed, verdicts[best])
    others = [n for n in verdicts if n not in cites and verdicts[n].status == "supported"]
    if others:
        best = max(others, key=lambda n: verdicts[n].score)
        cited = " ".join(f"[{n}]" for n in cites)
        why = (
            f"{cited} does not state it; [{best}] does"
            if cites
            else f"it cited no source; [{best}] states it"
        )
        return Sentence(text, [best], "added", verdicts[best].score, why, verdicts[best].evidence)
    against = [n for n in cites if verdicts[n].status == "contradicted"]
    if against:
        return sentence("contradicted", cites, verdicts[against[0]])
    if cites:
        best = max(cites, key=lambda n: verdicts[n].score)
        return sentence("unsupported", cites, verdicts[best])
    best = max(verdicts, key=lambda n: verdicts[n].score)
    v = verdicts[best]
    if v.status == "contradicted":  # uncited, and the source closest to it says otherwise
        return sentence("contradicted", [best], v)
    reason = "it cites no source, and no source states it" + (f" ({v.reason})" if v.reason else "")
    return Sentence(text, [], "unsupported", v.score, reason, v.evidence)


def _citation(source: Source, support: float, sentence: str) -> Citation:
    """The citation of a source; a sentence that supports it from elsewhere in the paper follows its chunk."""
    outside = sentence and sentence not in source.text
    return Citation(
        n=source.n,
        paper_id=source.paper_id,
        title=source.title,
        source=source.source,
        snippet=f"{source.text} … {sentence}" if outside else source.text,
        sentence=sentence,
        support=round(support, 4),
        chunk_id=source.chunk_id,
        meta=source.meta,
    )
