"""The whole KW6 issue against golden files: `doppelbot preview --json` and the text preview.

Both goldens come from the RSS fixture through the real CLI entry point. The web page must give
the very same JSON; the bare fragment the same sections, messages and earnings, apart from what
only the container knows (URL, title, subtitle, author), which changes its header.

Regenerate with `UPDATE_GOLDEN=1 pytest tests/newsletter/test_issue_golden.py` and read the
files before checking them in: they are what a reader and the publisher will see.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import main
from tests.newsletter.test_issue import kw6_dict

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "golden"
RSS = FIXTURES / "kw06-2025.rss.xml"


def cli_output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run `doppelbot preview ARGS` in-process; return stdout (stderr must stay empty)."""
    code = main(["preview", *args])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


def matches_golden(name: str, actual: str) -> str:
    """Return the golden text of `name`, first writing `actual` to it under UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    return path.read_text(encoding="utf-8")


def test_preview_json_of_the_feed_matches_its_golden_file(capsys) -> None:
    actual = cli_output(capsys, str(RSS), "--json")
    assert actual == matches_golden("kw06-issue.json", actual)


def test_preview_text_of_the_feed_matches_its_golden_file(capsys) -> None:
    actual = cli_output(capsys, str(RSS))
    assert actual == matches_golden("kw06-preview.txt", actual)


def golden_issue() -> dict[str, Any]:
    return json.loads((GOLDEN / "kw06-issue.json").read_text(encoding="utf-8"))


def test_the_web_page_gives_exactly_the_golden_issue() -> None:
    assert kw6_dict("web") == golden_issue()


def test_the_fragment_gives_the_golden_sections_messages_and_earnings() -> None:
    golden, fragment = golden_issue(), kw6_dict("fragment")
    assert fragment["sections"][1:] == golden["sections"][1:]
    assert fragment["earnings"] == golden["earnings"]
    same = ("date", "week", "year", "words", "reading_minutes")
    assert {k: fragment[k] for k in same} == {k: golden[k] for k in same}


def test_the_fragment_header_lacks_only_what_the_container_knows() -> None:
    [golden] = golden_issue()["sections"][0]["messages"]
    [header] = kw6_dict("fragment")["sections"][0]["messages"]
    title, subtitle, _, when, length, link = golden["text"].split("\n")
    assert (title, subtitle, link) == (
        "KW6 - Der Drache erwacht (Oder schlafen wir nur?)",
        "Doppelgänger Update (BETA)",
        "Im Browser lesen",
    )
    assert header["text"] == f"Doppelgänger Update KW6/2025\n\n{when}\n{length}"
    assert header["entities"] == [{"type": "bold", "offset": 0, "length": 28}]
