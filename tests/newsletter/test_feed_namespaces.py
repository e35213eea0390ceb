"""Namespaced feed elements (`content:encoded`, `dc:creator`) are found by their namespace, never
by the prefix a feed happens to use or a parser happens to keep in the tag's name.

lxml 6.2's XML parser dropped the prefix from BeautifulSoup's tag names (`encoded`, not
`content:encoded`), so a lookup by `"content:encoded"` found nothing there and everything with
lxml 5. These tests fail for a prefix lookup under either lxml: one renames the prefixes, one
scans the code for lookups of prefixed names.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from newsletter.feed import feed_items, read_feed

ROOT = Path(__file__).resolve().parents[2]
PREFIXED = re.compile(r"[A-Za-z_][\w.-]*[:|][A-Za-z_][\w.-]*")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


def renamed(feed: str) -> str:
    """The feed with other prefixes for the content and Dublin Core namespaces."""
    feed = feed.replace("xmlns:content=", "xmlns:c=").replace("xmlns:dc=", "xmlns:d=")
    feed = re.sub(r"<(/?)content:encoded>", r"<\1c:encoded>", feed)
    return re.sub(r"<(/?)dc:creator>", r"<\1d:creator>", feed)


def default_namespace(feed: str) -> str:
    """The feed with `content:encoded` written as `<encoded xmlns="…content/">`."""
    feed = feed.replace("<content:encoded>", f'<encoded xmlns="{CONTENT_NS}">')
    return feed.replace("</content:encoded>", "</encoded>")


@pytest.fixture
def kw6_feed(fixtures: Path) -> str:
    return (fixtures / "kw06-2025.rss.xml").read_text(encoding="utf-8")


def test_the_kw6_item_gives_its_encoded_body_and_its_dc_creator(kw6_feed: str) -> None:
    body, meta = read_feed(kw6_feed)
    encoded = re.search(r"<content:encoded><!\[CDATA\[(.*?)\]\]>", kw6_feed, re.S)
    creator = re.search(r"<dc:creator><!\[CDATA\[(.*?)\]\]>", kw6_feed)
    assert encoded is not None and creator is not None
    assert body == encoded.group(1)
    assert body.startswith("<div class='beehiiv'>")
    assert meta.author == creator.group(1)
    assert meta.author.startswith("Philipp Klöckner")


@pytest.mark.parametrize("spell", [renamed, default_namespace])
def test_any_prefix_of_the_namespace_gives_the_same_item(kw6_feed: str, spell) -> None:
    assert read_feed(spell(kw6_feed)) == read_feed(kw6_feed)
    assert feed_items(spell(kw6_feed)) == feed_items(kw6_feed)


def prefixed_lookups(source: str, name: str) -> list[str]:
    """Calls like `soup.find("content:encoded")` or `select_one("dc|creator")` in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in {"find", "find_all", "find_next", "select", "select_one"}:
            continue
        for arg in node.args[:1]:
            text = arg.value if isinstance(arg, ast.Constant) else None
            if isinstance(text, str) and PREFIXED.fullmatch(text):
                found.append(f"{name}:{node.lineno}: {text!r}")
    return found


def test_no_code_looks_a_feed_element_up_by_its_prefix() -> None:
    folders = ("newsletter", "bot", "handlers", "storage", "tests", "bench")
    files = [path for folder in folders for path in (ROOT / folder).rglob("*.py")]
    assert len(files) > 100
    lookups = [
        hit
        for path in files
        for hit in prefixed_lookups(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert lookups == [], "lookups by prefix (use newsletter.feed, by namespace): " + str(lookups)


def test_the_scan_finds_a_prefixed_lookup() -> None:
    source = 'soup.find("div")\nfeed.find("content:encoded")\nsoup.select_one("dc|creator")\n'
    assert prefixed_lookups(source, "sample.py") == [
        "sample.py:2: 'content:encoded'",
        "sample.py:3: 'dc|creator'",
    ]
