"""The real KW6 issue in its three forms: feed, web page, bare fragment."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdownify import markdownify

from newsletter.model import ParsedIssue
from newsletter.parse import parse_issue
from tests.newsletter.issue_samples import kw6_fragment

TITLE = "KW6 - Der Drache erwacht (Oder schlafen wir nur?)"
URL = "https://doppelgaenger.beehiiv.com/p/kw6-der-drache-erwacht"
KINDS = ["header", "lead", "news", "chart", "podcast", "earnings", "closing"]
CHROME_TEXTS = [
    "Du empfängst diesen Newsletter",
    "Abonnent:innen",
    "Danke an alle, die letzte Woche",
    "Share the Newsletter",
    "Dieser Newsletter wird auch weiterhin",
    "Faxabruf",
    "whitelisten",
    "Oder nutze diesen Link",
    "subscribe?ref=",
    "erfolgreichsten Helfer",
    "Powered by beehiiv",
]
# Lines of kw06-2025.txt that are chrome, or whose data went into the metadata.
DROPPED_LINES = (
    "👋 Hallo!",
    "❤️ Danke an alle",
    "Dieser Newsletter wird",
    "Oder nutze",
    "Die erfolg",
)


def _parse(fixtures: Path, form: str) -> ParsedIssue:
    if form == "fragment":
        return parse_issue(kw6_fragment())
    return parse_issue((fixtures / f"kw06-2025.{form}").read_bytes())


def visible_words(html: str) -> list[str]:
    """The words a reader sees in `html`: br, paragraphs, items and headings break lines."""
    soup = BeautifulSoup(html, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(["p", "li", "h2", "blockquote", "pre"]):
        block.append("\n")
    return soup.get_text("").split()


def expected_words(fixtures: Path) -> list[str]:
    lines = (fixtures / "kw06-2025.txt").read_text(encoding="utf-8").splitlines()
    body = lines[lines.index("🛗 Der KI Drache erwacht - Waren wir blind?") :]
    return " ".join(line for line in body if not line.startswith(DROPPED_LINES)).split()


def section_hrefs(fixture_html: str) -> list[str]:
    soup = BeautifulSoup(fixture_html, "lxml")
    body = soup.select_one("#content-blocks") or soup.select_one(".beehiiv__body")
    assert body is not None
    return [a["href"] for a in body.find_all("a") if "subscribe?ref=" not in a["href"]]


@pytest.fixture(params=["rss.xml", "web.html", "fragment"])
def form(request: pytest.FixtureRequest) -> str:
    return request.param


def test_every_form_gives_the_seven_sections_in_order(fixtures: Path, form: str) -> None:
    issue = _parse(fixtures, form)
    assert [s.kind for s in issue.sections] == KINDS
    titles = {s.kind: s.title for s in issue.sections}
    assert titles["lead"] == "🛗 Der KI Drache erwacht - Waren wir blind?"
    assert titles["news"] == "News der Woche"
    assert titles["chart"] == "🦉 Chart der Woche: Der Vorzeigefonds"
    assert titles["earnings"] == "🖨️ Earnings Season: Quartalsergebnisse der Woche"
    assert titles["header"] == issue.meta.title


def test_feed_and_web_page_give_the_issue_metadata(fixtures: Path) -> None:
    for form in ("rss.xml", "web.html"):
        meta = _parse(fixtures, form).meta
        assert meta.title == TITLE
        assert meta.subtitle == "Doppelgänger Update (BETA)"
        assert meta.author == "Philipp Klöckner"
        assert (meta.date, meta.week, meta.year) == (dt.date(2025, 2, 3), 6, 2025)
        assert meta.url == URL
        assert (meta.words, meta.reading_minutes) == (1066, 5)


def test_feed_and_web_page_parse_without_warnings(fixtures: Path) -> None:
    assert _parse(fixtures, "rss.xml").warnings == []
    assert _parse(fixtures, "web.html").warnings == []


def test_fragment_takes_date_and_week_from_its_intro_and_warns_about_the_title() -> None:
    issue = parse_issue(kw6_fragment())
    meta = issue.meta
    assert (meta.date, meta.week, meta.year) == (dt.date(2025, 2, 3), 6, 2025)
    assert (meta.words, meta.reading_minutes) == (1066, 5)
    assert meta.url is None
    assert meta.title == "Doppelgänger Update KW6/2025"
    assert any("Kein Titel" in w for w in issue.warnings)


def test_chart_section_carries_the_beehiiv_image_and_no_img_tag(fixtures: Path, form: str) -> None:
    chart = next(s for s in _parse(fixtures, form).sections if s.kind == "chart")
    assert chart.image is not None
    assert chart.image.startswith("https://media.beehiiv.com/")
    assert chart.image.endswith("/chart.png")
    assert "<img" not in chart.html


def test_every_kept_word_appears_in_order(fixtures: Path, form: str) -> None:
    issue = _parse(fixtures, form)
    words = [w for s in issue.sections for w in visible_words(s.html)]
    assert words == expected_words(fixtures)


def test_every_link_of_the_kept_sections_is_present(fixtures: Path) -> None:
    for form, source in (("rss.xml", kw6_fragment()), ("web.html", None)):
        text = source or (fixtures / f"kw06-2025.{form}").read_text(encoding="utf-8")
        html = "".join(s.html for s in _parse(fixtures, form).sections)
        found = [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a")]
        assert found == section_hrefs(text)
        assert len(found) == 12


def test_no_chrome_and_no_tracking_parameters_remain(fixtures: Path, form: str) -> None:
    html = "".join(s.html for s in _parse(fixtures, form).sections)
    for chrome in CHROME_TEXTS:
        assert chrome not in html
    assert "utm_" not in html
    assert "_bhlid" not in html


def test_reader_facing_closing_lines_are_kept(fixtures: Path, form: str) -> None:
    closing = _parse(fixtures, form).sections[-1]
    assert "Danke für Deine Zeit und Aufmerksamkeit! ❤️" in closing.html
    assert closing.html.count("<p>") == 2
    assert "📮 Schick mir gern Dein Feedback an" in closing.html


def test_header_is_empty_once_its_facts_are_in_the_metadata(fixtures: Path, form: str) -> None:
    assert _parse(fixtures, form).sections[0].html == ""


def test_html_is_clean_and_self_contained(fixtures: Path, form: str) -> None:
    for section in _parse(fixtures, form).sections:
        assert not re.search(r"\s(?:class|style|id|target|rel)=", section.html)
        soup = BeautifulSoup(section.html, "html.parser")
        assert {t.name for t in soup.find_all(True)} <= {"h2", "p", "ul", "li", "b", "a", "br"}
        assert str(soup).replace("<br/>", "<br>") == section.html  # balanced, nothing to fix


def test_news_and_earnings_html_look_as_documented(fixtures: Path) -> None:
    rss = {s.kind: s.html for s in _parse(fixtures, "rss.xml").sections}
    web = {s.kind: s.html for s in _parse(fixtures, "web.html").sections}
    assert rss["news"].startswith(
        "<p>Das sind die weiteren News der Woche:</p>\n<p>🔓 <b>OpenAI “auf der falschen Seite"
    )
    assert '<p>🔗 <a href="https://techcrunch.com/">TechCrunch</a> | <a href=' in rss["news"]
    assert rss["news"] == web["news"]
    assert rss["earnings"].startswith(
        "<h2>🖨️ Earnings Season: Quartalsergebnisse der Woche</h2>\n"
        "<ul><li><b>Montag 3. Februar:</b> Palantir (AMC)</li><li><b>Dienstag 4. Februar:</b>"
    )
    assert web["earnings"].startswith(
        "<h2>🖨️ Earnings Season: Quartalsergebnisse der Woche</h2>\n"
        "<p><b>Montag 3. Februar:</b> Palantir (AMC)<br><b>Dienstag 4. Februar:</b>"
    )


def test_the_three_forms_give_the_same_sections(fixtures: Path) -> None:
    def shape(issue: ParsedIssue) -> list[tuple[str, str, str, str | None]]:
        return [
            (
                s.kind,
                s.title if s.kind != "header" else "",
                " ".join(visible_words(s.html)),
                s.image,
            )
            for s in issue.sections
        ]

    rss = shape(_parse(fixtures, "rss.xml"))
    assert shape(_parse(fixtures, "web.html")) == rss
    assert shape(_parse(fixtures, "fragment")) == rss


def test_str_and_bytes_input_give_the_same_issue(fixtures: Path) -> None:
    data = (fixtures / "kw06-2025.rss.xml").read_bytes()
    assert parse_issue(data) == parse_issue(data.decode("utf-8"))


def test_markdownify_turns_every_section_into_plain_markdown(fixtures: Path, form: str) -> None:
    for section in _parse(fixtures, form).sections[1:]:
        markdown = markdownify(section.html, heading_style="ATX")
        assert markdown.strip()
        assert not re.search(r"</?[a-z][a-z0-9]*[ />]", markdown)
        if section.html.startswith("<h2>"):
            assert f"## {section.title}" in markdown
