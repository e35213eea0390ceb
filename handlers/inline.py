"""Inline sharing: `@bot …` typed in any chat offers sections and earnings dates to send there
(`bot.readers.sharing`), each with a button whose link is the sharer's own invite link (the
code of /referral), so a friend who starts the bot through it counts for them. A chosen result
(Telegram sends it with inline feedback on) is counted for its section, without who chose it.

Answers are personal (`is_personal`: the link differs per user), cached `CACHE_SECONDS`, at most
50 results, paged with `next_offset`; result ids are stable. A query too long for /search offers
nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from telegram import InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.ext import ContextTypes
from telegram.helpers import create_deep_linked_url

from bot.deps import deps_of
from bot.readers.readership import note_shared
from bot.readers.sharing import Shared, SharedSection, share_results
from bot.runtime.sending import NO_PREVIEW, telegram_entities
from handlers import keyboards
from handlers.arguments import MAX_QUERY_CHARS, free_text, invite_payload, issue_query
from handlers.formatting.sharing import earnings_article, section_article

CACHE_SECONDS = 30
_WEEK = re.compile(r"^kw\s*\d", re.IGNORECASE)
_OFFSET = re.compile(r"^\d{1,4}$")


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer `@bot <query>`: the newest issue's sections, a week's, or what words find."""
    query = update.inline_query
    assert query is not None
    text = free_text([query.query])
    if len(text) > MAX_QUERY_CHARS:
        await query.answer([], cache_time=CACHE_SECONDS, is_personal=True)
        return
    week = issue_query(text.split()) if _WEEK.match(text) else None
    deps = deps_of(context)
    answer = await deps.db.run(
        share_results,
        user_id=query.from_user.id,
        settings=deps.settings,
        words="" if week is not None else text,
        week=week.week if week is not None else None,
        year=week.year if week is not None else None,
        offset=int(query.offset) if _OFFSET.match(query.offset) else 0,
    )
    link = create_deep_linked_url(context.bot.username, invite_payload(answer.code))
    markup = keyboards.share_link(link)
    results = [_result(item, answer.zone, markup) for item in answer.items]
    # No more pages: leave next_offset out. ("" would do for Telegram, but PTB's Defaults turn an
    # empty string into an empty list: the client would send "[]" as the next offset.)
    next_offset = None if answer.next_offset is None else str(answer.next_offset)
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True, next_offset=next_offset)


async def chosen_result(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A user sent one of the results into a chat: count the share of its section."""
    chosen = update.chosen_inline_result
    assert chosen is not None
    await deps_of(context).db.run(note_shared, result_id=chosen.result_id)


def _result(
    item: Shared, zone: dt.tzinfo, markup: InlineKeyboardMarkup
) -> InlineQueryResultArticle:
    """The result of one offered item, with the invite link's button."""
    if isinstance(item, SharedSection):
        article = section_article(item)
    else:
        article = earnings_article(item, zone)
    content = InputTextMessageContent(
        article.message.text,
        entities=telegram_entities(article.message),
        link_preview_options=NO_PREVIEW,
    )
    return InlineQueryResultArticle(
        item.result_id,
        article.title,
        content,
        reply_markup=markup,
        description=article.description or None,
    )
