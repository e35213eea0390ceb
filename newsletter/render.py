"""Render a section's cleaned HTML as Telegram messages: text + entities, never parse_mode.

Each top-level block (heading, paragraph, list item, quote) is converted on its own by sulguk
(HTML → text + entities in UTF-16 units, no Markdown escaping in between), then laid out: the
heading as a bold line, blocks separated by a blank line, a "🔗 Quelle" line directly under its
item, list items as "• …" lines (nested ones "   ◦ …", an item's further lines indented), a
quote as a Telegram `blockquote` entity. `split_text` then packs the blocks into messages.
"""

from __future__ import annotations

import html as html_lib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString

from newsletter.convert import html_to_styled
from newsletter.day_lines import day_lines_as_list
from newsletter.entities import Styled, concat
from newsletter.german_dates import german_date
from newsletter.limits import CAPTION_LIMITS, TEXT_LIMITS
from newsletter.markdown import html_to_markdown
from newsletter.model import IssueMeta, Message, RawSection, Section
from newsletter.split import Block, split_text

SOURCE_MARK = "🔗"
BULLET = "• "
NESTED_BULLET = "◦ "

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CONTAINERS = frozenset({"div", "section", "article", "figure", "main", "header", "footer"})
_WHOLE = frozenset({"blockquote", "pre"})  # tables become divs (see `_tame`)
_DROPPED = frozenset(
    {"hr", "script", "style", "template", "noscript", "head", "title", "meta", "link", "iframe"}
    | {"svg", "video", "audio", "object", "embed", "form", "button", "input", "select"}
)
_INLINE = frozenset(
    {"a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "kbd", "samp"}
    | {"span", "br", "wbr", "img", "q", "mark", "cite", "var", "tt"}
)
_BLOCK_TAGS = _HEADINGS | _CONTAINERS | _WHOLE | {"p", "ul", "ol"}
_KNOWN = _BLOCK_TAGS | _INLINE | {"li"}
_AS_DIV = frozenset({"table", "thead", "tbody", "tfoot", "tr", "figcaption", "dl", "dt", "dd"})

PartKind = Literal["heading", "paragraph", "source", "item", "other"]


@dataclass(frozen=True, slots=True)
class _Part:
    kind: PartKind
    styled: Styled
    group: int = 0  # which list an item belongs to


def render_section(raw: RawSection) -> Section:
    """Render one section: its Markdown and its messages (a photo message first if it has one)."""
    html = day_lines_as_list(raw.html) if raw.kind == "earnings" else raw.html
    document, blocks = _layout(list(_parts(html)))
    return Section(
        kind=raw.kind,
        title=raw.title,
        markdown=html_to_markdown(html, image=raw.image, image_title=raw.title),
        messages=_messages(document, blocks, raw.image),
    )


def render_header(meta: IssueMeta, intro: RawSection | None) -> Section:
    """Render the issue's opening message from `meta`, followed by the intro's text, if any.

    Title (bold) and subtitle, "KW 6 · 3. Februar 2025", "1.066 Wörter · ca. 5 Min. Lesezeit" and a
    link "Im Browser lesen"; fields that are None are left out.
    """
    source = _header_html(meta) + (intro.html if intro else "")
    image = intro.image if intro else None
    document, blocks = _layout(list(_parts(source)))
    return Section(
        kind="header",
        title=meta.title,
        markdown=html_to_markdown(source, image=image, image_title=meta.title),
        messages=_messages(document, blocks, image),
    )


def _header_html(meta: IssueMeta) -> str:
    esc = html_lib.escape
    top = [f"<b>{esc(meta.title)}</b>"] + ([esc(meta.subtitle)] if meta.subtitle else [])
    when = [f"KW {meta.week}"] if meta.week is not None else []
    when += [german_date(meta.date)] if meta.date is not None else []
    reading = [f"{meta.words:,} Wörter".replace(",", ".")] if meta.words else []
    reading += [f"ca. {meta.reading_minutes} Min. Lesezeit"] if meta.reading_minutes else []
    info = [" · ".join(line) for line in (when, reading) if line]
    if meta.url:
        info.append(f'<a href="{esc(meta.url)}">Im Browser lesen</a>')
    return "".join(f"<p>{'<br>'.join(lines)}</p>" for lines in (top, info) if lines)


def _parts(source: str) -> Iterator[_Part]:
    """Cut the HTML into top-level blocks and convert each; empty blocks are dropped."""
    soup = BeautifulSoup(source, "html.parser")
    _tame(soup)
    groups = itertools.count(1)
    for kind, fragment, prefix, group in _walk(soup, groups):
        styled = html_to_styled(fragment)
        if not styled.text:
            continue
        if kind == "heading":
            styled = styled.wrapped("bold")
        elif kind == "paragraph" and styled.text.startswith(SOURCE_MARK):
            kind = "source"
        yield _Part(kind, concat([prefix, styled]) if prefix else styled, group)


def _tame(soup: BeautifulSoup) -> None:
    """Rewrite tags sulguk does not know: table-like ones become blocks, the rest is unwrapped."""
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in _KNOWN:
            continue
        if tag.name in _AS_DIV:
            tag.name = "div"
        elif tag.name in _DROPPED:
            tag.decompose()
        else:
            if tag.name in ("td", "th"):
                tag.append(" ")
            tag.unwrap()


def _walk(container: Tag, groups: Iterator[int]) -> Iterator[tuple[PartKind, str, str, int]]:
    """Yield (kind, HTML, prefix, list group) per block; loose inline content is a paragraph."""
    loose: list[str] = []
    for node in list(container.children):
        if isinstance(node, Comment):
            continue
        if not isinstance(node, Tag) or node.name not in _BLOCK_TAGS:
            loose.append(str(node))
            continue
        if loose:
            yield "paragraph", "".join(loose), "", 0
            loose = []
        if node.name in _HEADINGS:
            yield "heading", node.decode_contents(), "", 0
        elif node.name == "p":
            yield "paragraph", node.decode_contents(), "", 0
        elif node.name in ("ul", "ol"):
            yield from _items(node, next(groups))
        elif node.name in _CONTAINERS:
            yield from _walk(node, groups)
        else:
            yield "other", str(node), "", 0
    if loose:
        yield "paragraph", "".join(loose), "", 0


def _items(listing: Tag, group: int, indent: str = "") -> Iterator[tuple[PartKind, str, str, int]]:
    """Yield a list's items with their marker ("• ", "3. "; "◦ " one level down, indented).

    Lines after an item's first (its further paragraphs) are indented under its text.
    """
    start = str(listing.get("start") or "1")
    number = int(start) if start.isdigit() else 1
    for item in listing.find_all("li", recursive=False):
        bullet = NESTED_BULLET if indent else BULLET
        marker = indent + (f"{number}. " if listing.name == "ol" else bullet)
        inner = indent + " " * len(marker.removeprefix(indent))
        pieces: list[str] = []
        for child in [*item.children, None]:
            if child is None or (isinstance(child, Tag) and child.name in ("ul", "ol")):
                if pieces:
                    yield "item", _indented("".join(pieces), inner), marker, group
                    pieces, marker = [], inner
                if child is not None:
                    yield from _items(child, group, inner)
            elif isinstance(child, NavigableString):
                pieces.append(child.output_ready())  # escaped text; a comment stays a comment
            else:
                pieces.append(str(child))
        number += 1


def _indented(fragment: str, indent: str) -> str:
    """Indent the lines after the first of an item's HTML (each `<br>` starts a line)."""
    return re.sub(r"<br\s*/?>", "<br>" + indent.replace(" ", "\u00a0"), fragment)


def _layout(parts: list[_Part]) -> tuple[Styled, list[Block]]:
    """Join the parts into one text and return it with the blocks the splitter keeps whole."""
    pieces: list[Styled | str] = []
    blocks: list[Block] = []
    position = 0
    previous: _Part | None = None
    for part in parts:
        attach = part.kind == "source" and previous is not None and previous.kind != "heading"
        same_list = part.kind == "item" and previous is not None and previous.group == part.group
        separator = "" if previous is None else "\n" if attach or same_list else "\n\n"
        pieces += [separator, part.styled]
        start = position + len(separator)
        position = start + len(part.styled.text)
        if attach:
            blocks[-1] = Block(blocks[-1].start, position, blocks[-1].heading)
        else:
            blocks.append(Block(start, position, heading=part.kind == "heading"))
            previous = part
    return concat(pieces), blocks


def _messages(document: Styled, blocks: list[Block], image: str | None) -> list[Message]:
    """Split the document into messages; with an image, a photo message comes first."""
    if image is None:
        return _text_messages(document, blocks)
    if document.fits(CAPTION_LIMITS):
        return [Message(text=document.text, entities=document.entities, photo=image)]
    cut = 0
    if blocks and blocks[0].heading and document.slice(0, blocks[0].end).fits(CAPTION_LIMITS):
        cut = blocks[0].end
    caption = document.slice(0, cut)
    rest = document.slice(cut, len(document.text))
    shifted = [Block(b.start - cut, b.end - cut, b.heading) for b in blocks if b.start >= cut]
    photo = Message(text=caption.text, entities=caption.entities, photo=image)
    return [photo, *_text_messages(rest, shifted)]


def _text_messages(document: Styled, blocks: list[Block]) -> list[Message]:
    chunks = split_text(document.text, document.entities, limits=TEXT_LIMITS, blocks=blocks)
    return [Message(text=chunk.text, entities=chunk.entities) for chunk in chunks]
