"""The source panel: a clicked citation's source in full, with the sentence its claim was checked
against marked, then the answer's other sources.

A click names the source and, when the mark sat beside a sentence or a quote, that claim ("s<i>",
"q<i>"): the panel then marks the source sentence that claim was checked against, not the sentence
that supported another claim citing the same source.

Example: the snippet escaped, the sentence marked
    >>> highlight("x < y.  C d.", "C d.")
    'x &lt; y.  <mark>C d.</mark>'
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from index.catalog import short_source
from ui.render import QUOTED, SUPPORT_NOTE, AnswerDict, definitions, shown_meta, support


def claimed(a: AnswerDict, n: int, claim: str) -> str:
    """The source sentence the claim behind a click was checked against ("s<i>": the answer's sentence
    i, "q<i>": quote i), or "" when the click names none or another source.

    Example:
        >>> claimed({"sentences": [{"cites": [1], "evidence": "B."}]}, 1, "s0")
        'B.'
    """
    kind, index = claim[:1], claim[1:]
    rows = {"s": a.get("sentences"), "q": a.get("evidence")}.get(kind) or []
    if not index.isdigit() or int(index) >= len(rows):
        return ""
    row = rows[int(index)]
    if kind == "q":
        return str(row.get("quote", "")) if row.get("n") == n else ""
    return str(row.get("evidence", "")) if n in (row.get("cites") or []) else ""


def source_panel(a: AnswerDict | None, n: int | None = None, claim: str = "") -> str:
    """The side panel: the picked citation in full, then the answer's other citations.

    With a `claim` (see `claimed`) the picked source marks the sentence that claim was checked against.
    """
    cites = (a or {}).get("citations") or []
    if a and a.get("declined"):
        return _empty("This question was declined; the nearest papers are listed in the answer.")
    if not cites:
        return _empty("Click a citation mark like <b>[1]</b> in an answer to see its source here.")
    picked = [c for c in cites if c["n"] == n] or cites[:1]
    rest = [c for c in cites if c is not picked[0]]
    sentence = claimed(a or {}, picked[0]["n"], claim) if claim else ""
    if sentence and _find(picked[0]["snippet"], sentence):
        return citation({**picked[0], "sentence": sentence}, open_=True) + "".join(citation(c) for c in rest)
    return citation(picked[0], open_=True) + "".join(citation(c) for c in rest)


def _empty(note: str) -> str:
    return f'<div class="panel-empty">{note}</div>'


def citation(c: dict[str, Any], open_: bool = False) -> str:
    """One source: title, listing, metadata, the snippet with its supporting sentence marked, support."""
    meta = definitions(shown_meta(c.get("meta")))
    figure = support(c)
    if figure is None:
        score = f'<div class="support">{QUOTED.capitalize()}</div>'
    else:
        level = "high" if figure >= 0.7 else "mid" if figure >= 0.55 else "low"
        score = (
            f'<div class="support {level}" title="{SUPPORT_NOTE}">Support {figure:.2f}'
            f'<meter min="0" max="1" value="{figure:.2f}"></meter></div>'
        )
    return (
        f'<details class="source-card" id="source-{c["n"]}"{" open" if open_ else ""}>'
        f'<summary><span class="n">[{c["n"]}]</span> <b class="title">{escape(c["title"])}</b></summary>'
        f'<div class="listing">Listing: {escape(short_source(c["source"]))}'
        f" · paper {escape(c['paper_id'])}</div>"
        f"{f'<dl class=meta>{meta}</dl>' if meta else ''}"
        f"{score}"
        f'<blockquote class="snippet">{highlight(c["snippet"], c["sentence"])}</blockquote></details>'
    )


def highlight(snippet: str, sentence: str) -> str:
    """The escaped snippet with the supporting sentence in <mark>, matched across whitespace.

    Example:
        >>> highlight("A b.  C d.", "C d.")
        'A b.  <mark>C d.</mark>'
    """
    if sentence.strip():
        found = _find(snippet, sentence)
        if found:
            a, b = found.span()
            return f"{escape(snippet[:a])}<mark>{escape(snippet[a:b])}</mark>{escape(snippet[b:])}"
        return f"<mark>{escape(sentence)}</mark><br>{escape(snippet)}"
    return escape(snippet)


def _find(snippet: str, sentence: str) -> re.Match[str] | None:
    """Where `sentence` is in `snippet`, whatever whitespace lies between its words."""
    words = [re.escape(w) for w in sentence.split()]
    return re.search(r"\s+".join(words), snippet) if words else None
