"""Where reader commands apply: new messages in private chats. Groups get one short note;
edited messages and channel posts are ignored."""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.constants import ChatType
from telegram.ext import filters

from handlers.formatting import texts

# New messages (not edits) in a private chat.
READER = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
# A command typed in a group or supergroup.
GROUP_COMMAND = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE & filters.COMMAND


def in_private_chat(update: Update) -> bool:
    """Whether the update (a message or a button press) comes from a private chat."""
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


async def private_button(update: Update) -> CallbackQuery | None:
    """Return the pressed button's query; outside a private chat answer it as stale and return
    None. The caller still answers the query it gets."""
    query = update.callback_query
    assert query is not None
    if not in_private_chat(update):
        await query.answer(texts.STALE_BUTTON)
        return None
    return query
