"""Earnings days written as one paragraph of lines (the web page) become a list (as in the feed)."""

from __future__ import annotations

from newsletter.day_lines import day_lines_as_list
from newsletter.model import RawSection
from newsletter.render import render_section

HEADING = "<h2>🖨️ Earnings Season: Quartalsergebnisse der Woche</h2>\n"
AS_LIST = (
    "<ul><li><b>Montag 3. Februar:</b> Palantir (AMC)</li>"
    "<li><b>Dienstag 4. Februar:</b> PayPal (BMO), AMD (AMC)</li>"
    "<li><b>Freitag 7. Februar:</b></li></ul>"
)
AS_LINES = (
    "<p><b>Montag 3. Februar:</b> Palantir (AMC)<br>"
    "<b>Dienstag 4. Februar:</b> PayPal (BMO), AMD (AMC)<br>"
    "<b>Freitag 7. Februar:</b></p>"
)


def test_a_paragraph_of_day_lines_becomes_the_list_the_feed_has() -> None:
    assert day_lines_as_list(HEADING + AS_LINES) == HEADING + AS_LIST


def test_whitespace_around_the_line_breaks_and_empty_lines_are_dropped() -> None:
    spaced = "<p> Mo 3.2.: Palantir (AMC) <br>\n<br> 4. Februar: PayPal (BMO)\n</p>"
    assert day_lines_as_list(spaced) == (
        "<ul><li>Mo 3.2.: Palantir (AMC)</li><li>4. Februar: PayPal (BMO)</li></ul>"
    )


def test_paragraphs_that_are_not_all_day_lines_stay_as_they_are() -> None:
    for html in [
        "<p>Montag 3. Februar: Palantir (AMC)</p>",  # one line: nothing to list
        "<p>Montag 3. Februar: Palantir (AMC)<br>Quelle: Earnings Whispers</p>",
        "<p>Hallo<br>Welt</p>",
        AS_LIST,
    ]:
        assert day_lines_as_list(html) == html


def test_web_and_feed_form_render_the_same_earnings_section() -> None:
    web = render_section(RawSection("earnings", "Earnings", HEADING + AS_LINES))
    feed = render_section(RawSection("earnings", "Earnings", HEADING + AS_LIST))
    assert web == feed
    assert web.messages[0].text.endswith(
        "\n\n• Montag 3. Februar: Palantir (AMC)\n• Dienstag 4. Februar: PayPal (BMO), AMD (AMC)"
        "\n• Freitag 7. Februar:"
    )


def test_only_the_earnings_section_is_rewritten() -> None:
    other = render_section(RawSection("other", "Notizen", AS_LINES))
    assert "•" not in other.messages[0].text
