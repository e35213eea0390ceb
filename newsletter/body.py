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
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import CData, NavigableString, PageElement, Tag

from newsletter.blocks import Block, BlockKind
from newsletter.chrome import clean_url, is_chrome_element
from newsletter.editor import EMBEDS, paywall_line, read_editor_block
from newsletter.inline import Span, has_text, squash, text_of, trim, unwrap
from newsletter.merge_tags import MERGE_TAG

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KICKERS = frozenset({"h5", "h6"})
_SILENT = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "svg",
     "math", "source", "track", "map", "area", "param", "picture"}
)  # fmt: skip
_FORMS = frozenset({"form", "button", "input", "select", "textarea", "fieldset", "option"})
_PARAGRAPHS = frozenset({"p", "li", "dt", "dd", "figcaption", "caption", "address", "summary"})
_BLOCKS = HEADINGS | _PARAGRAPHS | frozenset(
    {"div", "ul", "ol", "table", "blockquote", "pre", "section", "article", "figure", "hr", "dl",
     "main", "header", "footer", "aside", "nav", "center", "details", "tr", "td", "th", "tbody"}
)  # fmt: skip
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
     "font", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span",
     "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"}
)  # fmt: skip
_KEEP_INLINE = {
    "b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u", "s": "s", "strike": "s",
    "del": "s", "code": "code", "kbd": "code", "samp": "code", "tt": "code",
}  # fmt: skip
_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
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
    reader = _Reader(base_url)
    reader.container(nodes)
    if reader.paywalled:
        reader.blocks.append(paywall_line(clean_url(base_url) if base_url else None))
    return reader.blocks, reader.warnings


class _Reader:
    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
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
        if name in _SILENT:
            return True
        if name in _FORMS:
            self.warn(WARN_FORM)
            return True
        return is_chrome_element(tag)

    def container(self, children: Iterable[PageElement]) -> None:
        run: list[PageElement] = []
        for child in children:
            if self.paywalled:
                return
            if isinstance(child, Tag) and child.name not in _INLINE:
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
        elif name in _KICKERS:
            self.emit("kicker", unwrap(self.inline(tag.children), "b"))
        elif name in HEADINGS:
            self.emit("heading", unwrap(self.inline(tag.children), "b"))
        elif name in _PARAGRAPHS:
            if any(isinstance(c, Tag) and c.name in _BLOCKS for c in tag.children):
                self.container(tag.children)
            else:
                self.paragraph(self.inline(tag.children), alone=name == "p")
        elif name in ("ul", "ol"):
            self.emit("list", [self.read_list(tag)])
        elif name == "pre":
            self.emit("pre", [tag.get_text()])
        elif name == "table":
            self.warn(WARN_TABLE)
            for row in self.table_rows(tag):
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
            elif name in _BLOCKS:
                _line_break(out)
                after_block = True
                if name in ("ul", "ol"):
                    out.append(self.read_list(child))
                elif name == "table":
                    self.warn(WARN_TABLE)
                    for row in self.table_rows(child):
                        _line_break(out)
                        out.extend(row)
                elif name in HEADINGS:
                    out.append(Span("b", unwrap(self.inline(child.children), "b")))
                elif name != "hr":
                    out.extend(self.inline(child.children))
            elif name == "a":
                out.extend(self.link(child))
            elif name in _KEEP_INLINE:
                out.append(Span(_KEEP_INLINE[name], self.inline(child.children)))
            else:
                out.extend(self.inline(child.children))
        return out

    def link(self, tag: Tag) -> list[Span | str]:
        """A link's content as a link; an image-only link is a linked image block.

        A link whose target is a merge tag reads as its text followed by the tag, so the merge
        tag rules see it (a referral sentence goes whole, any other tag leaves the text).
        """
        raw = tag.get("href")
        tag_text = MERGE_TAG.search(unquote(raw)) if isinstance(raw, str) else None
        href = None if tag_text else self.href(tag)
        images = tag.find_all("img")
        if len(images) == 1 and not squash(tag.get_text()):
            self.image(images[0], href=href)
            return []
        inner = self.inline(tag.children)
        if tag_text:
            return [*inner, tag_text.group()]
        return [Span("a", inner, href)] if href else inner

    def read_list(self, tag: Tag) -> Span:
        items: list[Span | str] = []
        stray: list[PageElement] = []
        for child in tag.children:
            if isinstance(child, Tag) and child.name in ("li", "ul", "ol"):
                if stray:
                    items.append(Span("li", trim(self.inline(stray))))
                    stray = []
                if child.name == "li":
                    items.append(Span("li", trim(self.inline(child.children))))
                elif items and isinstance(items[-1], Span):
                    items[-1].children.append(self.read_list(child))
                else:
                    items.append(Span("li", [self.read_list(child)]))
            else:
                stray.append(child)
        if stray:
            items.append(Span("li", trim(self.inline(stray))))
        return Span("ol" if tag.name == "ol" else "ul", [i for i in items if has_text([i])])

    def table_rows(self, table: Tag) -> list[list[Span | str]]:
        rows: list[list[Span | str]] = []
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue
            row: list[Span | str] = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                nodes = trim(self.inline(cell.children))
                if nodes:
                    row.extend([" | ", *nodes] if row else nodes)
            if row:
                rows.append(row)
        return rows

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
        raw = tag.get("href")
        if not isinstance(raw, str) or not raw.strip() or raw.strip().startswith("#"):
            return None
        url = self.resolve(raw.strip())
        return clean_url(url) if url else None

    def resolve(self, url: str) -> str | None:
        if url.startswith("//"):
            url = "https:" + url
        if not urlsplit(url).scheme and self.base_url:
            url = urljoin(self.base_url, url)
        return url if urlsplit(url).scheme.lower() in _SCHEMES else None


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
