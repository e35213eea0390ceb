"""/latest and /archive, and the buttons that page the archive and open issues or sections."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.library import archive_page, issue_content, latest_content, week_content
from handlers import keyboards, texts
from handlers.arguments import issue_query
from handlers.context import chat_id_of, next_delivery_label, reader_zone_of
from handlers.formatting.archive import archive_list
from handlers.formatting.dates import issue_label
from handlers.replies import edit_or_reply, reply, send_messages
from handlers.scope import private_button


async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the newest issue, all its messages, exactly as subscribers get them."""
    deps = deps_of(context)
    content = await deps.db.run(latest_content, zone=await reader_zone_of(deps, update))
    if content is None:
        await reply(update, texts.no_issue_yet(next_delivery_label(deps)))
        return
    await send_messages(context.bot, chat_id_of(update), content.messages)


async def archive(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the newest issues with buttons; `/archive 6`, `KW6`, `6 2025` open one directly."""
    deps = deps_of(context)
    args = context.args or []
    if not args:
        page = await deps.db.run(archive_page, page=0)
        if not page.issues:
            await reply(update, texts.no_issue_yet(next_delivery_label(deps)))
            return
        await reply(update, archive_list(page), keyboards.archive(page))
        return
    query = issue_query(args)
    if query is None:
        await reply(update, texts.ARCHIVE_USAGE)
        return
    zone = await reader_zone_of(deps, update)
    content = await deps.db.run(week_content, week=query.week, year=query.year, zone=zone)
    if content is None:
        await reply(update, texts.week_not_found(issue_label(query.week, query.year)))
        return
    await send_messages(context.bot, chat_id_of(update), content.messages)


async def archive_page_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« Neuere / Ältere »: show another page of the archive in the same message."""
    query = await private_button(update)
    if query is None:
        return
    await query.answer()
    page = await deps_of(context).db.run(archive_page, page=int(context.matches[0][1]))
    await edit_or_reply(update, archive_list(page), keyboards.archive(page))


async def open_issue_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An issue button (archive) or a section button (search): send its messages."""
    query = await private_button(update)
    if query is None:
        return
    match = context.matches[0]
    section = int(match[2]) if match.re.groups == 2 else None
    deps = deps_of(context)
    zone = await reader_zone_of(deps, update)
    content = await deps.db.run(issue_content, issue_id=int(match[1]), section=section, zone=zone)
    if content is None:
        await query.answer(texts.ISSUE_GONE)
        return
    await query.answer()
    await send_messages(context.bot, chat_id_of(update), content.messages)
