"""Chromium for the browser tests: Debian's package (`.ci/run` installs it with apt-get),
driven by Playwright; Playwright's own browser downloads are never used.

Without Chromium (or Playwright) the browser tests skip with the reason, unless
`DEMO_BROWSER_REQUIRED=1` (set by `.ci/run`): then they fail.
"""

from __future__ import annotations

import os
import shutil
from importlib.util import find_spec

import pytest

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The path of Chromium; skip (or, with DEMO_BROWSER_REQUIRED=1, fail) without it."""
    path = chromium_path()
    problem = None
    if find_spec("playwright") is None:
        problem = "Playwright is not installed (pip install -r requirements-dev.txt)"
    elif path is None:
        problem = "no Chromium found (apt-get install chromium; .ci/run does it)"
    if problem is None and path is not None:
        return path
    if os.environ.get("DEMO_BROWSER_REQUIRED") == "1":
        pytest.fail(f"DEMO_BROWSER_REQUIRED=1 but {problem}")
    pytest.skip(f"browser tests skipped: {problem}")
