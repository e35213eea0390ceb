"""An HTML fragment to text + entities: sulguk on lxml's parser, safe input, no nested repeats."""

from __future__ import annotations

import itertools
from pathlib import Path

import sulguk
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from newsletter import render
from newsletter.convert import (
    LXML_MAX_TAGS,
    html_to_styled,
    sulguk_transform,
    without_nested_repeats,
    xml_safe,
)
from newsletter.model import Entity, RawSection
from newsletter.parse import parse_issue
from newsletter.render import render_section
from tests.newsletter.test_render import NEWS, TRICKY, section_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fragments(html: str) -> list[str]:
    """The fragments the renderer hands to the converter for a section's HTML."""
    soup = BeautifulSoup(html, "html.parser")
    render._tame(soup)
    return [fragment for _, fragment, _, _ in render._walk(soup, itertools.count(1))]


def assert_same_as_sulguk(html: str) -> None:
    for fragment in fragments(html):
        expected = sulguk.transform_html(fragment)
        assert sulguk_transform(fragment) == (expected.text, expected.entities), fragment


def test_lxml_parsing_gives_what_sulguk_gives_for_every_kw6_block() -> None:
    for name in ("kw06-2025.rss.xml", "kw06-2025.web.html"):
        for section in parse_issue((FIXTURES / name).read_bytes()).sections:
            assert_same_as_sulguk(section.html)


def test_lxml_parsing_gives_what_sulguk_gives_for_markup_edge_cases() -> None:
    assert_same_as_sulguk(NEWS)
    assert_same_as_sulguk(TRICKY)
    for html in [
        "a <b>x</b> <i>y</i> z",
        "x<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>",
        "<pre>  a\n   b  </pre>",
        "<blockquote>q<br>r</blockquote>",
        "a<br><br>b",
        "a &amp; &lt;b&gt; &nbsp; c",
        '<a href="https://x.example/?a=1&amp;b=2">l</a> <a>ohne Ziel</a>',
        '<span class="tg-spoiler">s</span><code>a  b</code>',
        "<b> x </b>y<b>\n</b>z",
        "<p>a</p> <p>b</p>text danach",
    ]:
        assert_same_as_sulguk(html)


@settings(max_examples=60, deadline=None)
@given(section_html())
def test_lxml_parsing_gives_what_sulguk_gives_for_any_section(html: str) -> None:
    assert_same_as_sulguk(html)


def test_characters_xml_cannot_hold_are_removed_and_the_text_is_kept() -> None:
    assert xml_safe("a\x01b\x0bc\x0cd\ufffee\uffff\ud800f\tg\nh\ri") == "ab c def\tg\nh\ri"
    styled = html_to_styled("<b>fett\x01</b> weiter\x0bund\x1f Ende")
    assert styled.text == "fett weiter und Ende"
    assert styled.entities == (Entity("bold", 0, 4),)


def test_a_control_character_in_a_section_renders_instead_of_failing() -> None:
    [message] = render_section(RawSection("other", "X", "<p>a\x01b &#x1; c\x0bd</p>")).messages
    assert message.text == "ab c d"  # HTML collapses the two spaces


def test_nested_repeats_of_one_entity_become_one() -> None:
    styled = html_to_styled("<p>" + "<b>" * 150 + "tief" + "</b>" * 150 + "</p>")
    assert (styled.text, styled.entities) == ("tief", (Entity("bold", 0, 4),))


def test_a_fragment_nested_deeper_than_lxml_reads_loses_nothing() -> None:
    for depth in (LXML_MAX_TAGS // 2 - 1, 300):  # deeper still: see test_cli_preview
        html = "<i>" * depth + "tief" + "</i>" * depth + " und <b>fett</b>"
        styled = html_to_styled(html)
        assert styled.text == "tief und fett"
        assert styled.entities == (Entity("italic", 0, 4), Entity("bold", 9, 4))


def test_only_entities_inside_another_of_the_same_kind_are_dropped() -> None:
    bold, link = Entity("bold", 0, 10), Entity("text_link", 2, 3, url="https://a.example/")
    entities = [
        bold,
        Entity("bold", 2, 3),  # inside the first bold: dropped
        Entity("italic", 2, 3),  # another type: kept
        link,
        Entity("text_link", 2, 3, url="https://b.example/"),  # another URL: kept
        Entity("text_link", 2, 3, url="https://a.example/"),  # the same link again: dropped
        Entity("bold", 8, 5),  # overlaps the first bold, not inside: kept
    ]
    assert without_nested_repeats(entities) == (
        bold,
        entities[2],
        link,
        entities[4],
        entities[6],
    )


@given(
    st.lists(
        st.tuples(st.sampled_from(["bold", "italic"]), st.integers(0, 20), st.integers(1, 20)),
        max_size=30,
    )
)
def test_dropping_repeats_keeps_the_order_and_covers_the_same_characters(spans) -> None:
    entities = [Entity(kind, offset, length) for kind, offset, length in spans]
    kept = without_nested_repeats(entities)
    rest = iter(entities)
    assert all(any(e == other for other in rest) for e in kept)  # a subsequence: order kept

    def covered(items) -> set[tuple[str, int]]:
        return {(e.type, i) for e in items for i in range(e.offset, e.offset + e.length)}

    def inside(a: Entity, b: Entity) -> bool:
        return b.offset <= a.offset and a.offset + a.length <= b.offset + b.length

    assert covered(kept) == covered(entities)
    for a, b in itertools.combinations(kept, 2):
        assert a.type != b.type or not (inside(a, b) or inside(b, a))
