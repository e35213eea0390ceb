"""The earnings section with the reader's clock times: "PayPal (BMO)" becomes
"PayPal (vor US-Börsenstart, 15:30)".

The stored issue keeps the publisher's text (the archive and search see that); this rewrites a
copy at send time. Only day lines whose date is in the issue's earnings rows are touched, and in
them only the parenthesised timings (every spelling `read_timing` knows: "(BMO)", "(AMC)",
"(Pre-Market)", …). Entities move with the text (UTF-16 units).

A localised message never needs a second message: the long form is used when it fits Telegram's
limit, else the short form "(BMO 15:30)", else the message stays as stored. So the number of
messages, and with it the broadcast's message indices, never changes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from newsletter.earnings import parse_earnings
from newsletter.earnings_timing import read_timing
from newsletter.entities import Styled, substitute
from newsletter.limits import CAPTION_LIMITS, TEXT_LIMITS
from newsletter.market_clock import TIMING_WORDS, clock_label
from newsletter.model import EarningsRow, Message

_LINE = re.compile(r"[^\n]+")
_GROUP = re.compile(r"[(\[]\s*([^()\[\]\n]*?)\s*[)\]]")


def long_timing(timing: str, label: str) -> str:
    """Return the section's wording: "(vor US-Börsenstart, 15:30)"."""
    return f"({TIMING_WORDS[timing]}, {label})"


def short_timing(timing: str, label: str) -> str:
    """Return the compact wording when the long one does not fit: "(BMO 15:30)"."""
    return f"({timing} {label})"


FORMS = (long_timing, short_timing)


def localize_earnings(
    messages: Sequence[Message], rows: Sequence[EarningsRow], zone: dt.tzinfo
) -> list[Message]:
    """Return the earnings section's `messages` with clock times in `zone`, one for one.

    `rows` are the issue's earnings rows; they give each day line its full date (the text has
    no year). Every returned message is within Telegram's limits if its original was.
    """
    days = {row.date for row in rows}
    return [_localize(message, days, zone) for message in messages]


def _localize(message: Message, days: set[dt.date], zone: dt.tzinfo) -> Message:
    limits = CAPTION_LIMITS if message.photo else TEXT_LIMITS
    found = _timings(message.text, days, zone)
    if not found:
        return message
    original = Styled(message.text, message.entities)
    for form in FORMS:
        edits = [(start, end, form(timing, label)) for start, end, timing, label in found]
        styled = substitute(original, edits)
        if styled.fits(limits):
            return Message(styled.text, styled.entities, message.photo)
    return message


def _timings(text: str, days: set[dt.date], zone: dt.tzinfo) -> list[tuple[int, int, str, str]]:
    """Return (start, end, timing, clock label) of every timing group on a day line whose date
    (read by the earnings parser, the year from the rows) is one of `days`."""
    found: list[tuple[int, int, str, str]] = []
    near = min(days, default=None)
    for line in _LINE.finditer(text):
        listed = parse_earnings(line[0], issue_date=near)[0] if near else []
        date = listed[0].date if listed else None
        if date not in days:
            continue
        for group in _GROUP.finditer(line[0]):
            timing = read_timing(group[1])
            label = clock_label(date, timing, zone) if timing else None
            if timing and label:
                found.append(
                    (line.start() + group.start(), line.start() + group.end(), timing, label)
                )
    return found
