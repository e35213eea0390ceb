"""Telegram's `my_chat_member` updates: a reader blocks the bot (or unblocks it); a group adds
or removes it.

Blocking ("kicked") marks the reader blocked at once, so the next broadcast skips them without
trying. Unblocking ("member") changes nothing by itself: the reader presses Start, and /start
gives them back what they had when they blocked (an active subscription included). Removing the
bot from a group ("left", "kicked") ends the group's subscription the same way; adding it to a
group gets one greeting that says how to subscribe.
"""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.readers.subscription import block_chat
from handlers.formatting.groups import added
from handlers.replies import notify
from handlers.scope import in_group

GONE = (ChatMember.BANNED, ChatMember.LEFT)  # "kicked": blocked; "left": removed from a group
IN = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR)


async def my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot's membership in a chat changed: note a block (or a removal); greet a group
    that added the bot."""
    change = update.my_chat_member
    if change is None:
        return
    status, before = change.new_chat_member.status, change.old_chat_member.status
    if status in GONE:
        await deps_of(context).db.run(block_chat, chat_id=change.chat.id)
    elif status in IN and before in GONE and in_group(update):
        await notify(context.bot, change.chat.id, added(context.bot.username))
