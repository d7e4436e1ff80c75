"""HTML for the chat: answers with citation marks, declines and errors (the source panel: ui/panel.py).

Everything from a document, a model or a person is passed through `html.escape` here; the chatbot's
own sanitizer is a second line, not the first. A citation mark is a link `#cite-<turn>-<n>` that
ui/theme.py's script turns into a click on the source panel (the sanitizer strips data-* attributes);
a mark beside a sentence or a quote adds which one (`-s<i>`, `-q<i>`), so that the panel marks the
source sentence that claim was checked against.

Example:
    >>> marks(0, [1, 3])
    ' <a class="cite" href="#cite-0-1" title="show source">[1]</a> <a ...>[3]</a>'
"""

from __future__ import annotations

from html import escape
from typing import Any

from assistant.answer import NOT_SHOWN
from index.catalog import short_source
from index.errors import Hint, PapersError, cli_words
from ui.counts import count

AnswerDict = dict[str, Any]  # Answer.to_dict() without "sources"
Turn = dict[str, Any]  # {"question": str, "answer": AnswerDict | None, "error": str}

INTERNAL = {"paper_id", "title", "source", "position"}  # chunk metadata shown elsewhere or not at all
_STATUS_NOTE = {"added": "the checker added this citation: another source states this sentence"}
SUPPORT_NOTE = "how close in meaning the answer's sentence and this source sentence are, from 0 to 1"
QUOTED = "quoted because it answers the question"  # an evidence quote's score ranks; it is no similarity


def shown_meta(meta: dict[str, Any] | None) -> dict[str, Any]:
    """The metadata worth showing.

    Example:
        >>> shown_meta({"date": "May 19", "position": 0, "venue": ""})
        {'date': 'May 19'}
    """
    return {k: v for k, v in (meta or {}).items() if k not in INTERNAL and v not in ("", None)}


def definitions(meta: dict[str, Any]) -> str:
    """Metadata as the rows of a <dl>; identifiers as plain links the person may open (never fetched).

    Example:
        >>> definitions({"date": "May 19"})
        '<dt>date</dt><dd>May 19</dd>'
    """
    return "".join(f"<dt>{escape(str(k))}</dt><dd>{_value(str(k), v)}</dd>" for k, v in meta.items())


def identifier_link(key: str, value: str) -> str | None:
    """The page of an identifier.

    Example:
        >>> identifier_link("doi", "10.1/x")
        'https://doi.org/10.1/x'
    """
    if key == "arxiv_id" and value:
        return f"https://arxiv.org/abs/{value}"
    if key == "doi" and value:
        return f"https://doi.org/{value}"
    if key == "url" and value.startswith(("https://", "http://")):
        return value
    return None


def _value(key: str, value: Any) -> str:
    link = identifier_link(key, str(value))
    if link is None:
        return escape(str(value))
    attrs = f'href="{escape(link, quote=True)}" target="_blank" rel="noopener noreferrer"'
    return f"<a {attrs}>{escape(str(value))}</a>"


def marks(turn: int, numbers: list[int], claim: str = "") -> str:
    """Citation marks; `claim` ("s2": the answer's third sentence, "q0": the first quote) rides along."""
    tail = f"-{claim}" if claim else ""
    return "".join(
        f' <a class="cite" href="#cite-{turn}-{n}{tail}" title="show source">[{n}]</a>' for n in numbers
    )


def streaming(text: str, quotes: list[dict[str, Any]] | None = None) -> str:
    """The answer while the model writes it: the quotes first, the draft marked as not yet checked."""
    head = _evidence(None, quotes or []) if quotes else ""
    if text:
        body = (
            '<p class="muted">Draft, checked against the sources before it is shown as the answer:</p>'
            f'<p class="draft">{escape(text)}<span class="caret">▍</span></p>'
        )
    else:
        body = '<span class="muted">Looking through the papers…</span><span class="caret">▍</span>'
    return f'<div class="answer streaming">{head}{body}</div>'


