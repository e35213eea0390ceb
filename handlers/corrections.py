"""The „✏️ Korrigieren“ button under a change summary (admins only): starts the correction.
It extracts the issue and version from the button, calls the `CorrectionService`, replies."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import ContextTypes

from bot.corrections import texts
from bot.corrections.announce import PATTERN
from bot.corrections.proposal import CorrectionError
from bot.deps import deps_of
from handlers.replies import edit_or_reply, reply


async def correct_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """[✏️ Korrigieren]: start the correction (once, however often it is pressed)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    user = update.effective_user
    if not deps_of(context).is_admin(user.id if user else None):
        await edit_or_reply(update, texts.ONLY_ADMINS)
        return
    match = re.match(PATTERN, query.data or "")
    assert match is not None  # the handler's pattern
    try:
        answer = await deps_of(context).corrections.request(int(match[1]), match[2])
    except CorrectionError as exc:
        answer = str(exc)
    await reply(update, answer)
