"""The compact issue as Telegram gets it: the message of `newsletter.compact` and a keyboard with
one button per section, whose data (`sec:<issue id>:<section position>`) the section button
handler answers with that section (any issue, also weeks later). The broadcast and /latest
build it here, so both send the same keyboard."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from newsletter.compact import compact_view
from newsletter.model import Issue, Message


def section_data(issue_id: int, position: int) -> str:
    """The data of a button that sends one section of an issue (well under 64 bytes)."""
    return f"sec:{issue_id}:{position}"


def compact_message(issue: Issue, issue_id: int) -> tuple[Message, InlineKeyboardMarkup]:
    """The compact message of `issue` (stored as `issue_id`) and its section buttons, one per
    row."""
    view = compact_view(issue)
    rows = [
        [InlineKeyboardButton(label, callback_data=section_data(issue_id, position))]
        for label, position in view.buttons
    ]
    return view.message, InlineKeyboardMarkup(rows)
