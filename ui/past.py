"""Past conversations, kept in the browser (Gradio's BrowserState): plain lists of plain dicts.

Each entry is `{"id", "title", "turns"}`, newest first; `turns` are the chat's own turns, so a
resumed conversation keeps its quotes, citations and verification exactly as they were shown. The
server keeps nothing: another browser has its own list.
"""

from __future__ import annotations

import secrets
from typing import Any

from ui import conversation
from ui.counts import count

Entry = dict[str, Any]
MOST = 50  # conversations a browser keeps; the oldest go first


def clean(entries: Any) -> list[Entry]:
    """What the browser sent, as entries: anything malformed is dropped.

    Example:
        >>> clean([{"id": "a", "title": "T", "turns": []}, "junk", {"id": 3}])
        [{'id': 'a', 'title': 'T', 'turns': []}]
    """
    if not isinstance(entries, list):
        return []
    return [
        {"id": e["id"], "title": str(e.get("title") or "Conversation")[:120], "turns": conversation.clean(e["turns"])}  # noqa: E501
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("turns"), list)
    ][:MOST]


def title(turns: list[dict[str, Any]]) -> str:
    """A conversation's name: its first question, shortened.

    Example:
        >>> title([{"question": "How do they prune transformers without retraining them at all?"}])
        'How do they prune transformers without retraining them…'
    """
    first = str(turns[0].get("question", "")) if turns else ""
    return first if len(first) <= 60 else first[:57].rsplit(" ", 1)[0] + "…"


def save(entries: list[Entry], current: str, turns: list[dict[str, Any]]) -> tuple[list[Entry], str]:
    """The list with the current conversation saved (first, as the newest), and its id.

    Example:
        >>> entries, cid = save([], "", [{"question": "Q1"}])
        >>> [e["title"] for e in entries], cid == entries[0]["id"]
        (['Q1'], True)
        >>> entries, same = save(entries, cid, [{"question": "Q1"}, {"question": "Q2"}])
        >>> len(entries), same == cid, len(entries[0]["turns"])
        (1, True, 2)
        >>> len(save(entries, "", [{"question": "Q1"}, {"question": "Q2"}])[0])  # the same turns, once
        1
    """
    if not turns:
        return entries, current
    # saved already under another id (an answer's save and "New" may both save it): that entry
    same = next((e for e in entries if not current and e["turns"] == turns), None)
    cid = current or (same["id"] if same else secrets.token_hex(6))
    old = next((e for e in entries if e["id"] == cid), None)
    entry = {"id": cid, "title": old["title"] if old else title(turns), "turns": turns}
    return [entry, *(e for e in entries if e["id"] != cid)][:MOST], cid


def rename(entries: list[Entry], cid: str, name: str) -> list[Entry]:
    """The list with one conversation renamed (an empty name keeps the old one).

    Example:
        >>> rename([{"id": "a", "title": "Q1", "turns": []}], "a", "  Pruning  ")[0]["title"]
        'Pruning'
    """
    name = " ".join(name.split())[:120]
    return [{**e, "title": name} if e["id"] == cid and name else e for e in entries]


def delete(entries: list[Entry], cid: str) -> list[Entry]:
    """The list without one conversation.

    Example:
        >>> delete([{"id": "a", "title": "A", "turns": []}, {"id": "b", "title": "B", "turns": []}], "a")
        [{'id': 'b', 'title': 'B', 'turns': []}]
    """
    return [e for e in entries if e["id"] != cid]


def choices(entries: list[Entry]) -> list[tuple[str, str]]:
    """(label, id) for the side panel: the title and how many questions.

    Example:
        >>> choices([{"id": "a", "title": "Pruning", "turns": [{}, {}]}])
        [('Pruning · 2 questions', 'a')]
    """
    return [(f"{e['title']} · {count(len(e['turns']), 'question')}", e["id"]) for e in entries]
