"""Rendering sections and the header: Telegram layout, faithful text, exact links, photos."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from newsletter.limits import MAX_CAPTION, MAX_TEXT
from newsletter.model import Entity, IssueMeta, Message, RawSection
from newsletter.render import render_header, render_section
from newsletter.utf16 import utf16_len, utf16_slice

IMAGE = "https://media.beehiiv.com/uploads/asset/file/chart.png"
NEWS = (
    '<h2 class="heading">🛗 Der KI Drache erwacht</h2>'
    '<p class="paragraph">Was ist passiert? Ein <i>zweiter</i> Blick.</p>'
    '<p class="paragraph">🔓 <b>OpenAI “auf der falschen Seite”:</b> Ausgerechnet OpenAI.</p>'
    '<p class="paragraph">🔗 <a class="link" href="https://techcrunch.com/">TechCrunch</a> | '
    '<a class="link" href="https://www.reddit.com/">Reddit</a></p>'
    '<p class="paragraph">🇨🇳 <b>Alibaba legt nach:</b> Qwen 2.5-Max.</p>'
    '<p class="paragraph">🔗 <a class="link" href="https://www.reuters.com/">Reuters</a></p>'
)
TRICKY = (
    "<h2>🇨🇳 Sonder*zeichen* _hier_ [x](y)</h2>"
    "<p>1. Februar war ein Montag.</p>"
    "<p>300.000 US-Dollar pro Kopf</p>"
    "<p>- kein Aufzählungspunkt, # keine Überschrift, &gt; kein Zitat, a*b*c, snake_case, "
    "[eckig](rund), `tick`, \\ Rückstrich &amp; &lt;tag&gt;</p>"
    "<p>🇨🇳\u00a0Alibaba 👨\u200d👩\u200d👧 🧑\u200d🔬 e\u0301 Text\u00a0mit NBSP</p>"
    "<p>Zeile eins<br>Zeile zwei</p>"
    '<p>🔗 <a href="https://a.example/x_y?q=1&amp;r=(2)">A_B *c*</a> | '
    '<a href="https://b.example/">B</a></p>'
    "<p><b>“Hallo”</b>jetzt, <b>fett <i>kursiv</i></b> und <u>unter</u><s>strichen</s></p>"
    "<ol start='3'><li><p>drei</p></li><li><p>vier<br>weiter</p></li></ol>"
    "<p>a<sup>2</sup> und <span style='x'>Spanne</span></p><p>\u00a0</p><p></p>"
)


def assert_words_in_order(html: str, messages: list[Message]) -> None:
    """Every word of the HTML's text appears in the messages, in order."""
    rendered = "\n".join(m.text for m in messages)
    position = 0
    for word in BeautifulSoup(html, "html.parser").get_text(" ").split():
        found = rendered.find(word, position)
        assert found >= 0, f"{word!r} missing after {rendered[position - 40 : position]!r}"
        position = found + len(word)


def assert_links_exact(html: str, messages: list[Message]) -> None:
    """Every <a href> is a text_link with exactly its URL over exactly its text, in order."""
    soup = BeautifulSoup(html, "html.parser")
    wanted = [(a["href"], _collapse(a.get_text())) for a in soup.find_all("a", href=True)]
    got = [
        (e.url, utf16_slice(m.text, e.offset, e.length))
        for m in messages
        for e in m.entities
        if e.type == "text_link"
    ]
    assert got == wanted


def _collapse(text: str) -> str:
    """Collapse HTML whitespace as a browser does; a non-breaking space is not HTML whitespace."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" \t\n\r\f")


def assert_sendable(messages: list[Message]) -> None:
    """No empty or padded message; every message within Telegram's limits."""
    for m in messages:
        assert m.text == m.text.strip()
        assert m.text or m.photo
        assert utf16_len(m.text) <= (MAX_CAPTION if m.photo else MAX_TEXT)
        for e in m.entities:
            assert e.length > 0 and e.offset + e.length <= utf16_len(m.text)


def test_heading_is_a_bold_line_followed_by_a_blank_line():
    [message] = render_section(RawSection("news", "KI", NEWS)).messages
    assert message.text.startswith("🛗 Der KI Drache erwacht\n\nWas ist passiert?")
    assert message.entities[0] == Entity("bold", 0, utf16_len("🛗 Der KI Drache erwacht"))


def test_source_line_sits_directly_under_its_news_item():
    [message] = render_section(RawSection("news", "KI", NEWS)).messages
    assert "Ausgerechnet OpenAI.\n🔗 TechCrunch | Reddit\n\n🇨🇳 Alibaba" in message.text
    assert message.text.endswith("Qwen 2.5-Max.\n🔗 Reuters")


