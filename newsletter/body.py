"""Reading a post body (a bs4 element) into a flat list of `Block`s.

Wrapper `div`s are looked through; headings, paragraphs, lists, quotes and `pre` become blocks;
loose text between them (broken nesting) becomes a paragraph, so no text is lost. Scripts,
styles, forms, buttons and embeds are dropped (forms and embeds with a warning), tables are
flattened into one paragraph per row with cells joined by " | " (with a warning), `hr` and
border-top dividers become breaks, images become image blocks. Chrome element rules apply here.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from bs4 import CData, NavigableString, PageElement, Tag

from newsletter.blocks import Block, BlockKind
from newsletter.chrome import clean_url, is_chrome_element
from newsletter.inline import Span, has_text, trim

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SILENT = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "svg",
     "math", "source", "track", "map", "area", "param", "picture"}
)  # fmt: skip
_FORMS = frozenset({"form", "button", "input", "select", "textarea", "fieldset", "option"})
_EMBEDS = frozenset({"iframe", "object", "embed", "video", "audio", "canvas", "frame", "frameset"})
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

WARN_FORM = "Formular oder Schaltfläche im Beitrag entfernt."
WARN_EMBED = "Eingebetteter Inhalt (iframe, Video o. Ä.) im Beitrag entfernt."
WARN_TABLE = "Tabelle in Absätze umgewandelt (eine Zeile je Absatz, Zellen mit „ | “ getrennt)."


def read_blocks(
    nodes: Iterable[PageElement], *, base_url: str | None = None
) -> tuple[list[Block], list[str]]:
    """Return the blocks of the post body `nodes` in order, and the warnings reading them raised."""
    reader = _Reader(base_url)
    reader.container(nodes)
    return reader.blocks, reader.warnings


class _Reader:
    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.warnings: list[str] = []

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
        if name in _EMBEDS:
            self.warn(WARN_EMBED)
            return True
        return is_chrome_element(tag)

    def container(self, children: Iterable[PageElement]) -> None:
        run: list[PageElement] = []
        for child in children:
            if isinstance(child, Tag) and child.name not in _INLINE:
                self.emit("paragraph", self.inline(run))
                run = []
                self.block(child)
            else:
                run.append(child)
        self.emit("paragraph", self.inline(run))

    def block(self, tag: Tag) -> None:
        name = tag.name
        if self.dropped(tag):
            return
        if name == "hr" or _is_divider(tag):
            self.blocks.append(Block.divider())
        elif name in HEADINGS:
            self.emit("heading", self.inline(tag.children))
        elif name in _PARAGRAPHS:
            if any(isinstance(c, Tag) and c.name in _BLOCKS for c in tag.children):
                self.container(tag.children)
            else:
                self.emit("paragraph", self.inline(tag.children))
        elif name in ("ul", "ol"):
            self.emit("list", [self.read_list(tag)])
        elif name == "blockquote":
            self.emit("quote", self.inline(tag.children))
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
                elif name != "hr":
                    out.extend(self.inline(child.children))
            elif name == "a":
                inner = self.inline(child.children)
                href = self.href(child)
                if href:
                    out.append(Span("a", inner, href))
                else:
                    out.extend(inner)
            elif name in _KEEP_INLINE:
                out.append(Span(_KEEP_INLINE[name], self.inline(child.children)))
            else:
                out.extend(self.inline(child.children))
        return out

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

    def image(self, tag: Tag) -> None:
        src = tag.get("src") or tag.get("data-src")
        if isinstance(src, str) and src.strip():
            url = self.resolve(src.strip())
            if url and url.startswith(("http://", "https://")):
                self.blocks.append(Block.image(url))

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
