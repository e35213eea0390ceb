"""CHANNEL_ID: the publisher's channel gets every broadcast once, recorded like a reader.

`ensure_channel` asks Telegram who the channel is (`@name` or `-100…`) and whether the bot may
post there (administrator with "post messages"), and records it (`storage.channels`): active when
it may, so the broadcast sends and records it like a reader and corrections edit it; not active
when it may not, so the readers still get the issue. It runs at start-up and when a broadcast
starts; a problem is returned as a German line for the admins.

The check is optional: whatever it raises (a `TypeError` when PTB cannot read Telegram's
`getChat` answer, a database error) never keeps the issue from the readers. `channel_notice`
is what both callers use: the check contained, and the admins' notice once a day per problem
(`storage.notices`), however many instances and broadcasts meet it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from telegram import Bot
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot.broadcast import texts
from bot.config import Settings
from bot.database import Database
from bot.runtime.containment import describe, optional
from storage.channels import upsert_channel
from storage.notices import note_once
from storage.tables.timestamps import utcnow

log = logging.getLogger(__name__)

UNREADABLE = "Telegrams Antwort auf die Prüfung (getChat) ließ sich nicht lesen."


async def ensure_channel(bot: Bot, settings: Settings, db: Database) -> str | None:
    """Check and record CHANNEL_ID; return why the bot cannot post there, or None."""
    if settings.channel_id is None:
        return None
    try:
        chat = await bot.get_chat(settings.channel_id)
        if chat.type != ChatType.CHANNEL:
            return "Das ist kein Kanal, sondern eine Gruppe oder ein privater Chat."
        member = await bot.get_chat_member(chat.id, bot.id)
    except TelegramError as exc:
        log.warning("channel check failed: %s", exc.message)
        if settings.channel_id.lstrip("-").isdigit():
            await db.run(
                upsert_channel, chat_id=int(settings.channel_id), title=None, can_post=False
            )
        return f"Telegram sagt: {exc.message}"
    except Exception as exc:  # an answer PTB cannot read: the stored state stays as it was
        log.warning("channel check failed: %s", describe(exc))
        return UNREADABLE
    can_post = member.status == ChatMemberStatus.OWNER or (
        member.status == ChatMemberStatus.ADMINISTRATOR
        and bool(getattr(member, "can_post_messages", False))
    )
    await db.run(upsert_channel, chat_id=chat.id, title=chat.title, can_post=can_post)
    if can_post:
        return None
    return "Ich bin dort kein Admin mit dem Recht, Nachrichten zu senden."


async def channel_notice(
    bot: Bot, settings: Settings, db: Database, *, now: dt.datetime | None = None
) -> str | None:
    """Check CHANNEL_ID (contained: any failure is a problem, never an exception); return the
    admins' notice of its problem, or None when there is none or they had it today."""
    channel = settings.channel_id
    problem = await optional("channel check", ensure_channel(bot, settings, db))
    if channel is None or problem is None:
        return None
    notice = (
        texts.channel_unchecked(channel, problem)
        if problem == UNREADABLE
        else texts.channel_problem(channel, problem)
    )
    day = (now or utcnow()).date().isoformat()
    digest = hashlib.sha256(f"{channel}|{problem}".encode()).hexdigest()[:16]
    first = await optional("channel notice", db.run(note_once, key=f"channel:{digest}:{day}"))
    return notice if first else None
