"""`papers check`: verify text a person wrote (a related-work paragraph, a draft's claims).

A Markdown draft cites as Pandoc does: `[@vaswani2017attention]` with a key of an imported `.bib`,
or the stable key `papers list --bibtex` prints; `[@doi:10...]`, `[@arXiv:ID]` or `[@PAPER_ID]`;
several with locators as `[see @a, p. 4; @b]`. Each cited sentence is verified against the whole
indexed text of each paper it cites; an unknown key is named, with the closest known keys. The JSON Lines form
takes `{"id", "claim", "paper_id"}` per line, for programs. Bad input costs only itself: a claim
over MAX_CLAIM characters is "skipped", a line that is not a claim is an "error", each with a
reason; the others are checked.

Usage: check_text("PIXART-δ makes a 1024px image in 2.5 seconds [@p5a8c...].", library, verifier)
-> [Result(..., status="contradicted", reason="p5a8c... says 0.5 seconds, not 2.5 seconds", ...)]
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.verifier import Passage, Verifier
from index.chunking import split_sentences
from index.limits import MAX_CLAIM

# a bracketed Pandoc citation: one or more "[prefix] @key[, locator]" items separated by ";"
_CITE = re.compile(r"\[((?:[^\[\]]*[\s;])?-?@[^\[\]]*)\]")
# a key: letters, digits and _, with internal punctuation (Pandoc's :.#$%&-+?<>~/), or @{any}
_KEY = re.compile(r"(?:^|(?<=[\s;\-]))-?@(\{[^{}]+\}|\w(?:[\w:.#$%&\-+?<>~/]*\w)?)")
_FORM = 'each line must be a JSON object with "claim" and "paper_id" (and optionally "id")'


@dataclass
class Result:
    """One claim's check: the status and reason, and the quote it was checked against."""

    id: str
    claim: str
    paper_ids: list[str]
    # supported | contradicted | unsupported | unknown-paper | not-cited; skipped (too long to
    # check) | error (a JSON line that is not a claim)
    status: str
    reason: str = ""
    evidence: str = ""
    score: float = 0.0
    titles: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON line for this result; a line that was not a claim has only id, status, reason."""
        if self.status == "error":
            return {"id": self.id, "status": self.status, "reason": self.reason}
        return {"id": self.id, "status": self.status, "reason": self.reason, "evidence": self.evidence,
                "score": self.score}  # fmt: skip


@dataclass(frozen=True)
class Line:
    """One line of a JSON Lines batch: a claim to check, or why it is not one (`error`)."""

    id: str
    claim: str = ""
    paper_id: str = ""
    error: str = ""


def parse(markdown: str) -> list[tuple[str, list[str]]]:
    """(sentence without its citations, cited keys) for each sentence of a Markdown draft.

    Example:
        >>> parse("X is fast [@p1; @arXiv:2401.1]. Y.")
        [('X is fast.', ['p1', 'arXiv:2401.1']), ('Y.', [])]
        >>> parse("Attention suffices [see @vaswani2017attention, p. 4; -@doi:10.1/x.y]. Mail a@b.c [x].")
        [('Attention suffices.', ['vaswani2017attention', 'doi:10.1/x.y']), ('Mail a@b.c [x].', [])]
    """
    text = re.sub(r"(?m)^\s{0,3}#+\s.*$", "\n", markdown)  # headings state nothing
    text = re.sub(r"(?m)^\s{0,3}([-*+]|\d+\.)\s+", "\n", text)  # a list item starts a paragraph
    groups: list[str] = []

    def hold(match: re.Match[str]) -> str:  # a locator's "p. 4" must not end a sentence
        groups.append(match.group(1))
        return f" \u27e6{len(groups) - 1}\u27e7"

    text = _CITE.sub(hold, text)
    out = []
    sentences = [s for block in re.split(r"\n\s*\n", text) for s in split_sentences(block)]
    for sentence in sentences:
        held = [groups[int(i)] for i in re.findall(r"\u27e6(\d+)\u27e7", sentence)]
        keys = [k.strip("{}") for group in held for k in _KEY.findall(group)]
        claim = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s*\u27e6\d+\u27e7", "", sentence)).strip()
        if claim:
            out.append((claim, list(dict.fromkeys(keys))))
    return out


class Checker:
    """Resolves cited papers in the index and verifies claims against their text."""

    def __init__(self, library: Any, verifier: Verifier) -> None:
        self.library = library
        self.verifier = verifier
        self._passages: dict[str, Passage | None] = {}

    @functools.cached_property
    def keys(self) -> dict[str, str]:
        """Citation keys -> paper ids (the library caches them until its next write)."""
        return self.library.citation_keys()

    @functools.cached_property
    def dois(self) -> dict[str, str]:
        """`doi:...` (lower-case) -> paper ids: read only when a draft cites a DOI."""
        return {
            f"doi:{doi}": r.paper_id
            for r in self.library.papers()
            if (doi := str(r.meta.get("doi", "")).strip().lower())
        }

    def closest(self, key: str) -> list[str]:
        """The known citation keys most like an unknown one, for the message that names it."""
        return difflib.get_close_matches(key, list(self.keys), n=3, cutoff=0.6)

    def paper_id(self, key: str) -> str | None:
        """A paper id for `key`: a citation key, doi:DOI, arXiv:ID, or a paper id."""
        if found := self.keys.get(key):
            return found
        if key.lower().startswith("doi:"):
            return self.dois.get(key.lower())
        store = self.library.store
        if key.lower().startswith("arxiv:"):
            ids = store.paper_ids({"arxiv_id": key.split(":", 1)[1]}) if key[6:] else []
            if not ids:
                found = store.chunk_metadata({"arxiv_id": key.split(":", 1)[1]})
                ids = [str(found[0]["paper_id"])] if found else []
            return ids[0] if ids else None
        return key if store.paper_metadata([key]) or store.chunk_metadata({"paper_id": key}) else None

    def passage(self, paper_id: str) -> Passage | None:
        if paper_id not in self._passages:
            texts, title = self.library.store.paper_text(paper_id)
            self._passages[paper_id] = self.verifier.passages([(texts, title)])[0] if texts else None
        return self._passages[paper_id]

    def check(self, cid: str, claim: str, keys: list[str]) -> Result:
        """One claim against each paper it cites: supported if any states it, else the worst finding."""
        if not keys:
            return Result(cid, claim, [], "not-cited", "no [@key] citation to check against")
        if len(claim) > MAX_CLAIM:
            return Result(
                cid,
                claim,
                [],
                "skipped",
                f"not checked: the claim is {len(claim):,} characters, over the {MAX_CLAIM:,}-character "
                "limit; split it into shorter sentences",
            )
        ids = [self.paper_id(k) for k in keys]
        unknown = [k for k, i in zip(keys, ids, strict=True) if i is None]
        if unknown:
            near = self.closest(unknown[0])
            hint = f"; did you mean {', '.join('@' + k for k in near)}?" if near else ""
            return Result(
                cid,
                claim,
                [],
                "unknown-paper",
                f"@{unknown[0]} is not a key or paper of the index{hint} (keys: `papers list --bibtex`)",
            )
        vector = self.verifier.embed([claim])[0]
        verdicts = []
        for pid in ids:
            assert pid is not None
            passage = self.passage(pid)
            if passage is not None:
                verdicts.append((pid, passage.title, self.verifier.judge(claim, vector, passage, pid)))
        if not verdicts:
            return Result(cid, claim, [], "unsupported", "the cited papers have no text in the index")
        order = {"supported": 0, "contradicted": 1, "unsupported": 2}
        pid, title, v = min(verdicts, key=lambda x: (order[x[2].status], -x[2].score))
        return Result(cid, claim, [pid], v.status, v.reason, v.evidence, v.score, [title])


def check_text(markdown: str, checker: Checker) -> list[Result]:
    return [checker.check(str(i), claim, keys) for i, (claim, keys) in enumerate(parse(markdown), 1)]


def check_claims(text: str, checker: Checker) -> list[Result]:
    """Each non-empty JSON line's result, in order: a line that is not a claim is an "error"."""
    return [
        Result(line.id, "", [], "error", line.error)
        if line.error
        else checker.check(line.id, line.claim, [line.paper_id])
        for line in read_claims(text)
    ]