def error(message: str) -> str:
    return f'<div class="answer failed"><b>⚠ The assistant could not answer.</b><br>{escape(message)}</div>'


def answer(turn: int, a: AnswerDict) -> str:
    """A checked answer: sentences with their marks, warnings, the references, the provenance."""
    if a.get("declined"):
        body = _declined(a)
    else:
        body = _evidence(turn, a.get("evidence") or []) + _synthesis(turn, a) + _not_verified(a)
    return f'<div class="answer">{body}{_warnings(a)}{_references(turn, a)}{_provenance(a)}</div>'


def _evidence(turn: int | None, quotes: list[dict[str, Any]]) -> str:
    """ "From the papers": the source sentences that answer the question, verbatim, with their [n]."""
    if not quotes:
        return ""

    def mark(n: int, i: int) -> str:
        return marks(turn, [n], f"q{i}") if turn is not None else f" [{n}]"

    items = "".join(
        f'<li><blockquote class="quote">“{escape(q["quote"])}”</blockquote>{mark(q["n"], i)} '
        f'<span class="muted">{escape(q.get("title", ""))}</span></li>'
        for i, q in enumerate(quotes)
    )
    return f'<div class="evidence"><h4>From the papers</h4><ul>{items}</ul></div>'


def _synthesis(turn: int, a: AnswerDict) -> str:
    verified = [
        (i, s) for i, s in enumerate(a.get("sentences") or []) if s["status"] in ("supported", "added")
    ]
    if verified:
        text = " ".join(_sentence(turn, s, i) for i, s in verified)
        head = '<h4>Answer <span class="muted">(each sentence verified)</span></h4>'
        return f'<div class="synthesis">{head}<p>{text}</p></div>'
    if a.get("interrupted") and a.get("draft"):
        note = '<p class="muted">Draft, stopped before it was checked:</p>'
        return f'{note}<p class="draft">{escape(a["draft"])}</p>'
    if a.get("evidence"):
        return (
            '<p class="evidence-only">No sentence of the model\'s answer could be verified against the '
            "sources: the quotes above are the answer.</p>"
        )
    return f"<p>{escape(a.get('text') or '(no answer)')}</p>"


def _not_verified(a: AnswerDict) -> str:
    """Contradicted and unsupported sentences, collapsed, each with its reason: never shown as fact."""
    rows = [s for s in a.get("sentences") or [] if s["status"] in NOT_SHOWN]
    if not rows:
        return ""
    label = {"contradicted": "✗ contradicted", "unsupported": "? unsupported", "set-aside": "– not shown"}
    items = "".join(
        f'<li class="{s["status"]}"><b>{label[s["status"]]}</b>: {escape(s["text"])}<br>'
        f'<span class="reason">{escape(s.get("reason") or "")}</span></li>'
        for s in rows
    )
    summary = f"<summary>Not verified ({len(rows)})</summary>"
    return f'<details class="not-verified">{summary}<ul>{items}</ul></details>'


def _sentence(turn: int, s: dict[str, Any], i: int) -> str:
    text = escape(s["text"])
    cites = marks(turn, s.get("cites", []), f"s{i}")
    if s["status"] == "added":
        return f'{text}<span class="added" title="{_STATUS_NOTE["added"]}">{cites}</span>'
    return text + cites


def _declined(a: AnswerDict) -> str:
    items = "".join(
        f"<li><b>{escape(p['title'])}</b> <span class='muted'>{escape(short_source(p['source']))}"
        f"{_score(p.get('score'))}</span></li>"
        for p in a.get("nearest", [])
    )
    nearest = f'<p class="muted">The nearest papers:</p><ul class="nearest">{items}</ul>' if items else ""
    return f'<p class="declined">{escape(a.get("text", ""))}</p>{nearest}'


def _score(score: float | None) -> str:
    return f" · similarity {score:.2f}" if isinstance(score, int | float) else ""


