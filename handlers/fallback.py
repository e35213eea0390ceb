"""What is left after every command: unknown commands, other messages, groups, old buttons.

Private chats get a hint to /help. In a group the bot answers the first command that is no
group command (`handlers.groups`) once with a note that it works in private chats only, then
stays silent there (until it restarts).
Button presses nobody else handled (old messages, unknown data) get a short note.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.formatting import texts
from handlers.formatting.groups import group_note
from handlers.replies import reply

_GROUP_NOTED = "group_noted"


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not know, in a private chat."""
    await reply(update, texts.UNKNOWN_COMMAND)


async def other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text, stickers, photos and the like in a private chat."""
    await reply(update, texts.NOT_A_COMMAND)


async def group_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command in a group: one note per group, then silence."""
    chat_data = context.chat_data
    if chat_data is None or chat_data.get(_GROUP_NOTED):
        return
    chat_data[_GROUP_NOTED] = True
    await reply(update, group_note(context.bot.username))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button whose data no handler knows (any more)."""
    query = update.callback_query
    assert query is not None
    await query.answer(texts.STALE_BUTTON)