def read_claims(text: str) -> list[Line]:
    """Each non-empty line of JSON Lines as a claim, or as the reason it is not one."""
    return [read_line(line, number) for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def read_line(line: str, number: int) -> Line:
    """One JSON line as a claim {"id", "claim", "paper_id"}, or why it is not one. Its id is the
    line's own, else the line number."""
    try:
        row = json.loads(line)
    except ValueError as exc:
        return Line(str(number), error=f"line {number} is not JSON ({exc}); {_FORM}")
    except RecursionError:
        return Line(str(number), error=f"line {number} is nested too deeply to be a claim; {_FORM}")
    if not isinstance(row, dict):
        kind = "list" if isinstance(row, list) else "string" if isinstance(row, str) else "value"
        return Line(str(number), error=f"line {number} is a JSON {kind}, not an object; {_FORM}")
    given = row.get("id")
    cid = str(given) if isinstance(given, str | int) and not isinstance(given, bool) else str(number)
    error = _claim_error(row, number)
    return Line(cid, error=error) if error else Line(cid, row["claim"], row["paper_id"])


def _claim_error(row: dict[str, Any], number: int) -> str:
    """Why a JSON object is not a claim, or "" when it is one."""
    claim, pid = row.get("claim"), row.get("paper_id")
    if "claim" not in row:
        return f'line {number} has no "claim"; {_FORM}'
    if not isinstance(claim, str) or not claim.strip():
        return f'line {number}: "claim" must be a non-empty string (the sentence to check)'
    if "paper_id" not in row:
        return f'line {number} has no "paper_id"; give the id of the paper that states it (see `papers list`)'
    if isinstance(pid, list):
        return (
            f'line {number}: "paper_id" is a list; give one paper id per line (a string, as '
            "`papers list` shows it), and repeat the claim on another line for each further paper"
        )
    if pid is None:
        return f'line {number}: "paper_id" is null; give the id of a paper in the index (see `papers list`)'
    if not isinstance(pid, str) or not pid.strip():
        return f'line {number}: "paper_id" must be a non-empty string, the id `papers list` shows'
    return ""
