"""The chat's past-conversations panel: save after each answer, open, rename, delete, export.

The list lives in the browser (a BrowserState); these handlers only transform what it sends.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from index.errors import PapersError
from ui import conversation, past
from ui.panel import source_panel


class PastView:
    def __init__(self, library: Any) -> None:
        self.library = library

    @staticmethod
    def listed(entries: Any, chosen: str | None = None) -> Any:
        """The panel's list of conversations, `chosen` selected."""
        return gr.update(choices=past.choices(past.clean(entries)), value=chosen)

    def keep(self, entries: Any, cid: Any, now: Any) -> tuple[Any, str, Any]:
        """After an answer: the open conversation saved (a new one gets an id), the list refreshed."""
        cid = cid if isinstance(cid, str) else ""
        kept, cid = past.save(past.clean(entries), cid, conversation.clean(now))
        return kept, cid, self.listed(kept, cid)

    @staticmethod
    def resume(entries: Any, cid: str | None, request: gr.Request) -> tuple[Any, ...]:
        """A past conversation back in the chat, as it was shown: quotes, citations, verification."""
        entry = next((e for e in past.clean(entries) if e["id"] == cid), None)
        if entry is None:
            raise gr.Error("Pick a conversation to open.", print_exception=False)
        shown = entry["turns"]
        export = conversation.export(shown, request.session_hash or "")
        return conversation.messages(shown), shown, entry["id"], export, source_panel(None)

    def renamed(self, entries: Any, cid: str | None, name: str) -> tuple[Any, Any, str]:
        kept = past.rename(past.clean(entries), cid or "", name or "")
        return kept, self.listed(kept, cid), ""

    def deleted(self, entries: Any, cid: str | None, now: str) -> tuple[Any, ...]:
        """The list without the picked conversation; the chat starts afresh if it was the open one."""
        kept = past.delete(past.clean(entries), cid or "")
        if cid and cid == now:
            return kept, self.listed(kept), "", [], [], None, source_panel(None)
        same = gr.update()
        return kept, self.listed(kept), now, same, same, same, same

    def exports(self, entries: Any, cid: str | None, request: gr.Request) -> tuple[Any, Any]:
        """The picked conversation's Markdown and BibTeX, ready to download."""
        entry = next((e for e in past.clean(entries) if e["id"] == cid), None)
        if entry is None:
            return None, None
        session = request.session_hash or ""
        try:
            bib = conversation.export_bibtex(entry["turns"], session, self.library.bibtex)
        except PapersError:
            bib = None
        return conversation.export(entry["turns"], session), bib
