"""How sweeping a claim is: "on every metric" where the source says "on certain metrics", "removes"
for "reduces", "outperforms" for "comparable", "the first" where the source claims no priority.
"""

from __future__ import annotations

import re

from assistant import claims as read

_PLAIN = read.PLAIN  # words too plain to tell one rival from another

_HEDGED_SAME = re.compile(
    r"\b(nearly|almost|largely|virtually|mostly|roughly|approximately|essentially)\s+(?:unchanged|intact|identical|"
    r"the same)\b",
    re.IGNORECASE,
)
# a denial right before "any": "without any", "without needing any", "no need for any", "lacking any" (not
# "ignores any token", which sweeps)
_DENIED_BEFORE = r"\b(?:without|no|not|nor|never|lack\w*|free\s+of)\s+(?:\w+ing\s+|need\s+(?:for\s+)?)?$"
# what says as much as "removes": taking out or doing without ("prunes 50% of the heads")
_REMOVED = (
    "eliminat remov entir complet free without avoid obviat prune prunin discard drop delet filter exclud "
    "strip"
)
# what says as much as "eliminates": taking out, not doing without ("without any human involvement")
_ELIMINATED = "eliminat remov entir complet free prune prunin discard drop delet"
# sweeping words, each with the words that say as much ("any" = "arbitrary")
_ABSOLUTES = {
    "all": "all every each entire whole full", "every": "all every each entire whole per-",
    "always": "always consistently every all", "never": "never no not cannot unable",
    "invariably": "always invariabl consistently every all",
    "first": "first pioneer novel",
    "eliminates": _ELIMINATED, "eliminate": _ELIMINATED, "eliminated": _ELIMINATED,
    "eliminating": _ELIMINATED,
    "removes": _REMOVED, "removing": _REMOVED,
    "guarantees": "guarante ensur provabl", "guarantee": "guarante ensur provabl",
    "guaranteed": "guarante ensur provabl", "completely": "complet entir fully eliminat free",
    "entirely": "entir complet fully eliminat free", "perfect": "perfect", "perfectly": "perfect",
    "universally": "univers all", "any": "any arbitrari all every", "solves": "solv",
    "state-of-the-art": "state-of-the-art sota best new record",
    "whatsoever": "whatsoever", "none": "none zero nothing no", "zero": "zero no", "no extra": "no without free", "no additional": "no without free",  # noqa: E501
    "lossless": "lossless without no", "exactly": "exact unchang intact ident",
    "generally": "general usual typical overall most consistent always all",
    "usually": "usual typical most general often", "typically": "typical usual most general often",
}  # fmt: skip
# a source that claims a first: "the first", "is the first to", "for the first time", "pioneering"
_PRIORITY = re.compile(
    r"\b(?:the|is|was|are|were)\s+(?:very\s+)?first\b(?!\s+(?:stage|step|phase|layer|part|half|round|time)s?\b|"
    r"\s+\w+ed\b|\s+\d)|\bfirst\s+(?:to|ever)\b|\bpioneer\w*|"
    r"\bfor the first time\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?(?![-a-z])")
_PARTIAL = re.compile(r"(?<![\w-])(?:some|several|many|most|majority|few|certain|part)(?![\w-])", re.I)
_HEDGES = re.compile(
    r"\b(certain|some|several|many|most|majority|often|can|could|may|might|up to|competitive|comparable|"
    r"reduces?|partially|mostly|largely|generally|typically|various|multiple|negligible|minor|minimal|slight)\b",
    re.IGNORECASE,
)


