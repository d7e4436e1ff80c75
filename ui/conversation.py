"""The conversation as plain data: turns kept in the browser, chatbot messages, history, Markdown.

A turn is {"question": str, "answer": AnswerDict | None, "error": str}. The browser keeps the
turns (gr.BrowserState), so a reload rebuilds the chat with each answer's own citations.

Example:
    >>> history([{"question": "q", "answer": {"text": "a [1]"}, "error": ""}])
    [('q', 'a [1]')]
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import time
from html import escape
from pathlib import Path
from typing import Any

from assistant.answer import NOT_SHOWN
from ui import render
from ui.render import AnswerDict, Turn

MAX_TURNS = 50  # older turns are dropped from the browser's storage
_MARK = re.compile(r"\[(\d+)\]")


def turn(question: str, answer: AnswerDict | None = None, error: str = "") -> Turn:
    """A turn to store: the answer without its sources (its citations carry the snippets).

    Sources that only the evidence quotes cite are kept as citations of kind "evidence", so that a
    click on a quote's [n] shows its source too.
    """
    if not answer:
        return {"question": question, "answer": None, "error": error}
    kept = {k: v for k, v in answer.items() if k != "sources"}
    cited = {c["n"] for c in answer.get("citations") or []}
    quoted = {e["n"]: e for e in answer.get("evidence") or []}
    kept["citations"] = list(kept.get("citations") or []) + [
        {
            "n": s["n"],
            "paper_id": s["paper_id"],
            "title": s["title"],
            "source": s["source"],
            "snippet": s["text"],
            "sentence": quoted[s["n"]]["quote"],
            "support": quoted[s["n"]]["score"],
            "chunk_id": s["chunk_id"],
            "meta": s.get("meta") or {},
            "kind": "evidence",
        }  # fmt: skip
        for s in answer.get("sources") or []
        if s["n"] in quoted and s["n"] not in cited
    ]
    return {"question": question, "answer": kept, "error": error}


def messages(turns: list[Turn]) -> list[dict[str, Any]]:
    """Chatbot messages for the stored turns: [{"role": "user", "content": ...}, ...]."""
    out: list[dict[str, Any]] = []
    for i, t in enumerate(turns):
        out.append(user(t["question"]))
        content = render.answer(i, t["answer"]) if t.get("answer") else render.error(t.get("error", ""))
        out.append({"role": "assistant", "content": content})
    return out


def user(question: str) -> dict[str, Any]:
    return {"role": "user", "content": f'<div class="question">{escape(question)}</div>'}


def history(turns: list[Turn]) -> list[tuple[str, str]]:
    """(question, answer text) pairs for the chain's follow-up handling; failed turns are left out."""
    return [(t["question"], t["answer"]["text"]) for t in turns if (t.get("answer") or {}).get("text")]


def clean(turns: Any) -> list[Turn]:
    """Turns read back from the browser, with anything malformed dropped."""
    if not isinstance(turns, list):
        return []
    ok = [
        t
        for t in turns
        if isinstance(t, dict)
        and isinstance(t.get("question"), str)
        and (t.get("answer") is None or isinstance(t.get("answer"), dict))
        and _renders(t)
    ]
    return ok[-MAX_TURNS:]


def _renders(turn: Turn) -> bool:
    """Whether a turn from the browser (or an API caller) can be shown: a malformed answer cannot."""
    try:
        render.answer(0, turn["answer"]) if turn.get("answer") else render.error(str(turn.get("error", "")))
        markdown([turn])
    except Exception:  # noqa: BLE001 - any shape we did not write
        return False
    return True


def citation(turns: list[Turn], pick: str) -> tuple[AnswerDict | None, int | None]:
    """The answer and citation number a click picked: '3-2' or '3-2:1712345' -> (turns[3] answer, 2)."""
    m = re.match(r"(\d+)-(\d+)", pick or "")
    if not m or int(m.group(1)) >= len(turns):
        return None, None
    return turns[int(m.group(1))].get("answer"), int(m.group(2))


def claim_of(pick: str) -> str:
    """Which claim's mark was clicked, when the mark names one.

    Example:
        >>> claim_of("3-2-s1:1712"), claim_of("3-2")
        ('s1', '')
    """
    m = re.match(r"\d+-\d+-([sq]\d+)(?::|$)", pick or "")
    return m.group(1) if m else ""


