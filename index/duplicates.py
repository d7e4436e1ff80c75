"""Candidate pairs for the duplicate check: which earlier papers a paper could repeat, found by keys
instead of by comparing every pair.

`same_paper(a, b)` holds only in one of these cases, and each has a key both papers share:
- the same DOI or arXiv id: the identifier itself;
- the same paper id (the normalised title, or text): the id;
- near-identical text (>= 25 word 3-shingles shared, covering >= 60% of the smaller set): a prefix
  filter. When S is the smaller set, any |S| - 0.6|S| + 1 of its shingles include one of T's. We
  take the rarest such shingles of S (its "prefix"), dropping those no other paper has, and look
  them up among every shingle of the others; and the others' prefixes among every shingle of S;
- an earlier version (one's title phrase inside the other's text): a phrase of n >= 5 words found in
  a text has its words 2 to 4 as a whole 3-shingle of that text, so that shingle is the title's key.

The keys only choose candidates; `same_paper` still decides. So the answers are those of comparing
every pair, at the cost of the pairs that share a key. Left out: anything approximate (MinHash),
which could miss a pair. Shingles are numbered exactly up to two million distinct words; past that
they are hashed, and a collision only adds a candidate (it could hide one only by merging two
shingles of the same pair: vanishingly rare with 64-bit codes).

Example: b repeats a's DOI, so once a is the first canonical paper, b's candidates are [0]
    >>> def paper(pid, doi): return Paper(pid, pid, "Some text.", "a.jsonl", "jsonl", meta={"doi": doi})
    >>> blocks = Blocks([paper("a", "10.1/x"), paper("b", "10.1/x"), paper("c", "10.2/y")])
    >>> blocks.add(0, 0)
    >>> blocks.candidates(1), blocks.candidates(2)
    ([0], [])
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

import numpy as np

from index.papers import Paper, identifiers, same_paper, title_phrase, version, words

EXACT_WORDS = 2**21  # below this many distinct words, (a*V + b)*V + c fits in 63 bits
MIN_SHARED, MIN_COVER = 25, 0.6  # same_paper's near-identical text: shingles shared, share of the smaller


class Blocks:
    """Keys of the papers seen so far, by their position in the list of canonical papers.

    Shingles are numbered: word numbers (a, b, c) -> the code (a*V + b)*V + c -> the code's rank
    among all distinct codes, the number every index below is keyed by.
    """

    def __init__(self, papers: list[Paper]) -> None:
        self.papers, n = papers, len(papers)
        number: defaultdict[str, int] = defaultdict(itertools.count().__next__)  # word -> its number
        texts = [words(p.text[:3000]) for p in papers]
        every = np.fromiter(map(number.__getitem__, itertools.chain.from_iterable(texts)), np.int64)
        v = max(len(number), 1)
        owner, shingle, distinct, papers_with = _shingles(every, [len(t) for t in texts], v)
        self.titles = [_title_key(p, number, v, distinct) for p in papers]
        is_title = np.zeros(len(distinct), bool)
        is_title[[t for t in self.titles if t is not None]] = True
        prefix = _prefixes(owner, papers_with, n)
        wanted = is_title.copy()  # shingles looked up among every shingle of the canonical papers
        wanted[shingle[prefix]] = True
        self.prefixes = _split(shingle, owner, prefix, n)
        self.shared = _split(shingle, owner, papers_with >= 2, n)
        self.wanted = _split(shingle, owner, wanted[shingle], n)
        self.in_titles = _split(shingle, owner, is_title[shingle], n)
        self.by_key: dict[tuple[str, str], list[int]] = {}  # ("doi", "10.1/x") | ("id", pid) -> positions
        self.by_shingle: dict[int, list[int]] = {}  # every wanted shingle of a canonical paper
        self.by_prefix: dict[int, list[int]] = {}  # the prefix shingles of a canonical paper
        self.by_title: dict[int, list[int]] = {}  # a canonical paper's title key

    def add(self, i: int, position: int) -> None:
        """Paper `i` is now the canonical paper at `position` (a new one, or one it replaces)."""
        for key in _keys(self.papers[i]):
            self.by_key.setdefault(key, []).append(position)
        _put(self.by_shingle, self.wanted[i], position)
        _put(self.by_prefix, self.prefixes[i], position)
        if (title := self.titles[i]) is not None:
            self.by_title.setdefault(title, []).append(position)

    def candidates(self, i: int) -> list[int]:
        """Positions of canonical papers that paper `i` could repeat, in order."""
        found: set[int] = set()
        for key in _keys(self.papers[i]):
            found.update(self.by_key.get(key, ()))
        _get(found, self.by_shingle, self.prefixes[i])  # i is the smaller text
        _get(found, self.by_prefix, self.shared[i])  # the other is the smaller text
        _get(found, self.by_title, self.in_titles[i])  # the other's title in i's text
        if (title := self.titles[i]) is not None:  # i's title in the other's text
            found.update(self.by_shingle.get(title, ()))
        return sorted(found)


def _code(t: np.ndarray, v: int) -> np.ndarray:
    """A text's word numbers -> its 3-shingles as numbers (exact while v**3 fits in 63 bits).

    Example: (0*3 + 1)*3 + 2 and (1*3 + 2)*3 + 0
        >>> _code(np.array([0, 1, 2, 0]), 3).tolist()
        [5, 15]
    """
    if len(t) < 3:
        return np.zeros(0, np.int64)
    if v < EXACT_WORDS:
        return (t[:-2] * v + t[1:-1]) * v + t[2:]
    # over two million distinct words: shingles hashed (wrapping); a collision only adds a candidate
    return (t[:-2] * 0x1E3779B97F4A7C15 + t[1:-1]) * 0x3F58476D1CE4E5B9 + t[2:]


def _shingles(
    tokens: np.ndarray, lengths: list[int], v: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every paper's distinct shingles, grouped by paper: (paper, shingle rank) arrays, the distinct
    codes (sorted), and per (paper, shingle) how many papers have that shingle.

    `tokens`: the word numbers of all papers, one after the other; `lengths`: how many are each's.
    """
    by = np.repeat(np.arange(len(lengths)), lengths)
    inside = by[:-2] == by[2:]  # the three words of a window are one paper's
    every, by = _code(tokens, v)[inside], by[:-2][inside]
    order = np.argsort(every)  # sorting, not np.unique's hashing: several times faster here
    ranked = every[order]
    new = np.ones(len(every), bool)
    new[1:] = ranked[1:] != ranked[:-1]
    distinct = ranked[new]
    rank = np.empty(len(every), np.int64)
    rank[order] = np.cumsum(new) - 1
    pairs = np.sort(by * max(len(distinct), 1) + rank)  # (paper, shingle), by paper
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs  # once each
    owner, shingle = np.divmod(pairs, max(len(distinct), 1))
    return owner, shingle, distinct, np.bincount(shingle, minlength=len(distinct))[shingle]


