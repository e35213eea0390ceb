"""Reading a post body (a bs4 element) into a flat list of `Block`s.

Wrapper `div`s are looked through; headings, paragraphs, lists, quotes and `pre` become blocks;
loose text between them (broken nesting) becomes a paragraph, so no text is lost. `h1`–`h4`
and a paragraph of bold text only are headings, `h5`/`h6` kickers (small labels). beehiiv's
editor blocks (quotes with bylines, images with captions, buttons, downloads, embeds, polls,
the paywall, layout tables) are read by `newsletter.editor`. Scripts and styles are dropped
silently, forms with a warning; tables are flattened into one paragraph per row with cells
joined by " | " (with a warning), `hr` and border-top dividers become breaks. Chrome element
rules apply here.
"""

from __future__ import annotations

from collections.abc import Iterable

from bs4 import CData, Tag
from bs4.element import NavigableString, PageElement

from newsletter.blocks import Block, BlockKind
from newsletter.census import Census
from newsletter.chrome import clean_url, is_chrome_element
from newsletter.editor import paywall_line, read_editor_block
from newsletter.elements import (
    BLOCKS,
    FORMS,
    HEADINGS,
    INLINE,
    KEEP_INLINE,
    KICKERS,
    PARAGRAPHS,
    SILENT,
)
from newsletter.embeds import EMBEDS
from newsletter.inline import Span, has_text, squash, text_of, trim, unwrap
from newsletter.links import link_target, merge_tag_target, resolve
from newsletter.lists import read_list, table_rows

BOLD_HEADING_MAX = 120
"""A paragraph of bold text only is a heading when it is one line of at most this many chars."""

WARN_FORM = "Formular oder Schaltfläche im Beitrag entfernt."
WARN_TABLE = "Tabelle in Absätze umgewandelt (eine Zeile je Absatz, Zellen mit „ | “ getrennt)."


def read_blocks(
    nodes: Iterable[PageElement], *, base_url: str | None = None
) -> tuple[list[Block], list[str]]:
    """Return the blocks of the post body `nodes` in order, and the warnings reading them raised.

    Behind a paywall nothing more is read; the last block then links to the web post.
    """
    nodes = list(nodes)
    reader = _Reader(base_url, Census(nodes))
    reader.container(nodes)
    if reader.paywalled:
        reader.blocks.append(paywall_line(clean_url(base_url) if base_url else None))
    return reader.blocks, reader.warnings


