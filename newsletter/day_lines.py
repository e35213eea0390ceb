"""The earnings days as a list, whichever way the source wrote them.

The feed writes the earnings section as a list, one day per item; the web page writes the same
days as one paragraph, a `<br>` between the lines. `day_lines_as_list` turns such a paragraph into
the list form, so the two render as the same bullet lines in Telegram and the same Markdown list.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PageElement

from newsletter.german_dates import parse_weekday


def day_lines_as_list(html: str) -> str:
    """Write every paragraph of two or more `<br>`-separated day lines as a list, a line an item.

    The web page writes the earnings days as one such paragraph ("Montag 3. Februar: …<br>
    Dienstag …"), the feed as a list: both then render as the same bullet lines and Markdown.
    A line is a day line when it starts with a weekday or a digit.
    """
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for paragraph in soup.find_all("p", recursive=False):
        lines = _lines(paragraph)
        if len(lines) < 2 or not all(_is_day_line(line) for line in lines):
            continue
        listing = soup.new_tag("ul")
        for line in lines:
            item = soup.new_tag("li")
            item.extend([node.extract() for node in line])
            _strip_ends(item)
            listing.append(item)
        paragraph.replace_with(listing)
        changed = True
    return str(soup) if changed else html


def _lines(paragraph: Tag) -> list[list[PageElement]]:
    """The paragraph's children cut at each `<br>`; lines without text are left out."""
    lines: list[list[PageElement]] = [[]]
    for node in list(paragraph.children):
        if isinstance(node, Tag) and node.name == "br":
            lines.append([])
        else:
            lines[-1].append(node)
    return [line for line in lines if "".join(_text(node) for node in line).strip()]


def _strip_ends(item: Tag) -> None:
    """Strip the whitespace a line starts or ends with (around a `<br>`) off its text nodes."""
    if isinstance(first := item.contents[0], NavigableString):
        first.replace_with(first.lstrip())
    if isinstance(last := item.contents[-1], NavigableString):
        last.replace_with(last.rstrip())


def _is_day_line(line: list[PageElement]) -> bool:
    words = "".join(_text(node) for node in line).split()
    first = words[0].strip("*•-–:,.") if words else ""
    return bool(first) and (first[0].isdigit() or parse_weekday(first) is not None)


def _text(node: PageElement) -> str:
    return node.get_text() if isinstance(node, Tag) else str(node)
