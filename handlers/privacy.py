"""/help, /privacy and /deletedata (erasing the chat after a confirmation button)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.readers.subscription import erase_chat
from handlers import callbacks, keyboards
from handlers.context import chat_id_of
from handlers.formatting import texts
from handlers.replies import edit_or_reply, reply
from handlers.scope import private_button


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the commands."""
    await reply(update, texts.HELP)


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what is stored and why."""
    await reply(update, texts.PRIVACY)


async def delete_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask for confirmation before erasing anything."""
    await reply(update, texts.DELETE_CONFIRM, keyboards.confirm_delete())


async def delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Yes: erase the chat everywhere (database, memory); cancel: leave everything."""
    query = await private_button(update)
    if query is None:
        return
    await query.answer()
    if query.data != callbacks.DELETE_YES:
        await edit_or_reply(update, texts.DELETE_CANCELLED)
        return
    deps = deps_of(context)
    chat_id = chat_id_of(update)
    await deps.db.run(erase_chat, chat_id=chat_id)
    context.application.drop_chat_data(chat_id)
    if update.effective_user is not None:
        context.application.drop_user_data(update.effective_user.id)
        deps.throttle.forget(update.effective_user.id)
    await edit_or_reply(update, texts.DELETED)
