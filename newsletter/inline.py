"""A tiny inline-content tree: what a block of the post is made of once the source HTML is read.

A node is either text (`str`) or a `Span`: a kept inline element (`b`, `i`, `u`, `s`, `code`,
`a` with a clean `href`, `br`) or a list element (`ul`, `ol`, `li`). Everything else of the source
(classes, styles, ids, `span`, `font`, …) is gone. The tree knows its text, can cut a range of
that text out (for sentence-level chrome rules) and writes itself back as clean HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Span:
    """A kept element: its tag, its children, and for `a` the cleaned target."""

    tag: str
    children: list[Span | str] = field(default_factory=list)
    href: str | None = None


def squash(text: str) -> str:
    """Collapse all whitespace (non-breaking spaces and newlines included) to single spaces."""
    return _SPACE.sub(" ", text).strip()


def text_of(nodes: list[Span | str]) -> str:
    """Return the text of `nodes`; a `br` is a newline, and each list item starts with one."""
    parts: list[str] = []
    _collect(nodes, parts)
    return "".join(parts)


def _collect(nodes: list[Span | str], parts: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node.tag == "br":
            parts.append("\n")
        else:
            if node.tag == "li":
                parts.append("\n")
            _collect(node.children, parts)


def cut(nodes: list[Span | str], start: int, end: int) -> list[Span | str]:
    """Return `nodes` without the text range [start, end) of `text_of(nodes)`.

    Elements left without text (a link whose words were all cut) disappear; `br` inside the
    range disappears with it.
    """
    result, _ = _cut(nodes, start, end, 0)
    return result


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort text ranges and merge the ones that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    return merged


def _cut(nodes: list[Span | str], start: int, end: int, pos: int) -> tuple[list[Span | str], int]:
    kept: list[Span | str] = []
    for node in nodes:
        if isinstance(node, str):
            lo, hi = pos, pos + len(node)
            pos = hi
            if hi <= start or lo >= end:
                kept.append(node)
                continue
            rest = node[: max(0, start - lo)] + node[max(0, end - lo) :]
            if rest:
                kept.append(rest)
            continue
        if node.tag == "br":
            pos += 1
            if not start <= pos - 1 < end:
                kept.append(node)
            continue
        if node.tag == "li":
            pos += 1
        children, pos = _cut(node.children, start, end, pos)
        if has_text(children):
            kept.append(Span(node.tag, children, node.href))
        elif rest := text_of(children):
            kept.append(rest)  # only whitespace is left: keep it, drop the element
    return kept, pos


def has_text(nodes: list[Span | str]) -> bool:
    """True if any text in `nodes`, at any depth, is more than whitespace."""
    return any(
        (node.strip() if isinstance(node, str) else has_text(node.children)) for node in nodes
    )


def trim(nodes: list[Span | str]) -> list[Span | str]:
    """Drop leading and trailing whitespace and line breaks (only at the top level)."""
    nodes = list(nodes)
    while nodes and (_is_break(nodes[0]) or (isinstance(nodes[0], str) and not nodes[0].strip())):
        nodes.pop(0)
    while nodes and (
        _is_break(nodes[-1]) or (isinstance(nodes[-1], str) and not nodes[-1].strip())
    ):
        nodes.pop()
    if nodes and isinstance(nodes[0], str):
        nodes[0] = nodes[0].lstrip()
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] = nodes[-1].rstrip()
    return nodes


def _is_break(node: Span | str) -> bool:
    return isinstance(node, Span) and node.tag == "br"


def to_html(nodes: list[Span | str]) -> str:
    """Write `nodes` as HTML: escaped text, kept tags without attributes except `a href`."""
    out: list[str] = []
    _write(nodes, out)
    return "".join(out)


def _write(nodes: list[Span | str], out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            out.append(html.escape(node, quote=False))
        elif node.tag == "br":
            out.append("<br>")
        else:
            if node.tag == "a" and node.href:
                out.append(f'<a href="{html.escape(node.href, quote=True)}">')
            else:
                out.append(f"<{node.tag}>")
            _write(node.children, out)
            out.append(f"</{node.tag}>")


def unwrap(nodes: list[Span | str], tag: str) -> list[Span | str]:
    """Return `nodes` with every `tag` element replaced by its children, at any depth."""
    out: list[Span | str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.tag == tag:
            out.extend(unwrap(node.children, tag))
        else:
            out.append(Span(node.tag, unwrap(node.children, tag), node.href))
    return out
