"""What the admins hear when a stored issue changed: THE function intake calls after storing.

`announce_change(bot, settings, db, issue_id)` compares what readers have with the stored
issue. Sent (or being sent): the admins get the summary of what changed and, when something can
be edited in place, the „✏️ Korrigieren“ button (its data carries the issue and the version, so
an old button never corrects to a newer version nobody saw). Not sent yet: the issue was simply
replaced; given the `previous` version, the admins get what changed, without a button.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.config import Settings
from bot.corrections import texts
from bot.corrections.proposal import NeverSent, Proposal, propose
from bot.database import Database
from bot.runtime.sending import NO_PREVIEW
from newsletter.diff import diff_issues
from newsletter.german import titled_label
from newsletter.model import Issue
from storage.issues import get_issue, load_issue

log = logging.getLogger(__name__)

CALLBACK_PREFIX = "cor:"
PATTERN = r"^cor:(\d{1,12}):([0-9a-f]{10})$"


class Announcement(StrEnum):
    """What `announce_change` told the admins."""

    OFFER = "offer"  # the summary of a sent issue (with the button if anything is editable)
    CHANGES = "changes"  # what changed in an issue not sent yet
    NOTHING = "nothing"  # nothing readers see changed, or nothing to compare with


def callback_data(proposal: Proposal) -> str:
    """The button's data: `cor:<issue id>:<version key>` (well under Telegram's 64 bytes)."""
    return f"{CALLBACK_PREFIX}{proposal.issue.id}:{proposal.key}"


def offer(proposal: Proposal) -> tuple[str, InlineKeyboardMarkup | None]:
    """The admins' summary of a sent issue and its button (None when nothing is editable)."""
    text = texts.summary(
        proposal.label, proposal.diff, proposal.copies, waits=proposal.waits_for_broadcast
    )
    if not proposal.diff.edits:
        return text, None
    button = InlineKeyboardButton(texts.BUTTON_CORRECT, callback_data=callback_data(proposal))
    return text, InlineKeyboardMarkup.from_button(button)


async def announce_change(
    bot: Bot, settings: Settings, db: Database, issue_id: int, *, previous: Issue | None = None
) -> Announcement:
    """Tell the admins what changed in the stored issue `issue_id` (call it after storing a
    changed issue; `previous` is the version stored before, for an issue not sent yet)."""
    try:
        proposal = await db.run(propose, issue_id=issue_id)
    except NeverSent:
        return await _unsent(bot, settings, db, issue_id, previous)
    if not proposal.diff.changed:
        return Announcement.NOTHING
    text, markup = offer(proposal)
    await _tell(bot, settings, text, markup)
    return Announcement.OFFER


async def _unsent(
    bot: Bot, settings: Settings, db: Database, issue_id: int, previous: Issue | None
) -> Announcement:
    current = await db.run(load_issue, issue_id=issue_id)
    record = await db.run(get_issue, issue_id=issue_id)
    if previous is None or current is None or record is None:
        return Announcement.NOTHING
    diff = diff_issues(previous, current)
    if not diff.changed:
        return Announcement.NOTHING
    await _tell(bot, settings, texts.unsent_changes(titled_label(record), diff))
    return Announcement.CHANGES


async def _tell(
    bot: Bot, settings: Settings, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    for chat_id in settings.admin_ids:
        try:
            await bot.send_message(
                chat_id, text, reply_markup=markup, link_preview_options=NO_PREVIEW
            )
        except TelegramError as exc:
            log.warning("change notice to admin %s failed: %s", chat_id, exc.message)
