"""/broadcast for admins (ADMIN_IDS): start now after a confirmation button, status, pause,
resume. Each handler extracts, calls the `BroadcastService`, and replies."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.broadcast import admin, texts
from bot.broadcast.selection import BroadcastError
from bot.deps import deps_of
from handlers.replies import edit_or_reply, reply

CONFIRM = "bc:go:"
CANCEL = "bc:no"
PATTERN = r"^bc:(go:\d{1,12}|no)$"


def confirm_keyboard(issue_id: int) -> InlineKeyboardMarkup:
    """[✅ Jetzt senden] [Abbrechen]."""
    return InlineKeyboardMarkup.from_row(
        [
            InlineKeyboardButton(texts.BUTTON_SEND, callback_data=f"{CONFIRM}{issue_id}"),
            InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=CANCEL),
        ]
    )


def _is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return deps_of(context).is_admin(user.id if user else None)


async def broadcast(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/broadcast [status|pause|resume]`."""
    if not _is_admin(update, context):
        await reply(update, texts.ONLY_ADMINS)
        return
    service = deps_of(context).broadcasts
    action = (context.args or [""])[0].lower()
    try:
        if action == "":
            offer = await admin.offer(service)
            text = texts.confirm(offer.label, offer.readers, offer.messages, offer.total)
            await reply(update, text, confirm_keyboard(offer.issue_id))
        elif action == "status":
            await reply(update, await admin.status(service))
        elif action == "pause":
            await reply(update, texts.paused(await admin.pause(service)))
        elif action == "resume":
            await reply(update, texts.resumed(await admin.resume(service)))
        else:
            await reply(update, texts.USAGE)
    except BroadcastError as exc:
        await reply(update, str(exc))


async def confirm_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """[✅ Jetzt senden]: start the broadcast; [Abbrechen]: nothing happens."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    if not _is_admin(update, context):
        await edit_or_reply(update, texts.ONLY_ADMINS)
        return
    data = query.data or ""
    if not data.startswith(CONFIRM):
        await edit_or_reply(update, texts.CANCELLED)
        return
    try:
        issue_id = int(data.removeprefix(CONFIRM))
        label = await admin.start_confirmed(deps_of(context).broadcasts, issue_id)
    except BroadcastError as exc:
        await edit_or_reply(update, str(exc))
        return
    await edit_or_reply(update, texts.started(label))