# a win, and a tie the source may have said instead: "outperforms" for "achieves comparable performance"
_WINS = re.compile(
    r"\b(?:outperform\w*|beats?|beating|surpass\w*|exceed\w*|better than|superior to|outdo\w*|improv\w*|"
    r"higher|faster|ahead of|state-of-the-art|best|edges? out|(?:the|an) edge over)\b",
    re.IGNORECASE,
)
# nothing lost, where the source owns to a little lost
_NO_LOSS = re.compile(
    r"\b(?:(?:no|without(?: any)?|zero)\s+(?:\w+\s+)?(?:loss|drop|degradation|decrease|decline)|lossless|"
    r"without (?:sacrificing|compromising|losing|hurting|degrading))\b",
    re.IGNORECASE,
)
_SMALL_LOSS = re.compile(
    r"\b(?:minor|slight|small|marginal|little|modest|minimal)\s+(?:\w+\s+)?(?:degradation|drop|loss|decrease|"
    r"decline|cost|reduction)s?\b",
    re.IGNORECASE,
)
# a share of something kept: "maintaining 96% of the model performance", "retains over 95% of its accuracy"
_KEPT_SHARE = re.compile(
    r"\b(?:maintain|retain|keep|preserv|recover)\w*\s+"
    r"(?:up to |over |about |around |nearly |almost |roughly )?(\d+(?:\.\d+)?)\s?%(?:\s+of)?",
    re.IGNORECASE,
)
# no cost paid, where the source pays one: "no real throughput cost" for "at the expense of the throughput"
_NO_COST = re.compile(
    r"\b(?:no|without(?: any)?)\s+(?:real\s+|extra\s+|additional\s+|significant\s+|noticeable\s+)?"
    r"([\w-]+\s+)?(?:cost|penalty|price|overhead|hit|sacrifice)\b",
    re.IGNORECASE,
)
_EXPENSE = re.compile(
    r"\bat the (?:expense|cost|price) of\s+(?:the\s+|a\s+|an\s+|some\s+|its\s+)?([\w-]+)", re.IGNORECASE
)
_CLOSED = re.compile(r"\b(?:clos(?:e|es|ed|ing)|eliminat\w*|erase\w*|bridg\w*) the (?:\w+\s+)?gap\b", re.I)
_NARROWED = re.compile(
    r"\b(?:narrow\w*|reduc\w*|shrink\w*|shrunk|lessen\w*|smaller) (?:the )?(?:\w+\s+)?gap\b", re.IGNORECASE
)
_WHOSE = frozenset(read.content("model models method methods network networks"))  # whose, not what
_GENERIC = frozenset(read.content("involved considered concerned used given available relevant studied"))
_SPEED = re.compile(r"\b(?:speed|latency|throughput|runtime|run time|inference time|time)\b", re.I)
_TIES = re.compile(r"\b(?:comparable|competitive|on par|on-par|as good as|matches|matching)\b", re.IGNORECASE)


_ONLY = re.compile(r"\b(?:only|solely|exclusively|alone)\b(?<!not only)", re.IGNORECASE)
_BOTH = re.compile(r"\bboth\s+([\w-]+)\s+and\s+([\w-]+)", re.IGNORECASE)


# words of a small degree ("minimal engineering efforts"), and of a large one
LITTLE = r"minimal|little|negligible|marginal|slight|minor|few|tiny|modest|limited"
_MUCH = r"extensive|considerable|substantial|significant|heavy|huge|massive|major|much|many|great|extreme"
_DEGREE_WORD = re.compile(rf"\b(?:(?P<little>{LITTLE})|(?P<much>{_MUCH}))\s+((?:[\w-]+\s+)?[\w-]+)", re.I)


def degree_flipped(claim: str, source: str) -> tuple[str, str] | None:
    """(the claim's word, the source's) when the claim says much of what the source says little of, or
    the other way round, before the same words.

    Example:
        >>> degree_flipped("It needs extensive engineering effort.", "It needs minimal engineering efforts.")
        ('extensive', 'minimal')
        >>> degree_flipped("It needs little engineering effort.", "It requires minimal engineering efforts.")
    """
    def read_all(text: str) -> list[tuple[bool, set[str], str]]:  # (says little, of what, the word)
        return [(bool(m.group("little")), read.content(m.group(3)) - _PLAIN, m.group(1) or m.group(2))
                for m in _DEGREE_WORD.finditer(text)]  # fmt: skip

    theirs = read_all(source)
    for little, what, word in read_all(claim):
        for their_little, their_what, their_word in theirs:
            if little != their_little and what & their_what:
                return word, their_word
    return None


