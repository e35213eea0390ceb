"""/settings: the reader's format, sections, delivery time and zone, typed or with buttons.

`/settings` shows the overview with a button per setting; a setting's button shows its
choices; a choice is saved at once and the same message shows the overview again (sections:
their switches) with the confirmation on top. Typed forms (`/settings zeit 07:45`) answer with
the confirmation. Input that is no setting and buttons no current message has change nothing.
In a group /settings and its buttons are the admins' (`handlers.groups`): they choose for the
group.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.readers.preference_input import (
    OVERVIEW,
    SECTIONS,
    TOGGLE,
    Change,
    Menu,
    Problem,
    read_arguments,
    read_button,
)
from bot.readers.preferences import Outcome, ReaderSettings, change_setting, reader_settings
from handlers import keyboards
from handlers.context import chat_id_of, profile_of
from handlers.formatting import settings as shown
from handlers.groups import admin_button
from handlers.replies import edit_or_reply, reply


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/settings [format|zeit|zone|abschnitte …]`: show or change the reader's choices."""
    request = read_arguments(context.args or [])
    if isinstance(request, Problem):
        await reply(update, shown.problem(request))
        return
    if isinstance(request, Menu):
        reader = await _current(update, context)
        await reply(update, shown.menu_text(request.what, reader), _markup(request.what, reader))
        return
    outcome = await _change(update, context, request)
    text = shown.confirmation(request, outcome.settings)
    await reply(update, f"{text}\n\n{shown.MORE_HINT}")


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A settings button: show a setting's choices, or save one and show the result (in a
    group for its admins only)."""
    query = await admin_button(update, context)
    if query is None:
        return
    request = read_button(query.data or "")
    if request is None:
        await query.answer(shown.STALE)
        return
    if isinstance(request, Menu):
        await query.answer()
        reader = await _current(update, context)
        text = shown.menu_text(request.what, reader)
        await edit_or_reply(update, text, _markup(request.what, reader))
        return
    outcome = await _change(update, context, request)
    if outcome.refused is not None:
        await query.answer(shown.LAST_SECTION, show_alert=True)
        return
    await query.answer(shown.SAVED_NOTE)
    shows = SECTIONS if request.what == TOGGLE else OVERVIEW
    note = shown.confirmation(request, outcome.settings)
    text = shown.menu_text(shows, outcome.settings, note)
    await edit_or_reply(update, text, _markup(shows, outcome.settings))


async def _current(update: Update, context: ContextTypes.DEFAULT_TYPE) -> ReaderSettings:
    deps = deps_of(context)
    return await deps.db.run(
        reader_settings, chat_id=chat_id_of(update), settings=deps.settings, now=deps.clock()
    )


async def _change(update: Update, context: ContextTypes.DEFAULT_TYPE, change: Change) -> Outcome:
    deps = deps_of(context)
    return await deps.db.run(
        change_setting,
        chat_id=chat_id_of(update),
        change=change,
        settings=deps.settings,
        now=deps.clock(),
        profile=profile_of(update),
    )


def _markup(what: str, reader: ReaderSettings) -> InlineKeyboardMarkup:
    if what == OVERVIEW:
        return keyboards.settings_overview()
    return keyboards.settings_menu(what, reader)
