"""The chat app: `create_app(settings)` builds the Gradio Blocks over an Assistant; it does not launch.

Layout: a status line; a Chat tab (chat, source panel, settings, export), a Check tab (claims of a
pasted paragraph) and a Library tab (papers, details, remove, upload). Handlers live in ui/chat.py,
ui/check_view.py, ui/library_view.py and ui/status.py. Serve it with ui.launch.launch: Gradio 6
takes the CSS, the citation-click script and the safety settings there.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.chain import Assistant
from index.settings import MODES, Settings
from ui import status
from ui.chat import Chat
from ui.check_view import EXAMPLE, MAX_CHARS, CheckView
from ui.compare_view import HEADERS, CompareView
from ui.library_view import COLUMNS, ORDERS, SORTS, LibraryView
from ui.panel import source_panel
from ui.past_view import PastView
from ui.sessions import Sessions

CHAT_CONCURRENCY = 8  # chats streaming at once; the embedded model still takes one at a time
WRITES = "index-writes"  # the queue group of upload and remove: one at a time
PLACEHOLDER = "Ask about the papers in the library, e.g. *How can transformers be pruned?*"
WIDTHS: list[str | int] = ["34%", "10%", "14%", "10%", "26%", "6%"]  # of COLUMNS


def browser_secret(settings: Settings) -> str:
    """The key the browser's copy of the conversation is encrypted with, kept so it outlives a restart."""
    path = Path(settings.home) / "browser-secret"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(24))
            path.chmod(0o600)
        return path.read_text().strip()
    except OSError:
        return secrets.token_urlsafe(24)


