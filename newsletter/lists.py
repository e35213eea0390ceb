"""Lists and tables, the two structures the body reader flattens into lines.

A list becomes a `ul`/`ol` span of `li` items (a nested list hangs in the item before it; loose
text between items is an item of its own); a table becomes one row of inline content per `tr`,
its cells joined by " | " (rows of nested tables belong to those tables).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bs4 import Tag
from bs4.element import PageElement

from newsletter.inline import Span, has_text, trim

Inline = Callable[[Iterable[PageElement]], list[Span | str]]


def read_list(tag: Tag, inline: Inline) -> Span:
    """The list `tag` as a `ul`/`ol` span of its non-empty items, read by `inline`."""
    items: list[Span | str] = []
    stray: list[PageElement] = []
    for child in tag.children:
        if isinstance(child, Tag) and child.name in ("li", "ul", "ol"):
            if stray:
                items.append(Span("li", trim(inline(stray))))
                stray = []
            if child.name == "li":
                items.append(Span("li", trim(inline(child.children))))
            elif items and isinstance(items[-1], Span):
                items[-1].children.append(read_list(child, inline))
            else:
                items.append(Span("li", [read_list(child, inline)]))
        else:
            stray.append(child)
    if stray:
        items.append(Span("li", trim(inline(stray))))
    return Span("ol" if tag.name == "ol" else "ul", [i for i in items if has_text([i])])


def table_rows(table: Tag, inline: Inline) -> list[list[Span | str]]:
    """The rows of `table` that have text, each its cells' content joined by " | "."""
    rows: list[list[Span | str]] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        row: list[Span | str] = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            nodes = trim(inline(cell.children))
            if nodes:
                row.extend([" | ", *nodes] if row else nodes)
        if row:
            rows.append(row)
    return rows
