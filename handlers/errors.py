"""The error handler: log what failed without any reader data, and apologise to the reader.

While the database is out of reach (a restart, a failover) the reader hears that the bot is
back in a moment (`texts.BACK_SOON`) instead of the general apology. In webhook mode such an
update does not even get here: the webhook answers 503 and Telegram delivers it again later.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.database import is_outage
from bot.runtime.containment import describe
from handlers.formatting import texts
from handlers.scope import in_private_chat

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure; tell the reader (private chats only) that something went wrong."""
    kind = type(update).__name__ if update is not None else "job"
    log.error("handling a %s failed: %s", kind, describe(context.error))
    if not isinstance(update, Update) or not in_private_chat(update):
        return
    text = texts.BACK_SOON if context.error and is_outage(context.error) else texts.SORRY
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text)
        else:
            await update.effective_chat.send_message(text)  # type: ignore[union-attr]
    except TelegramError as exc:
        log.info("apology not delivered: %s: %s", type(exc).__name__, exc.message)
