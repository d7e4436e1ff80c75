"""The Check tab: paste a paragraph that cites [@key] (Pandoc), see each claim's status, reason and quote."""

from __future__ import annotations

import logging
from html import escape
from typing import Any, NoReturn

import gradio as gr

from assistant.drafts import Checker, Result, check_text
from assistant.verifier import Verifier
from index.errors import PapersError
from index.limits import MAX_CHECK

log = logging.getLogger(__name__)
MAX_CHARS = MAX_CHECK  # the same limit as `papers check draft.md`
EXAMPLE = (
    "PIXART-δ generates a 1024×1024 image in 0.5 seconds [@pe6e98939be3]. "
    "DocLayNet contains 90,000 annotated pages [@p6840fc104df]."
)
LABEL = {
    "supported": "✓ supported",
    "contradicted": "✗ contradicted",
    "unsupported": "? unsupported",
    "unknown-paper": "? unknown paper",
    "not-cited": "· not cited",
    "skipped": "⚠ skipped",
}


class CheckView:
    """Handlers of the Check tab and the `check` API over one library."""

    def __init__(self, library: Any) -> None:
        self.library = library

    def key_choices(self, most: int = 5000) -> list[tuple[str, str]]:
        """("@key · title", key) for the library's own papers (not bulk imports), to pick a citation
        from, at most `most`; keys as `Library.citation_keys` gives them, over the whole library."""
        try:
            key_of = {pid: key for key, pid in self.library.citation_keys().items()}
            records = self.library.papers(bulk=False)
        except PapersError:  # nothing indexed yet
            return []
        return [(f"@{key_of[r.paper_id]} · {r.title[:90]}", key_of[r.paper_id]) for r in records
                if r.paper_id in key_of][:most]  # fmt: skip

    def key_picker(self) -> Any:
        """The picker's choices, read when a page loads (not when the app starts: a big library)."""
        return gr.update(choices=self.key_choices())

    @staticmethod
    def cite(text: str | None, key: str | None) -> tuple[str, Any]:
        """The text with `[@key]` added where a sentence would end, and the picker cleared.

        Example:
            >>> CheckView.cite("Quokkas cross salt flats.", "muller2023quokka")[0]
            'Quokkas cross salt flats [@muller2023quokka].'
        """
        text = (text or "").rstrip()
        if not key:
            return text, gr.update(value=None)
        if text.endswith("."):
            return f"{text[:-1]} [@{key}].", gr.update(value=None)
        return f"{text} [@{key}]".strip(), gr.update(value=None)

    def results(self, text: Any) -> list[Result]:
        if not isinstance(text, str):
            refuse(f"The text to check must be a string, not {type(text).__name__}.")
        text = text.strip()
        if not text:
            refuse("Paste a paragraph whose sentences cite papers as [@key], [@doi:...] or [@arXiv:ID].")
        if len(text) > MAX_CHARS:
            refuse(f"The text is {len(text):,} characters; check at most {MAX_CHARS:,} at a time.")
        try:
            return check_text(text, Checker(self.library, Verifier(self.library.embedder)))
        except PapersError as exc:
            refuse(str(exc))

    def html(self, text: str) -> str:
        """The Check tab's result: one row per sentence."""
        rows = self.results(text)
        items = "".join(_row(r) for r in rows)
        counts = ", ".join(
            f"{sum(r.status == s for r in rows)} {s}" for s in LABEL if any(r.status == s for r in rows)
        )
        return f'<div class="check-result"><p class="muted">{escape(counts)}</p><ol>{items}</ol></div>'

    def api(self, text: str) -> list[dict[str, Any]]:
        """Check a paragraph citing papers as Pandoc does: [@key], [@doi:DOI], [@arXiv:ID] or [@PAPER_ID].

        Returns one dict per sentence: id, claim, paper_ids, status (supported, contradicted,
        unsupported, unknown-paper or not-cited), reason, evidence (the quote it was checked
        against), score.
        """
        return [
            {
                "id": r.id,
                "claim": r.claim,
                "paper_ids": r.paper_ids,
                "status": r.status,
                "reason": r.reason,
                "evidence": r.evidence,
                "score": r.score,
            }  # fmt: skip
            for r in self.results(text)
        ]


def refuse(message: str) -> NoReturn:
    """Input the check cannot take: a message for the caller, one line in the server's log (no traceback)."""
    log.warning("check refused: %s", message)
    raise gr.Error(message, print_exception=False)


def _row(r: Result) -> str:
    quote = ""
    if r.evidence and r.status not in ("not-cited", "unknown-paper"):
        where = escape(r.titles[0] if r.titles else "")
        quote = (
            f'<blockquote class="quote">“{escape(r.evidence)}”</blockquote><span class="muted">{where}</span>'
        )
    reason = f'<div class="reason">{escape(r.reason)}</div>' if r.reason else ""
    return (
        f'<li class="check {escape(r.status)}"><b>{LABEL.get(r.status, escape(r.status))}</b>: '
        f"{escape(r.claim)}{reason}{quote}</li>"
    )
