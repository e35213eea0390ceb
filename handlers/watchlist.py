"""/follow, /unfollow, /following, and the follow buttons under /earnings <company>."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import Deps, deps_of
from bot.readers.watchlist import (
    MAX_FOLLOWS,
    Followed,
    follow,
    follow_listed,
    reader_watchlist,
    unfollow,
    unfollow_listed,
)
from handlers import keyboards
from handlers.arguments import MAX_FOLLOW_CHARS, CompanyName, company_name
from handlers.context import chat_id_of, match_of, reader_zone_of
from handlers.formatting import texts
from handlers.formatting import watchlist as formatting
from handlers.replies import replace_keyboard, reply
from handlers.scope import private_button


async def follow_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Follow a company: the listed one the name means, else the name as written."""
    name = company_name(context.args or [])
    if await _refused(update, name, formatting.FOLLOW_USAGE):
        return
    deps = deps_of(context)
    result = await deps.db.run(follow, chat_id=chat_id_of(update), name=name.name)
    zone = await reader_zone_of(deps, update)
    answer = formatting.follow_answer(result, name.name, zone, _at(deps), MAX_FOLLOWS)
    await reply(update, answer)


async def unfollow_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop following a company."""
    name = company_name(context.args or [])
    if await _refused(update, name, formatting.UNFOLLOW_USAGE):
        return
    removed = await deps_of(context).db.run(unfollow, chat_id=chat_id_of(update), name=name.name)
    await reply(update, formatting.unfollow_answer(removed, name.name))


async def following(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the watchlist with this week's report times."""
    deps = deps_of(context)
    watched = await deps.db.run(reader_watchlist, chat_id=chat_id_of(update))
    zone = await reader_zone_of(deps, update)
    await reply(update, formatting.watchlist_answer(watched, zone, _at(deps)))


async def follow_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """⭐ Folgen / 🔕 Entfolgen under /earnings <company>: change the watchlist, say so in a
    short note, and turn the button into its opposite."""
    query = await private_button(update)
    if query is None:
        return
    match = match_of(context)
    entry_id, adding = int(match[2]), match[1] == "f"
    db, chat_id = deps_of(context).db, chat_id_of(update)
    if adding:
        result = await db.run(follow_listed, chat_id=chat_id, entry_id=entry_id)
        company = None if result is None else result.company
        full = result is not None and result.outcome is Followed.FULL
    else:
        company, full = await db.run(unfollow_listed, chat_id=chat_id, entry_id=entry_id), False
    if company is None:
        await query.answer(texts.STALE_BUTTON)
        return
    toast = formatting.button_toast(company, following=adding, full=full, limit=MAX_FOLLOWS)
    await query.answer(toast)
    markup = getattr(query.message, "reply_markup", None)
    if not full and markup is not None:
        swapped = keyboards.swap_follow(markup, entry_id, company, following=adding)
        await replace_keyboard(update, swapped)


async def _refused(update: Update, name: CompanyName, usage: str) -> bool:
    """Answer a missing, over-long or letterless name; return whether it was refused."""
    answers = {
        "missing": usage,
        "too_long": formatting.name_too_long(MAX_FOLLOW_CHARS),
        "no_name": formatting.NOT_A_COMPANY,
    }
    if name.problem is None:
        return False
    await reply(update, answers[name.problem])
    return True


def _at(deps: Deps) -> str:
    return formatting.clock(deps.settings.reminder_time)