def test_news_text_words_and_links_survive_exactly():
    section = render_section(RawSection("news", "KI", NEWS))
    assert_words_in_order(NEWS, section.messages)
    assert_links_exact(NEWS, section.messages)
    assert_sendable(section.messages)


def test_markdown_syntax_numbers_emoji_and_nbsp_in_the_text_are_kept_verbatim():
    [message] = render_section(RawSection("other", "Test", TRICKY)).messages
    lines = message.text.split("\n")
    assert lines[0] == "🇨🇳 Sonder*zeichen* _hier_ [x](y)"
    assert "1. Februar war ein Montag." in lines
    assert "300.000 US-Dollar pro Kopf" in lines
    assert (
        "- kein Aufzählungspunkt, # keine Überschrift, > kein Zitat, a*b*c, snake_case, "
        "[eckig](rund), `tick`, \\ Rückstrich & <tag>"
    ) in lines
    assert "🇨🇳\u00a0Alibaba 👨\u200d👩\u200d👧 🧑\u200d🔬 e\u0301 Text\u00a0mit NBSP" in lines
    assert "Zeile eins\nZeile zwei\n🔗 A_B *c* | B" in message.text
    assert "“Hallo”jetzt, fett kursiv und unterstrichen" in lines
    assert_words_in_order(TRICKY, [message])
    assert_links_exact(TRICKY, [message])
    assert_sendable([message])


def test_inline_formatting_becomes_entities_over_exactly_its_words():
    [message] = render_section(RawSection("other", "Test", TRICKY)).messages
    covered = {(e.type, utf16_slice(message.text, e.offset, e.length)) for e in message.entities}
    expected = {("bold", "“Hallo”"), ("bold", "fett kursiv"), ("italic", "kursiv")}
    assert expected | {("underline", "unter"), ("strikethrough", "strichen")} <= covered


def test_list_items_are_lines_with_bullets_or_their_numbers_and_indented_further_lines():
    html = "<h2>Earnings</h2><ul><li><p><b>Montag 3. Februar:</b> Palantir (AMC)</p></li>"
    html += "<li><p><b>Freitag 7. Februar:</b></p></li><li><p></p></li></ul>"
    [message] = render_section(RawSection("earnings", "Earnings", html)).messages
    assert message.text == "Earnings\n\n• Montag 3. Februar: Palantir (AMC)\n• Freitag 7. Februar:"
    [message] = render_section(RawSection("other", "Test", TRICKY)).messages
    assert "\n\n3. drei\n4. vier\n\u00a0\u00a0\u00a0weiter\n\n" in message.text


def test_empty_section_has_no_message():
    assert render_section(RawSection("other", "Leer", "<p>\u00a0</p><p> </p><hr>")).messages == []


def test_image_section_that_fits_a_caption_is_one_photo_message():
    section = render_section(RawSection("chart", "Chart", NEWS, image=IMAGE))
    [photo] = section.messages
    assert photo.photo == IMAGE
    assert photo.text == render_section(RawSection("chart", "Chart", NEWS)).messages[0].text
    assert_links_exact(NEWS, section.messages)


def test_image_section_too_long_for_a_caption_has_the_heading_as_caption():
    html = NEWS + "<p>" + "Ein langer Absatz. " * 80 + "</p>"
    section = render_section(RawSection("chart", "Chart", html, image=IMAGE))
    photo, rest = section.messages
    assert (photo.photo, photo.text) == (IMAGE, "🛗 Der KI Drache erwacht")
    assert photo.entities == (Entity("bold", 0, utf16_len(photo.text)),)
    assert rest.photo is None and rest.text.startswith("Was ist passiert?")
    assert_words_in_order(html, section.messages)
    assert_links_exact(html, section.messages)
    assert_sendable(section.messages)


def test_image_section_without_heading_sends_the_photo_alone_first():
    html = "<p>" + "Ein langer Absatz. " * 80 + "</p>"
    photo, rest = render_section(RawSection("chart", "Chart", html, image=IMAGE)).messages
    assert (photo.photo, photo.text, rest.photo) == (IMAGE, "", None)


def test_section_markdown_has_atx_heading_image_bullets_and_links():
    html = NEWS + "<ul><li><p><b>Montag:</b> Palantir</p></li></ul>"
    markdown = render_section(RawSection("news", "KI", html, image=IMAGE)).markdown
    assert markdown.startswith(f"## 🛗 Der KI Drache erwacht\n\n![KI]({IMAGE})\n\nWas ist")
    assert (
        "🔗 [TechCrunch](https://techcrunch.com/) | [Reddit](https://www.reddit.com/)" in markdown
    )
    assert markdown.endswith("- **Montag:** Palantir")


