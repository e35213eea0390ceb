"""Telegram's `my_chat_member` updates: a reader blocks the bot (or unblocks it).

Blocking ("kicked") marks the reader blocked at once, so the next broadcast skips them without
trying. Unblocking ("member") changes nothing by itself: the reader presses Start, and /start
gives them back what they had when they blocked (an active subscription included).
"""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.readers.subscription import block_chat

GONE = (ChatMember.BANNED, ChatMember.LEFT)  # "kicked": blocked; "left": removed from a group


async def my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot's membership in a chat changed: note a block."""
    change = update.my_chat_member
    if change is None or change.new_chat_member.status not in GONE:
        return
    await deps_of(context).db.run(block_chat, chat_id=change.chat.id)
