"""The compact issue as Telegram gets it: the message of `newsletter.compact` with a keyboard of
one button per section, the same for /latest, /archive and the broadcast.

A section button's data is `sec:<issue id>:<position>:<check>` (the format of every section
button, see `handlers.callbacks`). `check` is four hex digits of the section's button label:
when an issue is replaced under the same id and its sections move, the handler finds the
section the reader saw by its check, or says it is gone, instead of sending another section.
Older buttons (search hits, earnings mentions) carry no check.
"""

from __future__ import annotations

import hashlib

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from newsletter.compact import CompactView, compact_view
from newsletter.model import Issue, Message

SECTION_PATTERN = r"^sec:(\d{1,12}):(\d{1,4})(?::([0-9a-f]{4}))?$"


def section_check(label: str) -> str:
    """Four hex digits that tell a section's button label from another's."""
    return hashlib.blake2s(label.encode(), digest_size=2).hexdigest()


def section_data(issue_id: int, position: int, label: str | None = None) -> str:
    """Data of a button that sends one section of an issue; with the `label` shown on the
    button, the data carries its check (at most 26 bytes)."""
    data = f"sec:{issue_id}:{position}"
    return data if label is None else f"{data}:{section_check(label)}"


def compact_markup(issue_id: int, view: CompactView) -> InlineKeyboardMarkup:
    """The compact message's keyboard: one button per section and row, in the issue's order."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=section_data(issue_id, position, label))]
            for label, position in view.buttons
        ]
    )


def compact_message(issue: Issue, issue_id: int) -> tuple[Message, InlineKeyboardMarkup]:
    """The compact message of `issue` (stored as `issue_id`) and its keyboard, as the broadcast
    and /latest send it."""
    view = compact_view(issue)
    return view.message, compact_markup(issue_id, view)