def _warnings(a: AnswerDict) -> str:
    notes = []
    if a.get("instructions_removed"):
        where = ", ".join(f"[{n}]" for n in a["instructions_removed"])
        notes.append(f"text addressed to the assistant was removed from {where} before the model read it")
    if a.get("removed"):
        notes.append("invented citations removed: " + ", ".join(f"[{n}]" for n in a["removed"]))
    if a.get("left_out"):
        notes.append(f"{count(len(a['left_out']), 'source')} left out to fit the model's context")
    flags = "".join(f"<li>{escape(n)}</li>" for n in notes)
    interrupted = ""
    if a.get("interrupted"):
        why = escape(a.get("error") or "the answer stopped early")
        interrupted = f'<p class="interrupted">⏸ Interrupted: {why}</p>'
    return interrupted + (f'<ul class="warnings">{flags}</ul>' if flags else "")


def _references(turn: int, a: AnswerDict) -> str:
    cites = a.get("citations") or []
    if not cites:
        return ""
    items = "".join(
        f'<li><a class="cite" href="#cite-{turn}-{c["n"]}">[{c["n"]}]</a> {escape(c["title"])} '
        f'<span class="muted">· {escape(short_source(c["source"]))} · {_support_words(c)}</span></li>'
        for c in cites
    )
    return f'<details class="refs"><summary>Sources ({len(cites)})</summary><ul>{items}</ul></details>'


def _provenance(a: AnswerDict) -> str:
    t = a.get("timings", {})
    parts = [a.get("backend", ""), short_source(a.get("model", ""))]
    if "first_token" in t:
        parts.append(f"first token {t['first_token']:.1f}s")
    if "total" in t:
        parts.append(f"total {t['total']:.1f}s")
    return f'<div class="provenance">{escape(" · ".join(p for p in parts if p))}</div>'


def support(c: dict[str, Any]) -> float | None:
    """A citation's support from 0 to 1 (the verifier's cosine), or None for a quote: its score ranks
    quotes, mixing cosine, shared words and rank, and can pass 1.

    Example:
        >>> support({"support": 0.83}), support({"support": 1.09, "kind": "evidence"})
        (0.83, None)
    """
    value = c.get("support")
    if c.get("kind") == "evidence" or not isinstance(value, int | float):
        return None
    return min(1.0, max(0.0, float(value)))


def _support_words(c: dict[str, Any]) -> str:
    figure = support(c)
    if figure is None:
        return QUOTED
    return f'<span title="{SUPPORT_NOTE}">support {figure:.2f}</span>'


OFFER = "the embedded model (Settings → Backend)"  # in a message that suggests switching to it
_WEB_OPTIONS = {
    ("backend", "embedded"): f"use {OFFER}",
    ("backend", "ollama"): "use Ollama (Settings → Backend)",
    ("sources", "fewer"): "ask with fewer sources (Settings → Sources)",
    ("sources", "1"): "use 1 source (Settings → Sources)",
}
_WEB_COMMANDS = {"papers index": "add papers in the Library tab"}


def web_words(hint: Hint) -> str:
    """A hint in the web app's words: its controls, not the command line's flags.

    Example:
        >>> web_words(Hint("use", "sources", "1"))
        'use 1 source (Settings → Sources)'
    """
    if hint.kind == "use":
        return _WEB_OPTIONS.get((hint.value, hint.arg), cli_words(hint))
    if hint.kind == "run" and hint.value in _WEB_COMMANDS:
        return _WEB_COMMANDS[hint.value]
    return cli_words(hint)


def say(error: BaseException | str) -> str:
    """An error (or a note) as the web app shows it.

    Example:
        >>> from index.errors import NoIndex
        >>> say(NoIndex("Nothing is indexed yet", Hint("run", "papers index")))
        'Nothing is indexed yet: add papers in the Library tab'
    """
    return error.say(web_words) if isinstance(error, PapersError) else str(error)
