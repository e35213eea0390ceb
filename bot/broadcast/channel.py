"""CHANNEL_ID: the publisher's channel gets every broadcast once, recorded like a reader.

`ensure_channel` asks Telegram who the channel is (`@name` or `-100…`) and whether the bot may
post there (administrator with "post messages"), and records it (`storage.channels`): active when
it may, so the broadcast sends and records it like a reader and corrections edit it; not active
when it may not, so the readers still get the issue. It runs at start-up and when a broadcast
starts; a problem is returned as a German line for the admins.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot.config import Settings
from bot.database import Database
from storage.channels import upsert_channel

log = logging.getLogger(__name__)


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
    can_post = member.status == ChatMemberStatus.OWNER or (
        member.status == ChatMemberStatus.ADMINISTRATOR
        and bool(getattr(member, "can_post_messages", False))
    )
    await db.run(upsert_channel, chat_id=chat.id, title=chat.title, can_post=can_post)
    if can_post:
        return None
    return "Ich bin dort kein Admin mit dem Recht, Nachrichten zu senden."