def _escaped(value: Any) -> Any:
    """Every string in a turn with <, > and & escaped: a paper's <script> stays text in Markdown."""
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def markdown(turns: list[Turn]) -> str:
    """The conversation as Markdown, its citations renumbered into one reference list at the end.

    Example: two answers citing papers A [1] and then B [1], A [2]: A is [1], B is [2] throughout
        >>> def cite(n, paper): return {"n": n, "paper_id": paper, "title": paper, "source": "x.md"}
        >>> def turn(text, *cites): return {"question": "q", "answer": {"text": text, "citations": [*cites]}}
        >>> turns = [turn("X [1].", cite(1, "A")), turn("Y [1]. Z [2].", cite(1, "B"), cite(2, "A"))]
        >>> [line for line in markdown(turns).splitlines() if line.startswith(("X", "Y"))]
        ['X [1].', 'Y [2]. Z [1].']
    """
    turns = _escaped(turns)
    refs: dict[tuple[str, str], int] = {}  # (paper_id, chunk_id) -> number in the export
    entries: list[str] = []
    lines = ["# Conversation with papers", "", f"Exported {time.strftime('%Y-%m-%d %H:%M')}.", ""]
    for i, t in enumerate(turns, 1):
        lines += [f"## {i}. {t['question']}", ""]
        a = t.get("answer")
        if not a:
            lines += [f"> The assistant could not answer: {t.get('error', '')}", ""]
            continue
        local: dict[int, int] = {}
        for c in a.get("citations", []):
            key = (c["paper_id"], c.get("chunk_id", ""))
            if key not in refs:
                refs[key] = len(refs) + 1
                entries.append(_reference(refs[key], c))
            local[c["n"]] = refs[key]
        if a.get("evidence"):
            lines += ["From the papers:", ""]
            lines += [
                f"> \u201c{e['quote']}\u201d (*{e.get('title', '')}*, paper `{e['paper_id']}`)"
                for e in a["evidence"]
            ]
            lines.append("")
        text = renumber(a.get("text", ""), local)
        if not text and a.get("evidence") and not a.get("declined"):
            text = "No sentence of the model's answer could be verified: the quotes above are the answer."
        lines += [text, ""]
        if a.get("declined"):
            lines += [f"- {p['title']} ({render.short_source(p['source'])})" for p in a.get("nearest", [])]
            lines.append("")
        unverified = [x for x in a.get("sentences") or [] if x["status"] in NOT_SHOWN]
        if unverified:
            lines += ["<details><summary>Not verified</summary>", ""]
            lines += [f"- *{x['status']}*: {x['text']} ({x.get('reason', '')})" for x in unverified]
            lines += ["", "</details>", ""]
        if a.get("instructions_removed"):
            where = ", ".join(f"[{n}]" for n in a["instructions_removed"])
            which = "source" if len(a["instructions_removed"]) == 1 else "sources"
            lines += [f"> Text addressed to the assistant was removed from {which} {where}.", ""]
        if a.get("interrupted"):
            lines += [f"> Interrupted: {a.get('error', '')}", ""]
    if entries:
        lines += ["## References", ""] + entries
    return "\n".join(lines).rstrip() + "\n"


def renumber(text: str, numbers: dict[int, int]) -> str:
    """The answer's [n] marks as the export's numbers; a mark with no citation is dropped.

    Example:
        >>> renumber("A [1]. B [2].", {1: 3, 2: 1})
        'A [3]. B [1].'
    """
    return _MARK.sub(lambda m: f"[{numbers[int(m[1])]}]" if int(m[1]) in numbers else "", text).strip()


def _reference(number: int, c: dict[str, Any]) -> str:
    meta = ", ".join(f"{k}: {v}" for k, v in render.shown_meta(c.get("meta")).items() if k != "flag")
    quote = c.get("sentence", "").replace("\n", " ")
    figure = render.support(c)
    why = render.QUOTED.capitalize() if figure is None else f"Support {figure:.2f}"
    return (
        f"{number}. **{c['title']}**, {render.short_source(c['source'])}"
        + (f" ({meta})" if meta else "")
        + f", paper `{c['paper_id']}`. {why}: \u201c{quote}\u201d"
    )


def export(turns: list[Turn], session: str = "") -> str | None:
    """Write the Markdown where only this process can read it (a 0700 folder per session); None if empty.

    Gradio serves a copy; the folder goes when the session does (`forget_exports`).
    """
    if not turns:
        return None
    return write_private(markdown(turns), "conversation.md", session)


def write_private(text: str, name: str, session: str) -> str:
    """`text` in the session's 0700 export folder, readable by this process only; its path."""
    folder = exports_dir() / _session_key(session) / hashlib.sha256(text.encode()).hexdigest()[:16]
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return str(path)


def cited_papers(turns: list[Turn]) -> list[str]:
    """The paper ids the conversation cites (its quotes and citations), first-cited first."""
    ids: list[str] = []
    for t in turns:
        a = t.get("answer") or {}
        ids += [e["paper_id"] for e in a.get("evidence") or []] + [
            c["paper_id"] for c in a.get("citations") or []
        ]
    return list(dict.fromkeys(ids))


def export_bibtex(turns: list[Turn], session: str, bibtex: Any) -> str | None:
    """Write the BibTeX of the cited papers beside the Markdown export (`bibtex(ids) -> str`)."""
    ids = cited_papers(turns)
    if not ids:
        return None
    return write_private(bibtex(ids), "references.bib", session)


_EXPORTS: list[Path] = []  # this process's private export folder, made on first use


def exports_dir() -> Path:
    """A folder of this process's own, mode 0700, removed when the process exits."""
    if not _EXPORTS:
        import atexit
        import shutil

        folder = Path(tempfile.mkdtemp(prefix="papers-exports-"))  # mkdtemp makes it 0700
        atexit.register(shutil.rmtree, folder, True)
        _EXPORTS.append(folder)
    return _EXPORTS[0]


def forget_exports(session: str) -> None:
    """Remove a session's exports (its browser tab or API client has gone)."""
    import shutil

    if _EXPORTS:
        shutil.rmtree(_EXPORTS[0] / _session_key(session), ignore_errors=True)


def _session_key(session: str) -> str:
    """A folder name for a session id.

    Example:
        >>> _session_key(""), len(_session_key("a session id"))
        ('anonymous', 16)
    """
    return hashlib.sha256(session.encode()).hexdigest()[:16] if session else "anonymous"
