"""Admins release or hold an issue: /approve, /hold (the newest issue) and the buttons
"✅ Freigeben" / "⏸ Zurückhalten" under a check report (that issue). Anyone else is told that
these are admin commands; nothing changes."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.publishing import approval, texts
from handlers.context import match_of
from handlers.replies import reply


def _admin_id(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    user = update.effective_user
    return user.id if user is not None and deps_of(context).is_admin(user.id) else None


async def approve_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/approve: release the newest issue."""
    await _act(update, context, hold=False, issue_id=None)


async def hold_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hold: hold the newest issue back."""
    await _act(update, context, hold=True, issue_id=None)


async def review_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✅ Freigeben / ⏸ Zurückhalten under a check report."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    match = match_of(context)
    await _act(update, context, hold=match[1] == "hold", issue_id=int(match[2]))


async def _act(
    update: Update, context: ContextTypes.DEFAULT_TYPE, *, hold: bool, issue_id: int | None
) -> None:
    admin_id = _admin_id(update, context)
    if admin_id is None:
        await reply(update, texts.ONLY_ADMINS)
        return
    deps = deps_of(context)
    publishing = deps.publishing
    try:
        if hold:
            answer = await approval.hold(publishing, admin_id, issue_id)
        else:
            answer = await approval.approve(publishing, deps.notify, admin_id, issue_id)
    except approval.ApprovalError as exc:
        answer = str(exc)
    await reply(update, answer)
