"""Take the README's picture of the demo: a reader's /latest, in Debian's Chromium.

python -m tests.bot.demo.screenshot docs/demo.png
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

from tests.bot.demo.browser import ARGS, chromium_path
from tests.bot.demo.demo_process import DemoProcess


def main(out: str) -> None:
    """Start the demo, have Erika ask for /latest, and save the chat with the chart in view."""
    demo = DemoProcess()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)
            page = browser.new_page(viewport={"width": 640, "height": 900})
            page.goto(demo.url)
            page.fill("textarea[name=message]", "/latest")
            page.press("textarea[name=message]", "Enter")
            chart = page.locator("[data-from=bot]", has_text="Chart der Woche")
            chart.wait_for(timeout=30_000)
            page.wait_for_timeout(1500)  # the pictures load
            chart.scroll_into_view_if_needed()
            page.evaluate("document.getElementById('messages').scrollBy(0, 200)")
            page.screenshot(path=out)
            browser.close()
    finally:
        demo.interrupt()


if __name__ == "__main__":
    main(sys.argv[1])
