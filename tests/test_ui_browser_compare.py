"""The Compare tab in headless Chromium: compare 5 papers on a question, sort the table in the
browser, see the three exports offered and download the CSV; then the default 8 papers, shot at
1280x800 for the README (tests/artifacts/ui-compare-readme.png; docs/compare.png is a copy).
Screenshots of each step go to tests/artifacts/ui-compare-*.png.

Sorting in Gradio 6's Dataframe is the ⋮ menu of a column's header (Sort ascending, Sort
descending, Clear sort); a click on the header itself selects the column and does not sort. Sorts
on several columns stack (the first chosen is the primary key); Clear sort clears them all. Empty
cells count as the smallest values: last when descending, first when ascending.

Needs Debian's chromium at /usr/bin/chromium (apt-get install chromium); skipped without it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.servers import free_port

from assistant.chain import Assistant
from index.library import Library
from index.settings import Settings
from ui.app import create_app
from ui.launch import launch

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"
QUESTION = "How can video diffusion models be distilled to generate in very few steps?"
PAPER, NUMBER, RELEVANCE = 1, 5, 6  # columns: "#", paper, year, approach, result, number, relevance
# the text of column c in each row as shown, top to bottom (the rows are virtual: positioned divs
# whose aria-rowindex is their place on screen; data-col is the column)
COLUMN = """(c) => [...document.querySelectorAll('#compare-table .virtual-row')]
  .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
  .map(r => r.querySelector(`[data-col="${c}"]`).innerText.trim())"""
ROWS = """(n) => document.querySelector('#compare-table [role=grid]')?.getAttribute('aria-rowcount')
  === String(n + 1) && document.querySelectorAll('#compare-table .virtual-row').length === n"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: apt-get install chromium"),
]


@pytest.fixture(scope="module")
def url(indexed_settings: Settings, library: Library) -> Iterator[str]:
    """The app over the session index, read only (Compare writes its exports to a private temp)."""
    app = create_app(indexed_settings, Assistant(indexed_settings, library))
    _, address = launch(app, indexed_settings, port=free_port(), block=False, quiet=True)
    try:
        yield address
    finally:
        app.close()


@pytest.fixture
def page(url: str) -> Iterator[Any]:
    """The Compare tab, open, in a 1280x800 window."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("#status .status", timeout=60_000)
        page.get_by_role("tab", name="Compare").click()
        page.locator("#compare-question textarea").wait_for(timeout=10_000)
        yield page
        browser.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.mouse.move(1, 1)  # no hover highlight on a row
    page.screenshot(path=str(ARTIFACTS / f"ui-compare-{name}.png"))


def column(page: Any, c: int) -> list[str]:
    return page.evaluate(COLUMN, c)


def menu(page: Any, c: int, item: str) -> None:
    """Choose `item` in the ⋮ menu of column c's header."""
    header = page.locator("#compare-table").get_by_test_id(f"header-{c}")
    header.hover()
    header.get_by_role("button", name="Open cell menu").click()
    page.locator(".cell-menu").get_by_text(item, exact=True).click()
    page.locator(".cell-menu").wait_for(state="detached", timeout=10_000)


def wait_for_order(page: Any, c: int, values: list[str]) -> None:
    same = f"([c, want]) => JSON.stringify(({COLUMN})(c)) === JSON.stringify(want)"
    page.wait_for_function(same, arg=[c, values], timeout=10_000)


def numbers(cells: list[str], descending: bool) -> list[str]:
    """The cells as Gradio sorts them: numbers by value, empty cells as the smallest."""
    empty = [v for v in cells if not v]
    full = sorted((v for v in cells if v), key=float, reverse=descending)
    return full + empty if descending else empty + full


def test_compare_five_papers_sort_by_number_and_relevance_and_export(page: Any, tmp_path: Path) -> None:
    shot(page, "1-open")
    page.fill("#compare-question textarea", QUESTION)
    page.get_by_role("spinbutton", name="Papers").fill("5")
    page.click("#compare")
    page.wait_for_function(ROWS, arg=5, timeout=120_000)
    assert page.inner_text("#compare-status").startswith("5 papers")
    papers, found = column(page, PAPER), column(page, NUMBER)
    assert papers[0].startswith("AnimateDiff-Lightning"), papers
    assert column(page, 0) == ["1", "2", "3", "4", "5"]
    relevance = [float(v) for v in column(page, RELEVANCE)]
    assert relevance == sorted(relevance, reverse=True), relevance  # most relevant first
    shot(page, "2-table")
    by_paper = dict(zip(papers, found, strict=True))

    menu(page, NUMBER, "Sort descending")
    wait_for_order(page, NUMBER, numbers(found, descending=True))
    assert dict(zip(column(page, PAPER), column(page, NUMBER), strict=True)) == by_paper  # whole rows
    assert column(page, PAPER) != papers, "sorting by number left the order as it was"
    shot(page, "3-number-descending")

    menu(page, NUMBER, "Sort ascending")
    wait_for_order(page, NUMBER, numbers(found, descending=False))
    assert dict(zip(column(page, PAPER), column(page, NUMBER), strict=True)) == by_paper
    shot(page, "4-number-ascending")

    menu(page, NUMBER, "Clear sort")  # back to the order the server gave: by relevance
    wait_for_order(page, 0, ["1", "2", "3", "4", "5"])
    assert column(page, PAPER) == papers
    menu(page, RELEVANCE, "Sort ascending")  # least relevant first
    wait_for_order(page, 0, ["5", "4", "3", "2", "1"])
    assert column(page, PAPER) == papers[::-1]
    shot(page, "5-relevance-ascending")

    for kind in ("md", "csv", "bib"):
        link = page.locator(f"#compare-{kind} a[download]")
        link.wait_for(state="visible", timeout=10_000)
        assert link.get_attribute("download") == f"comparison.{kind}"
    with page.expect_download() as download:
        page.locator("#compare-csv a[download]").click()
    saved = tmp_path / "comparison.csv"
    download.value.save_as(saved)
    with saved.open(newline="", encoding="utf-8") as f:
        sheet = list(csv.DictReader(f))
    assert [r["title"] for r in sheet] == papers  # the server's order, whatever the browser's sort
    page.locator("#compare-md").scroll_into_view_if_needed()
    shot(page, "6-exports")


def test_compare_default_eight_papers_for_the_readme(page: Any) -> None:
    assert page.get_by_role("spinbutton", name="Papers").input_value() == "8"
    page.fill("#compare-question textarea", QUESTION)
    page.press("#compare-question textarea", "Enter")
    page.wait_for_function(ROWS, arg=8, timeout=120_000)
    assert page.inner_text("#compare-status").startswith("8 papers")
    assert column(page, PAPER)[0].startswith("AnimateDiff-Lightning")
    box = page.locator("#compare-question").bounding_box()
    page.evaluate("(y) => window.scrollTo(0, y)", box["y"] - 16)  # the question, then the table
    page.wait_for_function("() => window.scrollY > 0")
    shot(page, "readme")
