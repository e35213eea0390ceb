"""What an inline answer shows and sends: a title and a line for each result, and the message
a chosen result puts into the chat (the section with the issue's name above it, or a company's
earnings date on the sharer's clock)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from bot.readers.sharing import SharedEarnings, SharedSection
from handlers.formatting.archive import label
from handlers.formatting.earnings import company_answer, report_time
from newsletter.entities import Styled, concat
from newsletter.limits import TEXT_LIMITS
from newsletter.model import Message

BUTTON_LINK = "📬 Doppelgänger Update in Telegram"
NEWSLETTER = "Doppelgänger Update"
DESCRIPTION_CHARS = 120


class Article(NamedTuple):
    """One inline result: its title, the line under it, and the message it sends."""

    title: str
    description: str
    message: Message


def section_article(item: SharedSection) -> Article:
    """A section: "📰 News der Woche", "KW 6/2025 · <its first line>", the section's first
    message under the issue's name (the message alone if that would be too long)."""
    issue = label(item.issue)
    description = " · ".join(part for part in (issue, first_line(item)) if part)
    head = concat([Styled(f"{NEWSLETTER} · {issue}").wrapped("bold"), "\n\n"])
    styled = concat([head, Styled(item.message.text, item.message.entities)])
    message = Message(styled.text, styled.entities) if styled.fits(TEXT_LIMITS) else item.message
    return Article(item.label, _cut(description), message)


def earnings_article(item: SharedEarnings, zone: dt.tzinfo) -> Article:
    """A company's earnings date: "📅 Palantir", when it reports, and that as the message."""
    newest = item.hits[0]
    text = company_answer(item.company, item.hits, zone)
    text += f"\n\n🕐 Uhrzeiten für {getattr(zone, 'key', str(zone))}"
    when = report_time(newest.date, newest.timing, zone)
    return Article(f"📅 {item.company}", _cut(when), Message(text))


def first_line(item: SharedSection) -> str:
    """The section's first line of text that is not its title."""
    title = " ".join(item.title.split())
    for line in item.message.text.splitlines():
        line = " ".join(line.split())
        if line and line != title:
            return line
    return ""


def _cut(text: str) -> str:
    return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1] + "…"
