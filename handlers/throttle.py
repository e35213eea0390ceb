"""The per-reader burst limit, in a handler group before the commands.

A reader who sends many commands or button presses at once gets one polite notice; further
updates of the burst are dropped (`ApplicationHandlerStop`) until they pause. Only private
chats count; admins are never slowed down.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.deps import deps_of
from bot.runtime.throttle import Verdict
from handlers.formatting import texts
from handlers.scope import in_private_chat


async def throttle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let the update through, or stop it (with a notice at the start of a burst)."""
    user = update.effective_user
    if user is None or not in_private_chat(update):
        return
    if update.message is None and update.callback_query is None:
        return  # edits and the like are ignored later anyway
    deps = deps_of(context)
    if deps.is_admin(user.id):
        return
    verdict = deps.throttle.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    query = update.callback_query
    if query is not None:
        await query.answer(texts.SLOW_DOWN if verdict is Verdict.NOTICE else None)
    elif verdict is Verdict.NOTICE:
        await update.effective_chat.send_message(texts.SLOW_DOWN)  # type: ignore[union-attr]
    raise ApplicationHandlerStop
