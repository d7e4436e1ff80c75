"""Past conversations in a real browser: two conversations, a reload, resuming the first with a
follow-up, deleting the second, and a second browser that sees none of it (they live in this
browser's storage only). Needs Debian's chromium at /usr/bin/chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.servers import free_port

from assistant.chain import Assistant
from index.embeddings import Embedder
from index.library import Library
from index.settings import Settings
from ui.app import create_app
from ui.launch import launch

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
FIRST = "How many manually annotated pages does DocLayNet contain?"
SECOND = "How fast does PIXART-δ generate a 1024px image?"
FOLLOW = "Which data sources do those pages come from?"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: apt-get install chromium"),
]


@pytest.fixture
def url(indexed_settings: Settings, embedder: Embedder) -> Iterator[str]:
    """The app over the session index (read only), short answers."""
    settings = indexed_settings.model_copy(update={"max_tokens": 64, "k": 3, "temperature": 0.0})
    app = create_app(settings, Assistant(settings, Library(settings, embedder)))
    _, address = launch(app, settings, port=free_port(), block=False, quiet=True)
    yield address
    app.close()


def ask(page: Any, question: str, answers: int) -> None:
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function(
        f"() => document.querySelectorAll('#chat .answer .provenance').length >= {answers}", timeout=300_000
    )


def listed_count(page: Any, n: int) -> None:
    script = f"() => document.querySelectorAll('#past-list label').length === {n}"
    page.wait_for_function(script, timeout=120_000)


def listed(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#past-list label").all_inner_texts()]


def test_two_conversations_survive_a_reload_resume_delete_and_stay_in_this_browser(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        mine = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = mine.new_page()
        page.goto(url)
        page.wait_for_selector("#status .status", timeout=60_000)
        ask(page, FIRST, 1)
        page.click("#new")
        page.wait_for_function("() => !document.querySelector('#chat .answer')", timeout=120_000)
        ask(page, SECOND, 1)
        page.click("#past summary, #past button.label-wrap")  # open the panel
        listed_count(page, 2)
        assert [t.split(" · ")[0] for t in listed(page)] == [SECOND, FIRST]  # newest first
        page.screenshot(path=str(ARTIFACTS / "ui-past-1-two.png"))

        page.reload()
        page.wait_for_selector("#status .status", timeout=60_000)
        page.click("#past summary, #past button.label-wrap")
        listed_count(page, 2)
        page.locator("#past-list label").filter(has_text=FIRST).click()
        page.click("#past-open")
        page.wait_for_function(
            "q => document.querySelector('#chat').innerText.includes(q)", arg=FIRST, timeout=120_000
        )
        resumed = page.locator("#chat").inner_text()
        assert SECOND not in resumed
        assert page.locator("#chat .answer .evidence blockquote.quote").count() >= 1  # quotes kept
        assert page.locator("#chat .answer a.cite").count() >= 1  # citations kept
        ask(page, FOLLOW, 2)  # the follow-up goes on the resumed conversation
        page.wait_for_function(
            "() => [...document.querySelectorAll('#past-list label')]"
            ".some(l => l.innerText.includes('2 questions'))",
            timeout=120_000,
        )
        page.screenshot(path=str(ARTIFACTS / "ui-past-2-resumed.png"))

        page.locator("#past-list label").filter(has_text=SECOND[:20]).click()
        page.click("#past-delete")
        listed_count(page, 1)
        assert FIRST in listed(page)[0] and "2 questions" in listed(page)[0]
        assert FIRST in page.locator("#chat").inner_text()  # the open conversation stays

        other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        other.goto(url)
        other.wait_for_selector("#status .status", timeout=60_000)
        other.click("#past summary, #past button.label-wrap")
        other.wait_for_timeout(1_000)
        assert other.locator("#past-list label").count() == 0
        assert not other.locator("#chat .answer").count()
        other.screenshot(path=str(ARTIFACTS / "ui-past-3-other-browser.png"))
        browser.close()