class _Reader:
    def __init__(self, base_url: str | None, census: Census) -> None:
        self.base_url = base_url
        self.census = census
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.paywalled = False

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def emit(self, kind: BlockKind, nodes: list[Span | str]) -> None:
        block = Block.of(kind, nodes)
        if block.text.strip():
            self.blocks.append(block)

    def dropped(self, tag: Tag) -> bool:
        name = tag.name
        if name in SILENT:
            return True
        if name in FORMS:
            self.warn(WARN_FORM)
            return True
        return is_chrome_element(tag)

    def container(self, children: Iterable[PageElement]) -> None:
        run: list[PageElement] = []
        for child in children:
            if self.paywalled:
                return
            if isinstance(child, Tag) and child.name not in INLINE:
                self.paragraph(self.inline(run))
                run = []
                self.block(child)
            else:
                run.append(child)
        self.paragraph(self.inline(run))

    def block(self, tag: Tag) -> None:
        name = tag.name
        if self.paywalled or self.dropped(tag) or read_editor_block(self, tag):
            return
        if name == "hr" or _is_divider(tag):
            self.blocks.append(Block.divider())
        elif name in KICKERS:
            self.emit("kicker", unwrap(self.inline(tag.children), "b"))
        elif name in HEADINGS:
            self.emit("heading", unwrap(self.inline(tag.children), "b"))
        elif name in PARAGRAPHS:
            if any(isinstance(c, Tag) and c.name in BLOCKS for c in tag.children):
                self.container(tag.children)
            else:
                self.paragraph(self.inline(tag.children), alone=name == "p")
        elif name in ("ul", "ol"):
            self.emit("list", [read_list(tag, self.inline)])
        elif name == "pre":
            self.emit("pre", [tag.get_text()])
        elif name == "table":
            self.warn(WARN_TABLE)
            for row in table_rows(tag, self.inline):
                self.emit("paragraph", row)
        elif name == "img":
            self.image(tag)
        else:
            self.container(tag.children)

    def paragraph(self, nodes: list[Span | str], *, alone: bool = False) -> None:
        """Emit a paragraph; one of bold text only, standing alone, is a heading."""
        nodes = trim(nodes)
        if alone and _is_bold_line(nodes):
            block = Block.of("heading", unwrap(nodes, "b"), bold=True)
            if block.has_words:
                self.blocks.append(block)
                return
        self.emit("paragraph", nodes)

    def inline(self, children: Iterable[PageElement]) -> list[Span | str]:
        out: list[Span | str] = []
        after_block = False
        for child in children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString or isinstance(child, CData):
                    if after_block and not child.strip():
                        continue
                    if after_block:
                        _line_break(out)
                        after_block = False
                    out.append(str(child))
                continue
            if not isinstance(child, Tag) or self.dropped(child):
                continue
            name = child.name
            if after_block:
                _line_break(out)
                after_block = False
            if name == "br":
                out.append(Span("br"))
            elif name == "img":
                self.image(child)
            elif name in EMBEDS:
                read_editor_block(self, child)
            elif name in BLOCKS:
                _line_break(out)
                after_block = True
                if name in ("ul", "ol"):
                    out.append(read_list(child, self.inline))
                elif name == "table":
                    self.warn(WARN_TABLE)
                    for row in table_rows(child, self.inline):
                        _line_break(out)
                        out.extend(row)
                elif name in HEADINGS:
                    out.append(Span("b", unwrap(self.inline(child.children), "b")))
                elif name != "hr":
                    out.extend(self.inline(child.children))
            elif name == "a":
                out.extend(self.link(child))
            elif name in KEEP_INLINE:
                out.append(Span(KEEP_INLINE[name], self.inline(child.children)))
            else:
                out.extend(self.inline(child.children))
        return out

    def link(self, tag: Tag) -> list[Span | str]:
        """A link's content as a link; an image-only link is a linked image block.

        A link whose target is a merge tag reads as its text followed by the tag, so the merge
        tag rules see it (a referral sentence goes whole, any other tag leaves the text).
        """
        tag_text = merge_tag_target(tag.get("href"))
        href = None if tag_text else self.href(tag)
        if self.census.one_image(tag) and not squash(tag.get_text()):
            self.image(tag.find("img"), href=href)  # type: ignore[arg-type]
            return []
        inner = self.inline(tag.children)
        if tag_text:
            return [*inner, tag_text]
        return [Span("a", inner, href)] if href else inner

    def image(
        self, tag: Tag, *, href: str | None = None, caption: list[Span | str] | None = None
    ) -> None:
        src = tag.get("src") or tag.get("data-src")
        if isinstance(src, str) and src.strip():
            url = self.resolve(src.strip())
            if url and url.startswith(("http://", "https://")):
                self.blocks.append(Block.image(url, href=href, caption=caption))
                return
        if caption and has_text(caption):
            self.emit("paragraph", caption)

    def href(self, tag: Tag) -> str | None:
        return link_target(tag.get("href"), self.base_url)

    def resolve(self, url: str) -> str | None:
        return resolve(url, self.base_url)


def _line_break(out: list[Span | str]) -> None:
    if out and not (isinstance(out[-1], Span) and out[-1].tag == "br"):
        out.append(Span("br"))


def _is_divider(tag: Tag) -> bool:
    style = tag.get("style")
    if tag.name != "div" or not isinstance(style, str) or "border-" not in style:
        return False
    return not tag.get_text(strip=True) and tag.find("img") is None


def _is_bold_line(nodes: list[Span | str]) -> bool:
    """True for inline content that is bold text only, on one short line."""
    texts = [n for n in nodes if not (isinstance(n, str) and not n.strip())]
    if not texts or not all(isinstance(n, Span) and n.tag == "b" for n in texts):
        return False
    text = text_of(nodes).strip()
    return "\n" not in text and len(text) <= BOLD_HEADING_MAX
