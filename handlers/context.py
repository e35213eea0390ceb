"""What handlers read from an update and the application: the reader's (or group's) profile,
the forum topic an update is in, the local date and time, how they read issues and when the
next issue reaches them."""

from __future__ import annotations

import datetime as dt
import re

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.deps import Deps
from bot.readers.preferences import Reading, reader_settings, reading_of
from bot.readers.subscription import Profile
from bot.readers.zones import chat_zone
from handlers.formatting.settings import next_delivery


def match_of(context: ContextTypes.DEFAULT_TYPE) -> re.Match[str]:
    """The match of the pattern that chose this handler (a button's data, a link)."""
    assert context.matches, "a pattern handler always has a match"
    return context.matches[0]


def profile_of(update: Update) -> Profile:
    """Return the sender's first name, username and language as Telegram gave them; in a
    group the group's title, username and kind (the group is the chat that subscribes)."""
    chat = update.effective_chat
    if chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        return Profile(chat.title, chat.username, None, chat.type)
    user = update.effective_user
    if user is None:
        return Profile()
    return Profile(user.first_name, user.username, user.language_code)


def thread_of(update: Update) -> int | None:
    """The forum topic the update's message is in (a command, or the message under a pressed
    button), None outside a forum topic (General has none)."""
    message = update.effective_message
    if message is None or not message.is_topic_message:
        return None
    return message.message_thread_id


def chat_id_of(update: Update) -> int:
    """Return the id of the update's chat (reader handlers only run where there is one)."""
    chat = update.effective_chat
    assert chat is not None
    return chat.id


def local_now(deps: Deps, zone: dt.tzinfo | None = None) -> dt.datetime:
    """Return the current time in `zone` (default: the configured time zone)."""
    return deps.clock().astimezone(zone or deps.settings.tz)


async def reader_zone_of(deps: Deps, update: Update) -> dt.tzinfo:
    """Return the zone the update's reader sees times in (`bot.readers.zones.reader_zone`)."""
    return await deps.db.run(chat_zone, chat_id=chat_id_of(update), settings=deps.settings)


async def next_delivery_label(deps: Deps, update: Update) -> str:
    """Return when the update's reader gets the next issue, at their own time in their own zone
    ("Montag, 9. Februar, 07:45 Uhr"), or "sobald sie erscheint" for `/settings zeit sofort`."""
    reader = await deps.db.run(
        reader_settings, chat_id=chat_id_of(update), settings=deps.settings, now=deps.clock()
    )
    return next_delivery(reader)


async def reading_of_update(deps: Deps, update: Update) -> Reading:
    """Return how the update's reader reads issues: format, sections, zone."""
    return await deps.db.run(reading_of, chat_id=chat_id_of(update), settings=deps.settings)


def sender_is_admin(update: Update, deps: Deps) -> bool:
    """Whether the update's sender is in ADMIN_IDS."""
    user = update.effective_user
    return deps.is_admin(user.id if user else None)
