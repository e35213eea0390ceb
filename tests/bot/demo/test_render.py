"""Telegram's entities as HTML: every entity type, nesting and overlaps (always well-formed),
UTF-16 offsets around emoji, escaping, and links only to safe addresses."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.demo.render import entities_html


def entity(kind: str, offset: int, length: int, **extra: object) -> dict[str, object]:
    return {"type": kind, "offset": offset, "length": length, **extra}


@pytest.mark.parametrize(
    ("kind", "extra", "html"),
    [
        ("bold", {}, "<b>Wort</b>"),
        ("italic", {}, "<i>Wort</i>"),
        ("underline", {}, "<u>Wort</u>"),
        ("strikethrough", {}, "<s>Wort</s>"),
        ("spoiler", {}, '<span class="tg-spoiler">Wort</span>'),
        ("code", {}, "<code>Wort</code>"),
        ("pre", {}, "<pre><code>Wort</code></pre>"),
        ("pre", {"language": "python"}, '<pre><code class="language-python">Wort</code></pre>'),
        ("blockquote", {}, "<blockquote>Wort</blockquote>"),
        ("expandable_blockquote", {}, '<blockquote class="tg-expandable">Wort</blockquote>'),
        ("text_link", {"url": "https://doppelgaenger.io/"},
         '<a href="https://doppelgaenger.io/" target="_blank" rel="noopener noreferrer">Wort</a>'),
        ("hashtag", {}, '<span class="tg-hashtag">Wort</span>'),
        ("custom_emoji", {"custom_emoji_id": "1"}, '<span class="tg-emoji">Wort</span>'),
    ],
)  # fmt: skip
def test_each_entity_type_has_its_tag(kind: str, extra: dict[str, object], html: str) -> None:
    assert entities_html("Wort", [entity(kind, 0, 4, **extra)]) == html


@pytest.mark.parametrize(
    ("text", "kind", "href"),
    [
        ("https://example.org/a?b=1", "url", "https://example.org/a?b=1"),
        ("example.org", "url", "http://example.org"),
        ("leser@example.org", "email", "mailto:leser@example.org"),
        ("+49 30 123", "phone_number", "tel:+4930123"),
        ("@doppelbot", "mention", "https://t.me/doppelbot"),
    ],
)
def test_addresses_in_the_text_become_links(text: str, kind: str, href: str) -> None:
    html = entities_html(text, [entity(kind, 0, len(text))])
    assert html.startswith(f'<a href="{href}"') and html.endswith(f">{text}</a>")


def test_a_text_mention_links_to_the_user_and_a_command_is_marked_to_be_sent() -> None:
    mention = entity("text_mention", 0, 5, user={"id": 42, "is_bot": False, "first_name": "E"})
    assert entities_html("Erika", [mention]).startswith('<a href="tg://user?id=42"')
    command = entities_html("/latest bitte", [entity("bot_command", 0, 7)])
    assert command == '<span class="tg-command" data-command="/latest">/latest</span> bitte'


def test_a_link_to_an_unsafe_address_is_plain_text() -> None:
    link = entity("text_link", 0, 4, url="javascript:alert(1)")
    assert entities_html("Klick", [link]) == "<span>Klic</span>k"


def test_text_and_addresses_are_escaped() -> None:
    link = entity("text_link", 8, 4, url='https://x.org/?a=1&b="2"')
    html = entities_html("<b>&Co</b> ok", [link])
    assert html.startswith("&lt;b&gt;&amp;Co")
    assert 'href="https://x.org/?a=1&amp;b=&quot;2&quot;"' in html
    assert "<script" not in entities_html("<script>alert(1)</script>", [])


def test_offsets_count_utf16_units_around_flags_and_emoji() -> None:
    text = "🇨🇳 Alibaba 🧑‍🔬 legt nach"  # the flag is 4 units, the scientist 5
    alibaba = entity("bold", 5, 7)
    nach = entity("italic", len(text.encode("utf-16-le")) // 2 - 4, 4)
    html = entities_html(text, [alibaba, nach])
    assert html == "🇨🇳 <b>Alibaba</b> 🧑‍🔬 legt <i>nach</i>"


def test_an_offset_inside_a_surrogate_pair_is_ignored() -> None:
    assert entities_html("🦉 Eule", [entity("bold", 1, 3)]) == "🦉 Eule"


def test_nested_entities_open_outside_in_and_quotes_stay_outermost() -> None:
    text = "Zitat mit Link"
    entities = [
        entity("text_link", 10, 4, url="https://a.de"),
        entity("bold", 0, 14),
        entity("blockquote", 0, 14),
    ]
    html = entities_html(text, entities)
    assert html.startswith("<blockquote><b>Zitat mit <a ")
    assert html.endswith(">Link</a></b></blockquote>")


def test_overlapping_entities_close_and_reopen_so_the_html_is_well_formed() -> None:
    html = entities_html("abcdef", [entity("bold", 0, 4), entity("italic", 2, 4)])
    assert html == "<b>ab<i>cd</i></b><i>ef</i>"


def test_newlines_stay_and_entities_out_of_range_are_skipped() -> None:
    html = entities_html("Zeile 1\nZeile 2", [entity("bold", 8, 7), entity("italic", 10, 99)])
    assert html == "Zeile 1\n<b>Zeile 2</b>"


class _Balance(HTMLParser):
    """Checks that every tag closes in order (well-formed HTML)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


KINDS = ["bold", "italic", "underline", "spoiler", "code", "blockquote", "text_link"]


@given(
    st.text(alphabet=st.sampled_from("ab <&>\n🦉é"), min_size=1, max_size=30),
    st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 40), st.integers(1, 40)),
             max_size=6),
)  # fmt: skip
def test_any_entities_give_well_formed_html_showing_the_whole_text(text, spans) -> None:
    entities = [entity(kind, offset, length, url="https://a.de") for kind, offset, length in spans]
    parser = _Balance()
    parser.feed(entities_html(text, entities))
    parser.close()
    assert parser.stack == []
    assert "".join(parser.text) == text