def _denied_at(text: str, at: int) -> bool:
    """Whether a negation stands in the two words before `at` ("does not eliminate").

    Example:
        >>> _denied_at("It does not eliminate them", 12), _denied_at("It can eliminate them", 7)
        (True, False)
    """
    return bool(read.NEGATION.search(" ".join(text[:at].split()[-2:])))


def overclaim(claim: str, source: str) -> tuple[str, str] | None:
    """(the claim's sweeping word, the source's hedge or "") when the source does not say as much.

    Example:
        >>> overclaim("It wins on every metric.", "It wins on certain metrics.")
        ('every', 'certain')
        >>> overclaim("It outperforms current models.", "It is comparable to current models.")
        ('outperforms', 'comparable')
        >>> overclaim("It is fast with no loss in accuracy.", "It is fast with minor accuracy degradation.")
        ('no loss', 'minor accuracy degradation')
        >>> overclaim("It trains 9 models without losing performance.", "It keeps 96% of the performance.")
        ('without losing', 'keeps 96% of')
        >>> overclaim("It is right with no throughput cost.", "It is right at the expense of throughput.")
        ('no throughput cost', 'at the expense of throughput')
        >>> overclaim("It closes the gap to GANs.", "It narrows the gap to GANs.")
        ('closes the gap', 'narrows the gap')
        >>> overclaim("It uses English text only.", "It uses both English and Chinese texts.")
        ('only', 'both English and Chinese')
        >>> overclaim("They could not learn from such runs at all.", "No learning was possible from them.")
    """
    have = source.lower()
    # "English text only" where the source says "both English and Chinese": one of two, said as the only one
    if only := _ONLY.search(claim):
        # the words "only" restricts: the few either side of it ("English text only", "only English text")
        near = read.content(" ".join(claim[: only.start()].split()[-3:] + claim[only.end() :].split()[:3]))
        for both in _BOTH.finditer(source):
            x, y = read.content(both.group(1)), read.content(both.group(2))
            if x and y and bool(x & near) != bool(y & near):
                return only.group(0), both.group(0)
    # "with no loss in accuracy" for "with minor accuracy degradation": the same thing lost
    kept, small = _NO_LOSS.search(claim), _SMALL_LOSS.search(source)
    if kept and small and _near_loss(claim, kept) & _near_loss(source, small):
        return kept.group(0), small.group(0)
    # "without sacrificing any performance" for "while maintaining 96% of the performance": a share kept
    # what it keeps whole, in words other than "model" (not where the source itself says no loss)
    whole = (
        read.content(" ".join(claim[kept.end() :].split()[:4])) - _WHOSE
        if kept and not _NO_LOSS.search(source)
        else set()
    )
    for share in _KEPT_SHARE.finditer(source) if kept else ():
        theirs = read.content(" ".join(source[share.end() :].split()[:4])) - _WHOSE
        if kept and float(share.group(1)) < 100 and whole & theirs:
            return kept.group(0), share.group(0)
    # "with no real throughput cost" for "at the expense of the throughput"
    free, paid = _NO_COST.search(claim), _EXPENSE.search(source)
    # not where the source says no cost itself, or puts the cost on others ("unlike prior defenses that ...
    # at the expense of accuracy")
    others = paid and re.search(
        r"\b(?:unlike|prior|previous|existing|other|whereas)\b", source[: paid.start()], re.IGNORECASE
    )
    if free and paid and not others and not _NO_COST.search(source) and (
        not free.group(1) or read.content(free.group(1)) & read.content(paid.group(1))
    ):
        return free.group(0), paid.group(0)
    # "closes the gap" for "narrowing the gap"
    closed, narrowed = _CLOSED.search(claim), _NARROWED.search(source)
    if closed and narrowed and not _CLOSED.search(source) and not re.search(r"\bclos\w*\s+it\b", source, re.I):  # noqa: E501
        return closed.group(0), narrowed.group(0)
    if (
        (win := _WINS.search(claim))
        and (tie := _TIES.search(source))
        # "faster" beside "comparable FID": a tie in quality is no tie in speed
        and (win.group(0).lower() != "faster" or _SPEED.search(re.split(r"[,;.]", source[tie.end() :])[0]))
    ):
        # "outperforms" where the source says "comparable"; a win the source states of another rival
        # ("superior to baselines, and comparable to the corpus") does not make it a win over this one
        rival = _after(claim, win.end())
        wins = [_after(source, m.end()) for m in _WINS.finditer(source)]
        if not wins or len(rival & _after(source, tie.end())) > max(len(rival & w) for w in wins):
            return win.group(0), tie.group(0)
    for m in re.finditer(r"no (?:extra|additional)|[A-Za-z-]+", claim):
        word = m.group(0).lower()
        if word not in _ABSOLUTES:
            continue
        if word == "first":
            if (
                not re.search(r"\b(the|is|was|are|were)\s+$", claim[: m.start()].lower())
                and not re.match(r"\s+to\b", claim[m.end() :])
                or re.match(r"\s+[\w-]+ed\b", claim[m.end() :])
            ):
                continue  # "is first searched": an order
            if re.match(
                r"\s+(?:(?:stage|step|layer|phase|part|half|token|frame|few|round|of)s?\b|\d)",
                claim[m.end() :],
            ):
                continue  # "the first stage" is an order, not a priority claim
            if "one of the first" in have and "one of the first" not in claim.lower():
                return m.group(0), "one of the first"
            if not _PRIORITY.search(have):  # "We first propose X" tells an order, not a priority
                hedge = _HEDGES.search(source)
                return m.group(0), hedge.group(0) if hedge else ""
            continue
        if word == "none" and not (re.match(r"\s+of\b", claim[m.end() :]) and _PARTIAL.search(source)):
            continue  # "needs none" denies; "none of them" sweeps a set the source says only part of
        if word in ("all", "any") and re.match(r"\s+(of )?(the )?(\d|two|three|four|five)", claim[m.end() :]):
            continue  # "all 5 domains" counts, it does not sweep
        if word in ("all", "every", "always") and re.search(
            r"\b(?:nearly|almost|virtually|practically|close to)\s+$", claim[: m.start()], re.I
        ):
            continue  # "nearly all (96%)" is hedged: the number, if any, is checked as a number
        if word == "any" and re.search(_DENIED_BEFORE, claim[: m.start()], re.I):
            continue  # "without any retraining", "without needing any fine-tuning" sweep nothing
        if word == "any" and re.search(r"\b(?:barely|hardly|scarcely)\s+(?:\w+\s+)?$", claim[: m.start()], re.I):  # noqa: E501
            continue  # "barely costs any throughput" says little, as "negligible" does
        if (
            word == "all"
            and re.search(r"\bat\s+$", claim[: m.start()], re.I)
            and re.match(
                r"\s*(?:[.,;:)!?]|$|(?:and|but|or|in|on|for|with|when|while|because|since)(?![\w-]))",
                claim[m.end() :],
            )
        ):
            continue  # "couldn't be used at all": it stresses a denial, it sweeps nothing
        if word == "every" and (
            re.search(r"\b(?:one|a|\d+)\s+(?:\w+\s+)?(?:in|out of)\s+$", claim[: m.start()], re.I)
            and re.match(r"\s+(?:\d|ten|twenty|fifty|hundred|thousand|few)", claim[m.end() :], re.I)
        ):
            continue  # "one in every hundred" is a share
        if word == "all" and (
            re.search(r"\b(?:all in|first of)\s+$", claim[: m.start()], re.I)
            or re.match(r"\s+in\s+all\b", claim[m.end() :], re.I)
            or re.search(r"(?:^|[.;:]\s*)(?:above|after)\s+$", claim[: m.start()], re.I)
            and re.match(r"\s*,", claim[m.end() :])
        ):
            continue  # "All in all", "first of all", "After all, ...": no sweep
        if word == "all" and re.search(r"(%|percent|\d)\s+of\s+$", claim[: m.start()]):
            continue  # "99% of all parameters" is a share
        if (
            word == "all"
            and re.search(r",\s*$", claim[: m.start()])
            and re.match(r"\s+(without|with|while)\b", claim[m.end() :])
        ):
            continue  # "..., all without re-training": what came before, gathered up
        if word != "any" and re.search(r"\b(?:not|never|without|cannot)\b(?:\s+[\w-]+){0,5}\s*$", claim[: m.start()], re.I):  # noqa: E501
            continue  # "without getting rid of them entirely" denies the sweep
        if word == "never" and _KEPT_FROM.search(have):
            continue  # "never gets to interact" for "preventing the model from interacting"
        if word == "exactly" and (hedged := _HEDGED_SAME.search(have)):
            return m.group(0), hedged.group(1)  # "exactly the same" for "nearly unchanged"
        synonyms = _ABSOLUTES[word].split()
        said = [x for s in synonyms for x in re.finditer(r"(?<![\w-])" + re.escape(s), have)]
        said = [x for x in said if not _denied_at(have, x.start())]  # "does not eliminate": no "entirely"
        if word in ("all", "every", "each") and said and (swept := _after(claim, m.end(), 4)):
            # "every benchmark" is not stated by "all other methods": the sweep must cover the same thing
            # in plain words too: "every task involved" for "all the tasks under consideration"
            # (where its own words restrict nothing: "every task involved", not "every task in the benchmark")
            whole = _after(claim, m.end(), 4, plain=True) if not swept - _GENERIC else set()
            if not any(swept & _after(source, x.end(), 4) or whole & _after(source, x.end(), 2, plain=True)
                       for x in said):  # fmt: skip
                hedge = re.search(r"\b(both|two|three|four|several|some|certain)\b", have)
                return m.group(0), hedge.group(0) if hedge else ""
            continue
        alike = [w for w in _WORD.finditer(have) if w.group(0)[:7] in {s[:7] for s in synonyms}]
        if said or any(not _denied_at(have, w.start()) for w in alike):
            continue
        hedge = _HEDGES.search(source)
        return m.group(0), hedge.group(0) if hedge else ""
    return None