META = IssueMeta(
    title="KW6 - Der Drache erwacht (Oder schlafen wir nur?)",
    subtitle="Doppelgänger Update (BETA)",
    author="Philipp Klöckner",
    date=dt.date(2025, 2, 3),
    week=6,
    year=2025,
    url="https://doppelgaenger.beehiiv.com/p/kw6-der-drache-erwacht",
    words=1066,
    reading_minutes=5,
)


def test_header_shows_title_subtitle_week_date_reading_time_and_link():
    intro = RawSection("header", "Intro", "<p>👋 Hallo! Du empfängst diesen Newsletter.</p>")
    section = render_header(META, intro)
    [message] = section.messages
    assert message.text == (
        "KW6 - Der Drache erwacht (Oder schlafen wir nur?)\nDoppelgänger Update (BETA)\n\n"
        "KW 6 · 3. Februar 2025\n1.066 Wörter · ca. 5 Min. Lesezeit\nIm Browser lesen\n\n"
        "👋 Hallo! Du empfängst diesen Newsletter."
    )
    bold, link = message.entities
    assert utf16_slice(message.text, bold.offset, bold.length) == META.title
    assert (link.type, link.url) == ("text_link", META.url)
    assert utf16_slice(message.text, link.offset, link.length) == "Im Browser lesen"
    assert (section.kind, section.title) == ("header", META.title)
    assert f"[Im Browser lesen]({META.url})" in section.markdown
    assert section.markdown.startswith(f"**{META.title}**")


def test_header_leaves_out_what_is_unknown():
    meta = IssueMeta(title="KW12 - <Titel> & mehr", date=dt.date(2025, 3, 17), words=980)
    [message] = render_header(meta, None).messages
    assert message.text == "KW12 - <Titel> & mehr\n\n17. März 2025\n980 Wörter"
    assert [e.type for e in message.entities] == ["bold"]
    [message] = render_header(
        IssueMeta(title="Nur Titel", week=12, reading_minutes=4), None
    ).messages
    assert message.text == "Nur Titel\n\nKW 12\nca. 4 Min. Lesezeit"


TOKENS = ["Wort", "1.", "300.000", "*fett*", "_x_", "[a](b)", "`c`", "#", "-", ">", "\\", "|"]
TOKENS += ["🇨🇳", "👨\u200d👩\u200d👧", "e\u0301", "❤️", "&", "<tag>", "Größe", "3. Februar"]
SPACES = st.sampled_from([" ", " ", "\u00a0"])
WORDS_HTML = st.lists(st.tuples(st.sampled_from(TOKENS), SPACES), min_size=1, max_size=25).map(
    lambda pairs: html_lib.escape("".join(token + space for token, space in pairs).strip())
)


@st.composite
def section_html(draw: st.DrawFn) -> str:
    """A section of random paragraphs with bold, italic, links, source lines and list items."""
    parts = [f"<h2>{draw(WORDS_HTML)}</h2>"] if draw(st.booleans()) else []
    for i in range(draw(st.integers(1, 12))):
        text = draw(WORDS_HTML)
        shape = draw(st.sampled_from(["p", "b", "i", "a", "source", "li"]))
        if shape == "p":
            parts.append(f"<p>{text}</p>")
        elif shape in ("b", "i"):
            parts.append(f"<p>{draw(WORDS_HTML)} <{shape}>{text}</{shape}> {draw(WORDS_HTML)}</p>")
        elif shape == "a":
            parts.append(
                f'<p>{draw(WORDS_HTML)} <a href="https://x.example/{i}?a=1&amp;b=_">{text}</a></p>'
            )
        elif shape == "source":
            links = [f'<a href="https://s{j}.example/">{draw(WORDS_HTML)}</a>' for j in range(3)]
            parts.append("<p>🔗 " + " | ".join(links) + "</p>")
        else:
            parts.append(
                f"<ul><li><p>{text}</p></li><li><p><b>{draw(WORDS_HTML)}</b></p></li></ul>"
            )
    return "".join(parts)


@settings(max_examples=40, deadline=None)
@given(section_html(), st.booleans())
def test_any_section_keeps_every_word_and_every_link(html: str, with_image: bool):
    section = render_section(RawSection("other", "Test", html, IMAGE if with_image else None))
    assert_words_in_order(html, section.messages)
    assert_links_exact(html, section.messages)
    assert_sendable(section.messages)
