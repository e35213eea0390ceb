"""`doppelbot demo` in a real browser (Debian's Chromium through Playwright): a reader's
session (/start answered, a button press answered, the calendar file downloaded, /latest with
the chart as a picture and Telegram's formatting as HTML) and the publisher's (a new issue's
preview with the approval buttons, /broadcast with its progress edited in place while a
reader's bubbles arrive), with no error in the browser console. One demo process for the
module; Ctrl+C ends it with exit 0, even while the broadcast still runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.demo.people import PUBLISHER, READERS
from tests.bot.demo.browser import ARGS, require_chromium
from tests.bot.demo.demo_process import DemoProcess

ERIKA, MAX = READERS[0].user_id, READERS[1].user_id
WAIT_MS = 20_000  # one reply; an issue of nine messages takes about eight seconds per chat


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


@pytest.fixture(scope="module")
def demo(chromium: str) -> Iterator[DemoProcess]:
    process = DemoProcess()
    assert process.first_line, "the demo did not start"
    yield process
    code, err = process.interrupt()
    assert code == 0, err


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        yield launched
        launched.close()


class Console:
    """The errors a page logged (console errors and uncaught exceptions), and every address it
    requested (the demo needs no network: all of them are the demo's)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []

    def watch(self, page: Any) -> Any:
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        return page

    def check(self, demo: DemoProcess) -> None:
        assert self.errors == []
        assert self.requests and all(
            url.startswith((demo.url + "/", "data:")) for url in self.requests
        ), self.requests


def open_chat(browser: Any, console: Console, url: str) -> Any:
    page = browser.new_page(viewport={"width": 760, "height": 1000}, accept_downloads=True)
    console.watch(page)
    page.goto(url)
    page.wait_for_selector("select[name=role] option", state="attached")
    return page


def say(page: Any, text: str) -> None:
    page.fill("textarea[name=message]", text)
    page.press("textarea[name=message]", "Enter")


def test_a_reader_starts_subscribes_and_reads_the_latest_issue(browser, demo) -> None:
    console = Console()
    page = open_chat(browser, console, demo.url)
    assert page.input_value("select[name=role]") == str(ERIKA)
    say(page, "/start")
    welcome = page.locator("[data-from=bot]", has_text="Hallo Erika!")
    welcome.wait_for(timeout=WAIT_MS)
    assert page.locator("[data-from=you]", has_text="/start").count() == 1
    assert page.input_value("textarea[name=message]") == ""
    welcome.locator("button", has_text="Abonnieren").click()
    page.locator("[data-from=bot]", has_text="Abonniert!").wait_for(timeout=WAIT_MS)
    assert welcome.locator("button").count() == 0  # the bot took the button away: edited
    say(page, "/earnings ics")
    calendar = page.locator("[data-from=bot] a.document").first
    calendar.wait_for(timeout=WAIT_MS)
    with page.expect_download() as download:
        calendar.click()
    assert download.value.suggested_filename.endswith(".ics")
    assert Path(download.value.path()).read_text("utf-8").startswith("BEGIN:VCALENDAR")
    say(page, "/latest")
    chart = page.locator("[data-from=bot] img.photo").first
    chart.wait_for(timeout=WAIT_MS)
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    header = page.locator("[data-from=bot]", has_text="KW 7 · 10. Februar 2025")
    assert header.locator(".text b").first.inner_text().startswith("KW7")
    assert header.locator('.text a[href^="https://"]').count() >= 1
    console.check(demo)


def test_the_publisher_reviews_and_broadcasts_while_a_reader_watches(browser, demo) -> None:
    console = Console()
    page = open_chat(browser, console, demo.url)
    page.select_option("select[name=role]", str(PUBLISHER.user_id))
    page.click("#attach")
    report = page.locator("[data-from=bot]", has=page.locator("button[data-callback^='rv:ok']"))
    report.wait_for(timeout=WAIT_MS)
    assert "Hinweise" in report.inner_text() and report.locator("button").count() == 2
    assert page.locator("[data-from=bot] img.photo").count() >= 1  # the issue, as readers get it
    reader = open_chat(browser, console, f"{demo.url}/#{MAX}")
    before = reader.locator("[data-from=bot]").count()
    say(page, "/broadcast")
    page.locator("button[data-callback^='bc:go']").click(timeout=WAIT_MS)
    started = page.locator("[data-from=bot]", has_text="gestartet")
    started.wait_for(timeout=WAIT_MS)
    assert "bearbeitet" in started.inner_text()  # the confirmation, edited in place
    reader.wait_for_function(
        f"document.querySelectorAll('[data-from=bot]').length > {before}", timeout=WAIT_MS
    )
    live = page.locator(
        "[data-from=bot]", has_text=re.compile(r"Versand läuft(.|\n)*Gesendet: [1-9]")
    )
    live.wait_for(timeout=WAIT_MS)  # the progress while it runs (edited every 5 s)
    assert "KW8" in reader.locator("[data-from=bot]").nth(before).inner_text()
    console.check(demo)
