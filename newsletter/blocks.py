"""A block of the post body: a heading, paragraph, list, quote, preformatted text, image or break.

Blocks are what the section cutter works on and what a `RawSection.html` is written from: every
block writes itself as one self-contained HTML element (`<h2>`, `<p>`, `<ul>`/`<ol>`,
`<blockquote>`, `<pre>`); images and breaks write nothing (an image's URL goes to the section).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Literal

from newsletter.inline import Span, cut, merge_spans, squash, text_of, to_html, trim

BlockKind = Literal["heading", "paragraph", "list", "quote", "pre", "image", "break"]
TEXT_KINDS: frozenset[str] = frozenset({"heading", "paragraph", "list", "quote", "pre"})


@dataclass(frozen=True, slots=True)
class Block:
    """One block: its kind, its inline content (`nodes`), its text, and `src` for an image."""

    kind: BlockKind
    nodes: tuple[Span | str, ...] = ()
    src: str | None = None
    text: str = field(default="", compare=False)

    @classmethod
    def of(cls, kind: BlockKind, nodes: list[Span | str]) -> Block:
        """Build a text block from inline nodes, trimmed, with its text computed once."""
        kept = trim(nodes)
        return cls(kind, tuple(kept), None, text_of(kept))

    @classmethod
    def image(cls, src: str) -> Block:
        """An image block: only its URL is kept."""
        return cls("image", (), src, "")

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
        return Block.of(self.kind, nodes)

    def to_html(self) -> str:
        """Write the block as one HTML element; image and break blocks write nothing."""
        inner = to_html(list(self.nodes))
        match self.kind:
            case "heading":
                return f"<h2>{inner}</h2>"
            case "paragraph":
                return f"<p>{inner}</p>"
            case "list":
                return inner
            case "quote":
                return f"<blockquote><p>{inner}</p></blockquote>"
            case "pre":
                return f"<pre>{html.escape(self.text, quote=False)}</pre>"
            case _:
                return ""