# a plain "prevents X from": as much as "X never"
_KEPT_FROM = re.compile(
    r"(?<!\bcan )(?<!\bmay )(?<!\bmight )(?<!\bcould )(?<!\bhelp )(?<!\bhelps )(?<!\bto )"
    r"\bprevent(?:s|ing|ed)?\s+"
    r"(?:\w+\s+){1,4}from\b(?![^.;]*\b(?:many|some|most|often|stage|phase|step|during|when|until)\b)",
    re.IGNORECASE,
)


def _near_loss(text: str, m: re.Match[str]) -> set[str]:
    """Content words of a match and the three words either side of it, less the words of loss.

    Example:
        >>> text = "It is fast with no loss in accuracy."
        >>> sorted(_near_loss(text, _NO_LOSS.search(text)))
        ['accuraci', 'fast']
    """
    words = text[: m.start()].split()[-3:] + text[m.start() : m.end()].split() + text[m.end() :].split()[:3]
    return read.content(" ".join(words)) - _LOSS_WORDS - _PLAIN


_LOSS_WORDS = frozenset(
    read.content(
        "no without zero loss losses drop degradation decrease decline cost reduction "
        "minor slight small marginal little modest minimal lossless"
    )
)


def _after(text: str, at: int, most: int = 6, plain: bool = False) -> set[str]:
    """Content words of the few words after `at`, up to a comma or a clause break (with the plain ones,
    "task" or "model", when `plain`).

    Example:
        >>> sorted(_after("It beats all prior detectors, and more.", 12))
        ['detector', 'prior']
    """
    words = re.split(r"[,;:.()]|\b(?:and|while|but|whereas)\b", text[at:], maxsplit=1)[0].split()[:most]
    return read.content(" ".join(words)) - (frozenset() if plain else _PLAIN)
