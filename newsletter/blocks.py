"""A block of the post body: a heading, paragraph, list, quote, preformatted text, image or break.

Blocks are what the section cutter works on and what a `RawSection.html` is written from: every
block writes itself as self-contained HTML elements (`<h2>`, `<p>`, `<ul>`/`<ol>`,
`<blockquote>`, `<pre>`); breaks write nothing. A kicker (a small `h5`/`h6` label) is a bold
line. An image keeps its URL, the link around it and its caption: as the section's photo it
writes only its caption and link; anywhere else it writes a "🖼️ Bild" line linking to the image,
with the caption under it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from newsletter.inline import Span, cut, merge_spans, squash, text_of, to_html, trim

BlockKind = Literal["heading", "kicker", "paragraph", "list", "quote", "pre", "image", "break"]
TEXT_KINDS: frozenset[str] = frozenset(
    {"heading", "kicker", "paragraph", "list", "quote", "pre", "image"}
)
IMAGE_MARK = "🖼️"
LINK_MARK = "🔗"


@dataclass(frozen=True, slots=True)
class Block:
    """One block: its kind, its inline content (`nodes`), its text, and for an image its URL
    (`src`), the link around it (`href`) and its caption (`nodes`).

    `bold` marks a heading that was a paragraph of bold text only (a section heading unless
    it stands in the earnings list, where it is a day label).
    """

    kind: BlockKind
    nodes: tuple[Span | str, ...] = ()
    src: str | None = None
    text: str = field(default="", compare=False)
    href: str | None = None
    bold: bool = False

    @classmethod
    def of(cls, kind: BlockKind, nodes: list[Span | str], *, bold: bool = False) -> Block:
        """Build a text block from inline nodes, trimmed, with its text computed once."""
        kept = trim(nodes)
        return cls(kind, tuple(kept), None, text_of(kept), bold=bold)

    @classmethod
    def image(
        cls, src: str, *, href: str | None = None, caption: list[Span | str] | None = None
    ) -> Block:
        """An image block: its URL, the link around it and its caption."""
        kept = trim(caption or [])
        return cls("image", tuple(kept), src, text_of(kept), href)

    @classmethod
    def divider(cls) -> Block:
        """A break between parts of the post (`hr`, a border-top divider): never content."""
        return cls("break")

    @property
    def has_words(self) -> bool:
        """True if the block has a letter or digit (a lone emoji or punctuation has none)."""
        return any(ch.isalnum() for ch in self.text)

    @property
    def plain(self) -> str:
        """The block's text with whitespace collapsed."""
        return squash(self.text)

    def without(self, spans: list[tuple[int, int]]) -> Block:
        """Return this block with the text ranges `spans` (any order, may overlap) cut out."""
        nodes = list(self.nodes)
        for start, end in reversed(merge_spans(spans)):
            nodes = cut(nodes, start, end)
        if self.kind == "image":
            return Block.image(self.src or "", href=self.href, caption=nodes)
        return Block.of(self.kind, nodes, bold=self.bold)

    def as_paragraph(self) -> Block:
        """The same content as a paragraph (a bold heading in the earnings list: a day label)."""
        nodes: list[Span | str] = [Span("b", list(self.nodes))] if self.bold else list(self.nodes)
        return Block.of("paragraph", nodes)

    def to_html(self, *, photo: bool = False) -> str:
        """Write the block as HTML; a break writes nothing, an image its line (unless it is the
        section's `photo`), its caption and its link.
        """
        inner = to_html(list(self.nodes))
        match self.kind:
            case "heading":
                return f"<h2>{inner}</h2>"
            case "kicker":
                return f"<p><b>{inner}</b></p>"
            case "paragraph":
                return f"<p>{inner}</p>"
            case "image":
                return self._image_html(inner, photo=photo)
            case "list":
                return inner
            case "quote":
                return f"<blockquote><p>{inner}</p></blockquote>"
            case "pre":
                return f"<pre>{html.escape(self.text, quote=False)}</pre>"
            case _:
                return ""

    def _image_html(self, caption: str, *, photo: bool) -> str:
        lines = [] if photo else [f'{IMAGE_MARK} <a href="{html.escape(self.src or "")}">Bild</a>']
        lines += [caption] if caption else []
        out = f"<p>{'<br>'.join(lines)}</p>" if lines else ""
        if self.href:
            host = urlsplit(self.href).netloc.removeprefix("www.") or self.href
            link = f'<a href="{html.escape(self.href)}">{html.escape(host, quote=False)}</a>'
            out += f"<p>{LINK_MARK} {link}</p>"
        return out
