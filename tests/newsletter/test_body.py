"""Reading a post body into blocks, and the inline tree they are made of."""

from __future__ import annotations

from html.parser import HTMLParser

from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from newsletter.blocks import Block
from newsletter.body import read_blocks
from newsletter.inline import Span, cut, text_of, to_html


def blocks_of(markup: str, base_url: str | None = None) -> list[Block]:
    soup = BeautifulSoup(markup, "lxml")
    blocks, _ = read_blocks(list((soup.body or soup).children), base_url=base_url)
    return blocks


def html_of(markup: str, base_url: str | None = None) -> list[str]:
    return [b.to_html() or b.kind for b in blocks_of(markup, base_url)]


def test_wrapper_divs_are_looked_through_and_dividers_are_breaks() -> None:
    markup = (
        '<div style="padding:12px"><p class="paragraph" style="x">A</p></div>'
        '<div><div style="font-size:0"><div style="border-top:3px solid #365f82"></div></div></div>'
        '<hr class="content_break"><div><h3 id="x">Titel</h3></div>'
    )
    assert html_of(markup) == ["<p>A</p>", "break", "break", "<h2>Titel</h2>"]


def test_lists_keep_their_items_nested_lists_and_order() -> None:
    markup = (
        "<ol><li><p>eins</p><p>zwei</p></li><li>drei<ul><li>vier</li></ul></li><li> </li>lose</ol>"
    )
    assert html_of(markup) == [
        "<ol><li>eins<br>zwei</li><li>drei<br><ul><li>vier</li></ul></li><li>lose</li></ol>"
    ]


def test_quotes_and_preformatted_text() -> None:
    markup = "<blockquote><p>Zitat</p><p>weiter</p></blockquote><pre>a  <b>\n b</b></pre>"
    assert html_of(markup) == [
        "<blockquote><p>Zitat<br>weiter</p></blockquote>",
        "<pre>a  \n b</pre>",
    ]


def test_an_image_inside_a_paragraph_becomes_an_image_block_before_it() -> None:
    blocks = blocks_of('<p>Vorher <img src="https://m.example/x.png"> nachher</p>')
    assert [(b.kind, b.src) for b in blocks] == [
        ("image", "https://m.example/x.png"),
        ("paragraph", None),
    ]
    assert blocks[1].to_html() == "<p>Vorher  nachher</p>"


def test_links_are_resolved_cleaned_or_unwrapped() -> None:
    markup = (
        '<p><a href="/p/kw5?utm_source=web">KW5</a> <a href="javascript:alert(1)">böse</a> '
        '<a href="#oben">oben</a> <a href="mailto:a@b.de">Mail</a> <a>ohne</a></p>'
    )
    assert html_of(markup, base_url="https://d.beehiiv.com/p/kw6") == [
        '<p><a href="https://d.beehiiv.com/p/kw5">KW5</a> böse oben '
        '<a href="mailto:a@b.de">Mail</a> ohne</p>'
    ]


def test_inline_formatting_is_normalised_and_attributes_dropped() -> None:
    markup = (
        '<p style="x"><strong class="c">fett</strong> <em>kursiv</em> <span>span</span> '
        "<del>weg</del> <kbd>code</kbd> &lt;tag&gt; &amp;</p>"
    )
    assert html_of(markup) == [
        "<p><b>fett</b> <i>kursiv</i> span <s>weg</s> <code>code</code> &lt;tag&gt; &amp;</p>"
    ]


def test_empty_paragraphs_and_comments_make_no_blocks() -> None:
    assert html_of("<p> </p><p><!-- nichts --></p><div>\n</div><p><b></b></p>") == []


_TEXT = st.text(alphabet="ab <&>\"'.", min_size=0, max_size=6)


def _nodes(children: st.SearchStrategy[list[Span | str]]) -> st.SearchStrategy[list[Span | str]]:
    span = st.builds(
        Span,
        tag=st.sampled_from(["b", "i", "a", "code"]),
        children=children,
        href=st.just("https://example.com/?a=1&b=2"),
    )
    return st.lists(st.one_of(_TEXT, span, st.just(Span("br"))), max_size=5)


_TREES = st.recursive(st.lists(_TEXT, max_size=3), _nodes, max_leaves=12)


@given(_TREES, st.integers(0, 40), st.integers(0, 40))
def test_cut_removes_exactly_the_text_range(nodes: list[Span | str], a: int, b: int) -> None:
    text = text_of(nodes)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert text_of(cut(nodes, start, end)) == text[:start] + text[end:]


class _TextOf(HTMLParser):
    """The text an HTML parser sees, exactly (no whitespace folding); `br` is a newline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")


@given(_TREES)
def test_html_round_trips_to_the_same_text(nodes: list[Span | str]) -> None:
    parser = _TextOf()
    parser.feed(to_html(nodes))
    parser.close()
    assert "".join(parser.parts) == text_of(nodes)


def test_a_lone_bold_paragraph_is_a_heading_and_h5_h6_are_kickers() -> None:
    blocks = blocks_of(
        "<p><b>Warum das wichtig ist</b></p><p><strong>Teil</strong> <b>zwei</b></p>"
        f"<p><b>{'lang ' * 30}</b></p><p><b>zwei<br>Zeilen</b></p><ul><li><p><b>Punkt</b></p></li>"
        "</ul><h6>MEINUNG</h6><h2><b>Titel</b></h2>"
    )
    assert [(b.kind, b.bold, b.to_html()) for b in blocks] == [
        ("heading", True, "<h2>Warum das wichtig ist</h2>"),
        ("heading", True, "<h2>Teil zwei</h2>"),
        ("paragraph", False, f"<p><b>{'lang ' * 30}</b></p>"),  # longer than a heading
        ("paragraph", False, "<p><b>zwei<br>Zeilen</b></p>"),
        ("list", False, "<ul><li><b>Punkt</b></li></ul>"),
        ("kicker", False, "<p><b>MEINUNG</b></p>"),
        ("heading", False, "<h2>Titel</h2>"),  # the heading's own <b> is not repeated
    ]


def test_a_linked_image_keeps_its_target_and_a_merge_tag_target_becomes_text() -> None:
    blocks = blocks_of(
        '<p><a href="https://ziel.example/?utm_source=x"><img src="https://m.example/a.png"></a>'
        '</p><p>Teile <a href="{{rp_refer_url}}">hier</a></p>'
    )
    assert [(b.kind, b.src, b.href, b.text) for b in blocks] == [
        ("image", "https://m.example/a.png", "https://ziel.example/", ""),
        ("paragraph", None, None, "Teile hier{{rp_refer_url}}"),
    ]
