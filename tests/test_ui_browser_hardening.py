"""In headless Chromium, issue 28's new-user findings: a citation mark's click marks, in the source
panel, the sentence its claim or quote was checked against (it marked the sentence of another claim
citing the same source); with Ollama down, the auto backend's status names the embedded model and
why Ollama does not answer is a notice shown once, not a banner and a button on every load.

Needs Debian's chromium at /usr/bin/chromium (apt-get install chromium); skipped without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.servers import free_port

from assistant.chain import Assistant
from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from ui.app import create_app
from ui.launch import launch

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
QUESTION = "How long does PIXART-δ take to generate a 1024×1024 image?"
REPLY = "PIXART-δ generates a 1024x1024 image in 0.5 seconds [1]."

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: apt-get install chromium"),
]


@pytest.fixture
def url(indexed_settings: Settings, embedder: Embedder) -> Iterator[str]:
    """The app answering through the Ollama protocol fake with one sentence citing [1]."""
    from helpers.fake_ollama import FakeOllama

    with FakeOllama(reply=REPLY) as fake:
        settings = indexed_settings.model_copy(update={"backend": "ollama", "ollama_url": fake.url, "k": 1})
        app = create_app(settings, Assistant(settings, Library(settings, embedder)))
        _, address = launch(app, settings, port=free_port(), block=False, quiet=True)
        yield address
        app.close()


def test_a_mark_shows_the_sentence_its_claim_or_quote_used(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.fill("#question textarea", QUESTION)
        page.press("#question textarea", "Enter")
        page.wait_for_selector("#chat .answer .provenance", timeout=120_000)
        answer = page.locator("#chat .answer").last
        marked = page.locator("#sources details[open] mark")

        # a quote from source [1] that is not the sentence the answer's claim was checked against
        quote = answer.locator(".evidence li", has_text="integration of LCM")
        quote.locator("a.cite").click()
        page.wait_for_function(
            "() => (document.querySelector('#sources details[open] mark') || {}).innerText"
            "?.includes('integration of LCM')",
            timeout=30_000,
        )
        # the answer's sentence: the source sentence it was checked against, not the quote's
        answer.locator(".synthesis a.cite").first.click()
        page.wait_for_function(
            "() => (document.querySelector('#sources details[open] mark') || {}).innerText"
            "?.includes('0.5 seconds')",
            timeout=30_000,
        )
        assert "integration of LCM" not in marked.inner_text()
        assert "support 1." not in answer.inner_text().lower()
        browser.close()


@pytest.fixture
def auto_url(indexed_settings: Settings, embedder: Embedder) -> Iterator[str]:
    """The app with the auto backend and Ollama's address a port where nothing listens."""
    down = {"backend": "auto", "ollama_url": f"http://127.0.0.1:{free_port()}"}
    settings = indexed_settings.model_copy(update=down)
    app = create_app(settings, Assistant(settings, Library(settings, embedder)))
    _, address = launch(app, settings, port=free_port(), block=False, quiet=True)
    yield address
    app.close()


def test_ollama_down_is_a_notice_once_and_the_status_names_the_embedded_model(auto_url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(auto_url)
        page.wait_for_selector("#status .status.ok", timeout=60_000)
        assert "Answers: embedded model" in page.inner_text("#status")
        page.get_by_text("Ollama is not reachable at").first.wait_for(timeout=30_000)  # the notice
        assert not page.locator("#offer").is_visible()
        page.reload()
        page.wait_for_selector("#status .status.ok", timeout=60_000)
        page.wait_for_timeout(3_000)  # the load events have run
        assert page.get_by_text("Ollama is not reachable at").count() == 0  # seen in this browser
        assert not page.locator("#offer").is_visible()
        browser.close()