def _prefixes(owner: np.ndarray, papers_with: np.ndarray, n: int) -> np.ndarray:
    """Which (paper, shingle) pairs are in the paper's prefix: its rarest |s| - max(25, floor(0.6|s|))
    + 1 shingles, less those no other paper has (none when those alone fill it: then the paper is
    the smaller text of no near-identical pair)."""
    size = np.bincount(owner, minlength=n)
    shared = papers_with >= 2
    need = size - np.maximum(MIN_SHARED, np.floor(MIN_COVER * size).astype(np.int64)) + 1
    need -= size - np.bincount(owner[shared], minlength=n)  # the unshared come first, and match nothing
    need[size < MIN_SHARED] = 0
    idx = np.flatnonzero(shared)
    order = idx[np.lexsort((papers_with[idx], owner[idx]))]  # by paper, then rarest first
    rank = np.arange(len(order)) - np.searchsorted(owner[order], np.arange(n))[owner[order]]
    keep = np.zeros(len(owner), bool)
    keep[order[rank < need[owner[order]]]] = True
    return keep


def _split(shingle: np.ndarray, owner: np.ndarray, mask: np.ndarray, n: int) -> list[list[int]]:
    """The shingles where `mask` holds, grouped by paper: one list per paper."""
    chosen, who = shingle[mask], owner[mask]
    return [part.tolist() for part in np.split(chosen, np.searchsorted(who, np.arange(1, n)))]


def _keys(paper: Paper) -> list[tuple[str, str]]:
    return [("id", paper.paper_id), *identifiers(paper).items()]


def _title_key(paper: Paper, number: dict[str, int], v: int, distinct: np.ndarray) -> int | None:
    """Words 2 to 4 of the title phrase that same_paper looks for in other texts, as a shingle's
    rank (None: a phrase under five words, or a shingle that no text has)."""
    phrase = title_phrase(paper)
    if len(phrase) < 5 or any(w not in number for w in phrase[1:4]):
        return None
    code = _code(np.array([number[w] for w in phrase[1:4]], np.int64), v)[0]
    at = int(np.searchsorted(distinct, code))
    return at if at < len(distinct) and distinct[at] == code else None


def _put(index: dict[int, list[int]], keys: Iterable[int], position: int) -> None:
    for key in keys:
        index.setdefault(key, []).append(position)


def _get(found: set[int], index: dict[int, list[int]], keys: Iterable[int]) -> None:
    for key in keys:
        found.update(index.get(key, ()))


def mark_duplicates(papers: list[Paper], pairwise: bool = False) -> list[Paper]:
    """Mark papers that repeat another one; the titled (else the first) copy stays canonical.

    Each paper is compared with the earlier canonical papers that share a key with it (see
    Blocks); `pairwise` compares it with all of them, which gives the same answers slower.

    Example: two listings of "Same Title" (one paper id): the second is a duplicate of the first
        >>> same = [Paper("p1", "Same Title", text, "x.jsonl", "jsonl") for text in ("One.", "Two.")]
        >>> [p.duplicate_of for p in mark_duplicates(same)]
        [None, 'p1']
    """
    blocks = None if pairwise else Blocks(papers)
    canon: list[Paper] = []
    where: list[int] = []  # canonical position -> its position in `papers`
    dup_of: dict[int, str] = {}  # position in `papers` -> canonical paper_id
    for i, paper in enumerate(papers):
        near = range(len(canon)) if blocks is None else blocks.candidates(i)
        j = next((j for j in near if same_paper(canon[j], paper)), None)
        if j is None:
            canon.append(paper)
            where.append(i)
            if blocks is not None:
                blocks.add(i, len(canon) - 1)
            continue
        newer = version(paper) > version(canon[j]) > 0 or (version(paper) and not version(canon[j]))
        newer = newer and identifiers(paper).get("arxiv_id") == identifiers(canon[j]).get("arxiv_id")
        if newer or (canon[j].title_derived and not paper.title_derived):
            # the titled copy, or a newer arXiv version, is the better record: it becomes canonical
            old = canon[j]
            dup_of[where[j]] = paper.paper_id
            canon[j], where[j] = paper, i
            dup_of.update({k: paper.paper_id for k, v in dup_of.items() if v == old.paper_id})
            if blocks is not None:
                blocks.add(i, j)
        else:
            dup_of[i] = canon[j].paper_id
    return [replace(p, duplicate_of=dup_of[i]) if i in dup_of else p for i, p in enumerate(papers)]
