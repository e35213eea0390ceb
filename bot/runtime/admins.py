"""Telling the admins (ADMIN_IDS) something: one text to each, an admin who blocked the bot or
never started a chat with it is skipped."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterable

from telegram import Bot
from telegram.error import TelegramError

from bot.runtime.sending import NO_PREVIEW

Notify = Callable[[str], Awaitable[None]]


def admin_notifier(bot: Bot, admin_ids: Iterable[int]) -> Notify:
    """A `notify(text)` that sends `text` to every admin, quietly skipping refusals."""
    admins = tuple(admin_ids)

    async def notify(text: str) -> None:
        for chat_id in admins:
            with contextlib.suppress(TelegramError):
                await bot.send_message(chat_id, text, link_preview_options=NO_PREVIEW)

    return notify