def create_app(settings: Settings, assistant: Assistant | None = None, warmup: Any = None) -> gr.Blocks:
    """The whole app over `assistant` (a new one over the settings' index when None).

    With a `warmup` (ui/warmup.py) the status line says when the first question stops waiting:
    a timer refreshes it until the warm-up is done.
    """
    assistant = assistant or Assistant(settings)
    chat, shelf, checker = Chat(assistant), LibraryView(assistant.library), CheckView(assistant.library)
    comparer = CompareView(assistant.library)
    pasts = PastView(assistant.library)
    library = assistant.library

    with gr.Blocks(title="papers · research assistant", fill_width=True) as demo:
        turns = gr.BrowserState([], storage_key="papers-conversation", secret=browser_secret(settings))
        noticed = gr.BrowserState("", storage_key="papers-notice")  # the backend notice this browser saw
        # past conversations (ui/past.py) and which of them is open: in this browser only
        past_list = gr.BrowserState([], storage_key="papers-past", secret=browser_secret(settings))
        current = gr.BrowserState("", storage_key="papers-current")
        pick = gr.Textbox(visible="hidden", elem_id="cite-pick")  # set by the citation-click script
        with gr.Row(equal_height=True):
            gr.Markdown("### papers · ask the indexed papers, get checked citations")
            status_html = gr.HTML(elem_id="status")
            offer = gr.Button("Use the embedded model", visible=False, size="sm", scale=0, elem_id="offer")

        with gr.Tab("Chat"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Conversation",
                    elem_id="chat",
                    height=560,
                    show_label=False,
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=["copy"],
                    placeholder=PLACEHOLDER,
                )
                with gr.Row():
                    question = gr.Textbox(
                        label="Question",
                        placeholder="Ask a question…",
                        show_label=False,
                        scale=8,
                        elem_id="question",
                        autofocus=True,
                        max_length=2000,
                    )
                    ask = gr.Button("Ask", variant="primary", scale=0, min_width=90, elem_id="ask")
                    stop = gr.Button("Stop", scale=0, min_width=90, elem_id="stop")
                with gr.Row():
                    new = gr.Button("New conversation", size="sm", elem_id="new")
                    export = gr.DownloadButton("Export as Markdown", size="sm", elem_id="export")
                    export_bib = gr.DownloadButton("Export BibTeX", size="sm", elem_id="export-bib")
                with gr.Accordion("Past conversations", open=False, elem_id="past"):
                    past_pick = gr.Radio([], value=None, label="Kept in this browser", elem_id="past-list")
                    with gr.Row():
                        past_open = gr.Button("Open", size="sm", elem_id="past-open")
                        past_name = gr.Textbox(
                            placeholder="New name", show_label=False, scale=3, elem_id="past-name"
                        )
                        past_rename = gr.Button("Rename", size="sm", elem_id="past-rename")
                        past_delete = gr.Button("Delete", size="sm", variant="stop", elem_id="past-delete")
                    with gr.Row():
                        past_md = gr.DownloadButton("Export it as Markdown", size="sm", elem_id="past-md")
                        past_bib = gr.DownloadButton("Export its BibTeX", size="sm", elem_id="past-bib")
                with gr.Accordion("Settings", open=False, elem_id="settings"):
                    with gr.Row():
                        backend = gr.Dropdown(
                            ["auto", "ollama", "embedded"], value=settings.backend, label="Backend"
                        )
                        model = gr.Dropdown(
                            [("default", "")],
                            value="",
                            label="Model",
                            allow_custom_value=True,
                            info="Ollama name or GGUF path",
                        )
                        k = gr.Slider(1, 10, value=settings.k, step=1, label="Sources")
                        mode = gr.Radio(list(MODES), value=settings.mode, label="Retrieval")
                    with gr.Row():
                        listings = gr.Dropdown([], value=[], multiselect=True, label="Only these listings")
                        papers = gr.Dropdown([], value=[], multiselect=True, label="Only these papers")
                        date = gr.Textbox("", label="Only dates containing", placeholder="e.g. 2023")
            with gr.Column(scale=2):
                gr.Markdown("#### Sources")
                panel = gr.HTML(source_panel(None), elem_id="sources")

        with gr.Tab("Check"):
            gr.Markdown(
                "Paste a paragraph you wrote, citing papers as Pandoc does: `[@key]` (your `.bib`'s keys, "
                "or those below), `[@doi:...]` or `[@arXiv:ID]`, several as `[@a; @b, p. 4]`. Each cited "
                "sentence is checked against the paper's text (numbers, names, direction, wording)."
            )
            cite = gr.Dropdown(
                choices=[],
                value=None,
                label="Cite a paper of the library (adds its key to the text)",
                filterable=True,
                elem_id="check-cite",
            )
            draft = gr.Textbox(
                label="Text to check",
                lines=6,
                max_length=MAX_CHARS,
                elem_id="check-text",
                placeholder=EXAMPLE,
            )
            check_button = gr.Button("Check", variant="primary", elem_id="check")
            cite.select(CheckView.cite, [draft, cite], [draft, cite], api_visibility="private", queue=False)
            checked = gr.HTML(elem_id="check-result")

        with gr.Tab("Compare"):
            gr.Markdown(
                "The most relevant papers for a question, one row each: the sentence that best says what "
                "the paper does for it, and the one that best states its result. Every cell is a quote of "
                "its paper (with where it sits), or *not stated*. Sort by a column from its header's ⋮ menu."
            )
            with gr.Row(equal_height=True):
                compare_q = gr.Textbox(
                    label="Compare papers on",
                    placeholder="How can video diffusion be distilled to few steps?",
                    scale=4, elem_id="compare-question",
                )  # fmt: skip
                compare_n = gr.Number(value=8, minimum=1, maximum=20, precision=0, label="Papers", scale=1)
                compare_button = gr.Button("Compare", variant="primary", scale=1, elem_id="compare")
            compare_status = gr.Markdown(elem_id="compare-status")
            compare_table = gr.Dataframe(
                headers=HEADERS, interactive=False, wrap=True, elem_id="compare-table",
                datatype=["number", "str", "str", "str", "str", "number", "number"],
                column_widths=["3%", "16%", "5%", "32%", "30%", "7%", "7%"],
            )  # fmt: skip
            with gr.Row():
                compare_md = gr.File(label="Markdown", elem_id="compare-md")
                compare_csv = gr.File(label="CSV", elem_id="compare-csv")
                compare_bib = gr.File(label="BibTeX", elem_id="compare-bib")
            gr.on(
                [compare_button.click, compare_q.submit],
                comparer.run,
                [compare_q, compare_n],
                [compare_table, compare_md, compare_csv, compare_bib, compare_status],
                api_name="compare",
            )

        with gr.Tab("Library"):
            with gr.Row():
                search = gr.Textbox(
                    placeholder="Filter by title, id, listing or metadata",
                    show_label=False,
                    scale=4,
                    elem_id="library-search",
                )
            with gr.Row(equal_height=True):
                years = gr.Textbox(
                    value="", label="Year", placeholder="2021 or 2019-2021", elem_id="library-year", scale=1
                )
                author = gr.Textbox(
                    value="", label="Author", placeholder="a name", elem_id="library-author", scale=1
                )
                ident = gr.Textbox(
                    value="",
                    label="Identifier",
                    placeholder="arXiv id, DOI or key",
                    elem_id="library-id",
                    scale=1,
                )
                sort = gr.Dropdown(
                    list(SORTS), value=next(iter(SORTS)), label="Sort by", elem_id="library-sort", scale=1
                )
                order = gr.Radio(ORDERS, value=ORDERS[0], label="Order", elem_id="library-order", scale=1)
            count = gr.Markdown(label="Count", elem_id="library-count")
            table = gr.Dataframe(
                headers=COLUMNS,
                interactive=False,
                wrap=True,
                max_height=420,
                elem_id="library-table",
                column_widths=WIDTHS,
            )
            with gr.Row():
                with gr.Column(scale=3):
                    paper = gr.HTML('<div class="panel-empty">Click a paper to see it here.</div>')
                with gr.Column(scale=2):
                    chosen = gr.Textbox(label="Selected paper id", interactive=False)
                    remove = gr.Button("Remove this paper from the index", variant="stop", size="sm")
                    removed = gr.Markdown()
            gr.Markdown(
                "#### Add papers\nPDF, text, Markdown or listing files. Each file is checked by its "
                f"content; up to {settings.max_upload_mb} MB a file."
            )
            files = gr.File(file_count="multiple", type="filepath", label="Files", elem_id="upload")
            add = gr.Button("Add to the library", variant="primary", elem_id="add")
            added = gr.Markdown(elem_id="upload-report")

        # chat
        chat_inputs = [question, turns, backend, model, k, mode, listings, papers, date]
        chat_outputs = [chatbot, turns, question, export, offer]
        gr.on(
            [question.submit, ask.click],
            chat.respond,
            chat_inputs,
            chat_outputs,
            api_name="chat",
            concurrency_limit=CHAT_CONCURRENCY,
            concurrency_id="chat",
            show_progress="hidden",
        ).then(chat.bibtex, turns, export_bib, api_visibility="private", show_progress="hidden").then(
            pasts.keep, [past_list, current, turns], [past_list, current, past_pick], api_visibility="private"
        )
        stop.click(chat.stop, None, None, queue=False, api_visibility="private")
        pick.change(chat.pick, [pick, turns], panel, queue=False, api_visibility="private")
        chatbot.select(chat.select, turns, panel, queue=False, api_visibility="private")
        # one event: the open conversation saved, the chat cleared and its id forgotten together, so a
        # question asked at once starts a new conversation and cannot overwrite the one just left, and one
        # left before its answer's own save ran (a loaded machine) is not lost
        new.click(
            lambda entries, cid, now: (*chat.clear(), None, "", *pasts.keep(entries, cid, now)[::2]),
            [past_list, current, turns],
            [chatbot, turns, export, panel, export_bib, current, past_list, past_pick],
            api_visibility="private",
        )
        past_open.click(
            pasts.resume,
            [past_list, past_pick],
            [chatbot, turns, current, export, panel],
            api_visibility="private",
        ).then(chat.bibtex, turns, export_bib, api_visibility="private", show_progress="hidden")
        past_rename.click(
            pasts.renamed,
            [past_list, past_pick, past_name],
            [past_list, past_pick, past_name],
            api_visibility="private",
        )
        past_delete.click(
            pasts.deleted,
            [past_list, past_pick, current],
            [past_list, past_pick, current, chatbot, turns, export, panel],
            api_visibility="private",
        )
        past_pick.change(pasts.exports, [past_list, past_pick], [past_md, past_bib], api_visibility="private")
        gr.api(chat.ask, api_name="ask", concurrency_limit=CHAT_CONCURRENCY, concurrency_id="chat")

        # check
        check_button.click(checker.html, draft, checked, api_visibility="private", concurrency_id="chat")
        gr.api(checker.api, api_name="check", concurrency_limit=CHAT_CONCURRENCY, concurrency_id="chat")

        # status and settings
        def refresh_status(b: str, m: str):  # type: ignore[no-untyped-def]
            return status.line(library, b, m, warmup)

        status_outputs = [status_html, offer, model]
        gr.on(
            [backend.change, model.change],
            refresh_status,
            [backend, model],
            status_outputs,
            api_visibility="private",
            trigger_mode="always_last",
        )
        offer.click(lambda: "embedded", None, backend, api_visibility="private")

        # library
        refresh = [table, count]

        shown = [search, years, author, ident, sort, order]

        def after_write(q: str, y: str, a: str, i: str, s: str, o: str, b: str, m: str):  # type: ignore[no-untyped-def]
            return (*shelf.table(q, y, a, i, s, o), *shelf.choices(), status.line(library, b, m)[0])

        written = [table, count, listings, papers, status_html]
        gr.on(
            # a year range is read when it is complete (Enter, or leaving the box), not per keystroke
            [search.change, years.submit, years.blur, author.change, ident.change, sort.change, order.change],
            shelf.table,
            shown,
            refresh,
            api_name="library",
            trigger_mode="always_last",
        )
        table.select(shelf.details, None, [chosen, paper], api_visibility="private")
        remove.click(
            shelf.remove, chosen, removed, api_name="remove", concurrency_limit=1, concurrency_id=WRITES
        ).then(after_write, [*shown, backend, model], written, api_visibility="private")
        add.click(
            shelf.upload,
            files,
            added,
            api_name="upload",
            concurrency_limit=1,
            concurrency_id=WRITES,
            show_progress_on=added,
        ).then(after_write, [*shown, backend, model], written, api_visibility="private")

        # on page load: the kept conversation, the status, the library
        demo.load(chat.restore, turns, [chatbot, turns, export], api_visibility="private").then(
            chat.bibtex, turns, export_bib, api_visibility="private", show_progress="hidden"
        )
        demo.load(refresh_status, [backend, model], status_outputs, api_visibility="private")
        demo.load(pasts.listed, past_list, past_pick, api_visibility="private")
        demo.load(checker.key_picker, None, cite, api_visibility="private")

        def show_notice(b: str, m: str, seen: str) -> str:
            """Why Ollama does not answer, once per browser: the status line names who answers."""
            said, seen = status.notice(library, b, m, seen)
            if said:
                gr.Info(said, duration=None, title="Ollama")
            return seen

        demo.load(show_notice, [backend, model, noticed], noticed, api_visibility="private")
        if warmup is not None:
            ticker = gr.Timer(1.0, active=not warmup.done.is_set())

            def tick(b: str, m: str):  # type: ignore[no-untyped-def]
                return (*refresh_status(b, m), gr.Timer(active=not warmup.done.is_set()))

            ticker.tick(tick, [backend, model], [*status_outputs, ticker], api_visibility="private")
        demo.load(shelf.table, shown, refresh, api_visibility="private")
        demo.load(shelf.choices, None, [listings, papers], api_visibility="private")
        demo.unload(Sessions(demo).closed)  # a tab or client gone: its server-side state goes too

    demo.queue(default_concurrency_limit=CHAT_CONCURRENCY, max_size=64)
    return demo
