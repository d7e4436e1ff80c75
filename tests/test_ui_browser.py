"""End to end in headless Chromium: ask, watch the answer stream, open a citation, export, reload,
upload a paper. Screenshots of each step go to tests/artifacts/ui-*.png.

Needs Debian's chromium at /usr/bin/chromium (apt-get install chromium); skipped without it.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.servers import free_port

from assistant.chain import Assistant
from index.catalog import date_key
from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from ui.app import create_app
from ui.launch import launch

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
QUESTION = "Which paper speeds up pruning of transformers?"
PAPER = (
    "# Sparse Ferrets Prune Attention Heads\n\n"
    "We prune the attention heads of ferret transformers with a gate.\n"
)
BIB = r"""@article{lee2024otters,
  title = {Otters Count {P}ebbles: Na{\"\i}ve Arithmetic in Mustelids},
  author = {Lee, Min-jun and M{\"u}ller, J{\"o}rg},
  year = {2024},
  journal = {Journal of Mustelids},
  doi = {10.5555/OTTERS.7},
  abstract = {Otters count pebbles up to seven before they lose interest.}
}
"""
# every distinct length of the streaming answer's text, recorded in the page as it changes
WATCH = """() => { window.seen = []; new MutationObserver(() => {
  const el = document.querySelector('#chat .answer.streaming');
  if (el && !window.seen.includes(el.innerText.length)) window.seen.push(el.innerText.length);
}).observe(document.body, {subtree: true, childList: true, characterData: true}); }"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: apt-get install chromium"),
]


@pytest.fixture
def url(indexed_settings: Settings, embedder: Embedder, tmp_path: Path) -> Iterator[str]:
    """The app over a copy of the session index (the test uploads a paper)."""
    home = tmp_path / "home"
    shutil.copytree(indexed_settings.home, home)
    small = {"home": home, "max_tokens": 96, "k": 3, "temperature": 0.0}
    yield from serve(indexed_settings.model_copy(update=small), embedder)


def serve(settings: Settings, embedder: Embedder) -> Iterator[str]:
    """Serve the app on a free local port; yields its address, closes it after."""
    app = create_app(settings, Assistant(settings, Library(settings, embedder)))
    _, address = launch(app, settings, port=free_port(), block=False, quiet=True)
    yield address
    app.close()


@pytest.fixture
def page(url: str, tmp_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        page.goto(url)
        yield page
        browser.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"ui-{name}.png"))


def test_ask_cite_export_reload_upload(page: Any, tmp_path: Path) -> None:
    page.wait_for_selector("#status .status", timeout=60_000)
    assert "embedded model" in page.inner_text("#status")
    shot(page, "1-open")

    page.evaluate(WATCH)
    page.fill("#question textarea", QUESTION)
    page.press("#question textarea", "Enter")
    page.wait_for_function("() => window.seen.some(n => n > 40)", timeout=300_000, polling=50)
    shot(page, "2-streaming")
    page.wait_for_selector("#chat .answer .provenance", timeout=300_000)
    assert len(page.evaluate("window.seen")) >= 3  # the answer grew in several steps
    shot(page, "3-answer")

    assert page.locator("#chat .answer .evidence h4").inner_text().lower() == "from the papers"
    assert page.locator("#chat .answer .evidence blockquote.quote").count() >= 1
    mark = page.locator("#chat .answer a.cite").first
    number = mark.inner_text()
    mark.click()
    card = page.locator("#sources .source-card[open]")
    card.wait_for(timeout=10_000)
    assert number in card.locator("summary").inner_text()
    assert len(card.locator(".snippet").inner_text()) > 50 and card.locator(".snippet mark").count() == 1
    assert "Support" in card.inner_text()
    shot(page, "4-citation")

    with page.expect_download() as download:
        page.click("#export")
    saved = tmp_path / "conversation.md"
    download.value.save_as(saved)
    text = saved.read_text()
    assert f"## 1. {QUESTION}" in text and "## References" in text and "1. **" in text
    with page.expect_download() as download:
        page.click("#export-bib")
    bib = tmp_path / "references.bib"
    download.value.save_as(bib)
    import bibtexparser
    from bibtexparser import middlewares

    decode = middlewares.LatexDecodingMiddleware(keep_braced_groups=False)
    parsed = bibtexparser.parse_string(bib.read_text(), append_middleware=[decode])
    assert parsed.entries and not parsed.failed_blocks  # the cited papers, as BibTeX that parses
    cited = {e.fields_dict["title"].value.strip("{}") for e in parsed.entries}
    assert page.locator("#chat .answer .evidence").inner_text() and any(t in text for t in cited)
    shot(page, "5-export")

    page.reload()
    page.wait_for_selector("#chat .answer .provenance", timeout=30_000)  # kept in the browser
    assert page.locator("#chat .answer a.cite").first.inner_text() == number
    assert page.locator("#sources .source-card").count() == 0
    page.locator("#chat .answer .provenance").click()  # a click on the message shows all its sources
    page.locator("#sources .source-card[open]").wait_for(timeout=10_000)
    shot(page, "6-reloaded")

    page.get_by_role("tab", name="Library").click()
    paper = tmp_path / "ferrets.md"
    paper.write_text(PAPER)
    bib = tmp_path / "zotero.bib"
    bib.write_text(BIB)
    page.set_input_files("#upload input[type=file]", [str(paper), str(bib)])
    page.click("#add")
    report = page.locator("#upload-report")
    report.get_by_text("Indexed 2 of 2 files").wait_for(timeout=120_000)
    report.scroll_into_view_if_needed()
    shot(page, "7-uploaded")

    page.fill("#library-search textarea", "ferrets")
    page.locator("#library-count").get_by_text(re.compile(r"^1 of \d+ papers( · .+)?$")).wait_for(
        timeout=30_000
    )
    assert "Sparse Ferrets Prune Attention Heads" in page.inner_text("#library-table")
    page.get_by_test_id("cell-0-0").click()
    page.locator(".paper h3").get_by_text("Sparse Ferrets").wait_for(timeout=10_000)
    shot(page, "8-library")

    # a Zotero entry: found by its DOI, its identifiers shown as links
    page.fill("#library-search textarea", "10.5555/otters.7")
    page.locator("#library-count").get_by_text(re.compile(r"^1 of \d+ papers")).wait_for(timeout=30_000)
    page.get_by_test_id("cell-0-0").click()
    link = page.locator(".paper a[href='https://doi.org/10.5555/otters.7']")
    link.wait_for(timeout=10_000)
    assert link.get_attribute("rel") == "noopener noreferrer"

    # the filters for a real library: author (accents optional) and year; then sort by a column
    page.fill("#library-search textarea", "")
    page.fill("#library-author textarea", "muller")
    page.locator("#library-count").get_by_text(re.compile(r"^1 of \d+ papers")).wait_for(timeout=30_000)
    assert "Otters Count Pebbles" in page.inner_text("#library-table")
    page.fill("#library-year textarea", "2019-2023")  # the otters are from 2024
    page.press("#library-year textarea", "Enter")  # a year range is read when complete
    page.locator("#library-count").get_by_text(re.compile(r"^0 of \d+ papers")).wait_for(timeout=30_000)
    page.fill("#library-author textarea", "")
    page.fill("#library-year textarea", "2022-2024")
    page.press("#library-year textarea", "Enter")
    page.locator("#library-sort input").click()
    page.get_by_role("option", name="Date", exact=True).click()
    page.locator("#library-order").get_by_text("descending").click()
    first_date = "() => document.querySelector('[data-testid=\"cell-0-3\"]')?.innerText || ''"
    page.wait_for_function(f"({first_date})().includes('2024')", timeout=30_000)  # newest first
    # the table may still be redrawing from the column's sort to the order's: read it until it settles
    deadline = time.monotonic() + 30
    while True:
        dates = [page.get_by_test_id(f"cell-{i}-3").inner_text() for i in range(5)]
        keys = [date_key({"date": d}) for d in dates]
        newest_first = None not in keys and keys == sorted(keys, reverse=True)  # type: ignore[type-var]
        if newest_first or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    assert newest_first, dates
    page.locator("#library-order").get_by_text("ascending").click()
    page.wait_for_function(f"({first_date})().includes('2022')", timeout=30_000)  # oldest first
    shot(page, "9-library-sorted")


@pytest.fixture
def scripted_url(indexed_settings: Settings, embedder: Embedder) -> Iterator[str]:
    """The app answering through the Ollama protocol fake with a scripted reply (one wrong number)."""
    from helpers.fake_ollama import FakeOllama

    reply = (
        "PIXART-δ achieves 0.5 seconds for generating 1024x1024 pixel images [1]. "
        "PIXART-δ generates a 1024x1024 image in approximately 2.5 seconds [1]."
    )
    with FakeOllama(reply=reply) as fake:
        settings = indexed_settings.model_copy(update={"backend": "ollama", "ollama_url": fake.url, "k": 1})
        yield from serve(settings, embedder)


def test_quotes_first_and_not_verified_collapsed(scripted_url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(scripted_url)
        page.fill("#question textarea", "How long does PIXART-δ take to generate a 1024×1024 image?")
        page.press("#question textarea", "Enter")
        page.wait_for_selector("#chat .answer .provenance", timeout=120_000)
        answer = page.locator("#chat .answer").last
        quotes = answer.locator(".evidence blockquote.quote")
        assert "0.5 seconds" in quotes.first.inner_text()
        synthesis = answer.locator(".synthesis").inner_text()
        assert "0.5 seconds" in synthesis and "2.5" not in synthesis
        hidden = answer.locator("details.not-verified")
        assert hidden.get_attribute("open") is None  # collapsed
        assert hidden.locator("summary").inner_text().startswith("Not verified (")
        assert not hidden.locator("li.contradicted").is_visible()
        shot(page, "9-not-verified-closed")
        hidden.locator("summary").click()
        reason = hidden.locator("li.contradicted .reason")
        reason.wait_for(state="visible", timeout=5_000)
        assert reason.inner_text() == "[1] says 0.5 seconds, not about 2.5 seconds"
        shot(page, "10-not-verified-open")

        page.get_by_role("tab", name="Check").click()
        page.fill(
            "#check-text textarea", "DocLayNet contains 91,000 manually annotated pages [@p6840fc104df]."
        )
        page.click("#check")
        result = page.locator("#check-result li.contradicted")
        result.wait_for(timeout=60_000)
        assert "says 80863 pages, not 91,000 pages" in result.inner_text()
        shot(page, "11-check")

        # the library's keys to pick from: picking one adds its Pandoc citation to the text
        page.fill("#check-text textarea", "DocLayNet contains 80,863 manually annotated pages.")
        picker = page.locator("#check-cite input")
        picker.click()
        picker.fill("DocLayNet")
        page.get_by_role("option").filter(has_text="DocLayNet").first.click()
        text = page.locator("#check-text textarea")
        page.wait_for_function(
            "() => document.querySelector('#check-text textarea').value.includes('[@')", timeout=10_000
        )
        cited = text.input_value()
        assert cited.startswith("DocLayNet contains 80,863 manually annotated pages [@")
        assert cited.endswith("].")
        page.click("#check")
        page.locator("#check-result li.supported").wait_for(timeout=60_000)
        shot(page, "12-check-picked-key")
        browser.close()
