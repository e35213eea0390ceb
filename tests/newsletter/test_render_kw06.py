"""The KW6 issue's sections, cut by hand from the RSS fixture, rendered and compared to goldens.

Regenerate the golden files with `UPDATE_GOLDEN=1 pytest tests/newsletter/test_render_kw06.py`
and read them before checking them in.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from newsletter.limits import MAX_TEXT
from newsletter.model import RawSection, Section
from newsletter.render import render_header, render_section
from newsletter.utf16 import utf16_len
from tests.newsletter.test_render import (
    META,
    assert_links_exact,
    assert_sendable,
    assert_words_in_order,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "golden"
BREAK = '<hr class="content_break">'
IMAGE = re.compile(r'<div class="image"><img [^>]*src="([^"]+)"/></div>')
NEWS_START = '<p class="paragraph" style="text-align:left;">🔓'


def kw06_sections() -> dict[str, RawSection]:
    """The issue's sections as the parser hands them over, cut from the feed item by hand."""
    feed = (FIXTURES / "kw06-2025.rss.xml").read_text(encoding="utf-8")
    body = feed.split("<div class='beehiiv__body'>", 1)[1].split(
        "</div><div class='beehiiv__footer'>"
    )[0]
    intro, lead, chart, podcast, rest = body.split(BREAK)
    earnings, closing = rest.split("</ul>")
    image = IMAGE.search(chart)
    assert image is not None
    return {
        "intro": RawSection("header", "Intro", intro),
        "lead": RawSection("lead", "🛗 Der KI Drache erwacht - Waren wir blind?", lead),
        "news": RawSection("news", "News der Woche", NEWS_START + lead.split(NEWS_START, 1)[1]),
        "chart": RawSection(
            "chart", "🦉 Chart der Woche: Der Vorzeigefonds", IMAGE.sub("", chart), image[1]
        ),
        "podcast": RawSection("podcast", "🎧 Hörenswert", podcast),
        "earnings": RawSection(
            "earnings", "🖨️ Earnings Season: Quartalsergebnisse der Woche", earnings + "</ul>"
        ),
        "closing": RawSection("closing", "Zum Schluss", closing),
    }


def rendered(name: str) -> Section:
    """Render one KW6 section; "intro" becomes the issue's header."""
    raw = kw06_sections()[name]
    return render_header(META, raw) if name == "intro" else render_section(raw)


NAMES = ["intro", "lead", "news", "chart", "podcast", "earnings", "closing"]


@pytest.mark.parametrize("name", NAMES)
def test_kw06_section_matches_its_golden_file(name: str):
    path = GOLDEN / f"kw06-render-{name}.json"
    actual = rendered(name).to_dict()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert actual == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_kw06_section_keeps_every_word_and_every_link(name: str):
    source, section = kw06_sections()[name].html, rendered(name)
    if name == "intro":  # the header's own lines come first
        source = f"<p><b>{META.title}</b> {META.subtitle}</p>"
        source += f'<a href="{META.url}">Im Browser lesen</a>' + kw06_sections()[name].html
    assert_words_in_order(source, section.messages)
    assert_links_exact(source, section.messages)
    assert_sendable(section.messages)


def test_kw06_lead_with_all_news_is_split_between_two_news_items():
    first, second = rendered("lead").messages
    assert utf16_len(first.text) <= MAX_TEXT < utf16_len(first.text + second.text)
    assert first.text.endswith("🔗 Reuters | TechCrunch")
    assert second.text.startswith("💰 Verdoppelt Softbank OpenAI-Bewertung?")


def test_kw06_chart_is_one_photo_with_the_whole_section_as_caption():
    [photo] = rendered("chart").messages
    assert photo.photo is not None and photo.photo.startswith("https://media.beehiiv.com/")
    assert photo.text.startswith("🦉 Chart der Woche: Der Vorzeigefonds\n\n300.000 US-Dollar")
    assert photo.text.endswith("Altersvorsorge der Norweger beigetragen.\n🔗 Sherwood")


def test_kw06_earnings_are_bullet_lines_under_the_heading():
    [message] = rendered("earnings").messages
    lines = message.text.split("\n")
    assert lines[:3] == [
        "🖨️ Earnings Season: Quartalsergebnisse der Woche",
        "",
        "• Montag 3. Februar: Palantir (AMC)",
    ]
    assert lines[-1] == "• Freitag 7. Februar:"
