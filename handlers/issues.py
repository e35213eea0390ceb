"""/latest and /archive, and the buttons that page the archive and open issues or sections.

Issues come as the reader chose (`/settings`): compact (one message with a button per
section) or full with their sections only. A section button always sends its whole section,
once however often it is pressed in a row (`bot.runtime.repeat_guard`); a compact issue's
section button is counted as an opening (`bot.readers.readership`, no reader ids). In a group
/latest and the compact issue's buttons work too: the answer goes into the forum topic the
command or the compact message is in.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.readers.library import (
    archive_page,
    issue_content,
    latest_content,
    section_content,
    week_content,
)
from bot.readers.readership import note_opened
from handlers import keyboards
from handlers.arguments import issue_query
from handlers.context import (
    chat_id_of,
    match_of,
    next_delivery_label,
    reader_zone_of,
    reading_of_update,
    thread_of,
)
from handlers.formatting import texts
from handlers.formatting.archive import archive_list
from handlers.replies import edit_or_reply, reply, send_content, send_messages
from handlers.scope import in_group, private_button
from newsletter.german import issue_label


async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the newest issue as the reader (or group) chose to get it (format and sections)."""
    deps = deps_of(context)
    reading = await reading_of_update(deps, update)
    content = await deps.db.run(latest_content, zone=reading.zone, choice=reading.choice)
    if content is None:
        await reply(update, texts.no_issue_yet(await next_delivery_label(deps, update)))
        return
    await send_content(context.bot, chat_id_of(update), content, thread_of(update))


async def archive(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the newest issues with buttons; `/archive 6`, `KW6`, `6 2025` open one directly."""
    deps = deps_of(context)
    args = context.args or []
    if not args:
        page = await deps.db.run(archive_page, page=0)
        if not page.issues:
            await reply(update, texts.no_issue_yet(await next_delivery_label(deps, update)))
            return
        await reply(update, archive_list(page), keyboards.archive(page))
        return
    query = issue_query(args)
    if query is None:
        await reply(update, texts.ARCHIVE_USAGE)
        return
    reading = await reading_of_update(deps, update)
    content = await deps.db.run(
        week_content, week=query.week, year=query.year, zone=reading.zone, choice=reading.choice
    )
    if content is None:
        await reply(update, texts.week_not_found(issue_label(query.week, query.year)))
        return
    await send_content(context.bot, chat_id_of(update), content)


async def archive_page_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« Neuere / Ältere »: show another page of the archive in the same message."""
    query = await private_button(update)
    if query is None:
        return
    await query.answer()
    page = await deps_of(context).db.run(archive_page, page=int(match_of(context)[1]))
    await edit_or_reply(update, archive_list(page), keyboards.archive(page))


async def open_issue_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An issue button (archive): send the issue as the reader chose to get it. A section
    button (compact issue, search, earnings mentions): send that whole section (in a group
    too, under the compact issue it sent there)."""
    pressed = update.callback_query
    assert pressed is not None
    section = (pressed.data or "").startswith("sec:")
    query = pressed if section and in_group(update) else await private_button(update)
    if query is None:
        return
    match = match_of(context)
    if section:
        await _open_section(update, context, int(match[1]), int(match[2]), match[3])
        return
    deps = deps_of(context)
    reading = await reading_of_update(deps, update)
    content = await deps.db.run(
        issue_content, issue_id=int(match[1]), zone=reading.zone, choice=reading.choice
    )
    if content is None:
        await query.answer(texts.ISSUE_GONE)
        return
    await query.answer()
    await send_content(context.bot, chat_id_of(update), content)


async def _open_section(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    issue_id: int,
    position: int,
    check: str | None,
) -> None:
    """Send the whole section, unless this chat just got it (a second press in a row); count
    a compact issue's button (it has a `check`) as an opening."""
    query = update.callback_query
    assert query is not None
    deps = deps_of(context)
    zone = await reader_zone_of(deps, update)
    found = await deps.db.run(
        section_content, issue_id=issue_id, position=position, check=check, zone=zone
    )
    if found.content is None:
        await query.answer(texts.ISSUE_GONE if found.gone == "issue" else texts.SECTION_GONE)
        return
    key = (chat_id_of(update), issue_id, found.position)
    if not deps.repeats.first(key, deps.clock()):
        await query.answer(texts.SECTION_JUST_SENT)
        return
    await query.answer()
    try:
        chat_id = chat_id_of(update)
        await send_messages(context.bot, chat_id, found.content.messages, thread_of(update))
    except Exception:
        deps.repeats.release(key)  # nothing (or not all) arrived: the next press may try again
        raise
    if check is not None and found.position is not None:
        await deps.db.run(note_opened, issue_id=issue_id, position=found.position)
