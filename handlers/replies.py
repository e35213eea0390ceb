"""Sending replies: texts (split at Telegram's limit, no link previews), edits of a button's
message, stored issue messages, and notes to other chats that may fail quietly. A reply in a
forum goes into the topic of the message it answers (`handlers.context.thread_of`)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence

from telegram import Bot, InlineKeyboardMarkup, InputFile, Update
from telegram.error import BadRequest, TelegramError

from bot.readers.compact_issue import compact_markup
from bot.readers.library import IssueContent
from bot.runtime.sending import NO_PREVIEW, send_stored_message, send_stored_messages
from handlers.context import thread_of
from newsletter.limits import MAX_ENTITIES, MAX_TEXT, Limits
from newsletter.model import Message
from newsletter.split import split_text

log = logging.getLogger(__name__)


def chunks(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut `text` into messages of at most `limit` UTF-16 units, between lines where possible
    (`newsletter.split.split_text`: never inside a grapheme cluster, no empty parts)."""
    limits = Limits(length=limit, entities=MAX_ENTITIES)
    return [chunk.text for chunk in split_text(text, limits=limits)]


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Send `text` to the update's chat (its topic); the keyboard goes with the last part."""
    chat = update.effective_chat
    assert chat is not None
    parts = chunks(text)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await chat.send_message(
            part,
            reply_markup=markup if last else None,
            link_preview_options=NO_PREVIEW,
            message_thread_id=thread_of(update),
        )


async def edit_or_reply(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the text of the pressed button's message; send a new message if that fails."""
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_text(text, reply_markup=markup, link_preview_options=NO_PREVIEW)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return
        await reply(update, text, markup)


async def drop_keyboard(update: Update) -> None:
    """Remove the buttons under the pressed button's message (never mind if it is gone)."""
    await replace_keyboard(update, None)


async def replace_keyboard(update: Update, markup: InlineKeyboardMarkup | None) -> None:
    """Put `markup` under the pressed button's message (never mind if it is gone or the same)."""
    query = update.callback_query
    assert query is not None
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(markup)


async def send_messages(
    bot: Bot, chat_id: int, messages: Sequence[Message], thread: int | None = None
) -> None:
    """Send stored issue messages in order (`bot.runtime.sending.send_stored_messages`), into
    forum topic `thread` if given."""
    await send_stored_messages(bot, chat_id, messages, message_thread_id=thread)


async def notify(bot: Bot, chat_id: int, text: str) -> bool:
    """Send a note to another chat (e.g. a referrer); return False if Telegram refused it."""
    try:
        await bot.send_message(chat_id, text, link_preview_options=NO_PREVIEW)
    except TelegramError as exc:
        log.info("note not delivered: %s: %s", type(exc).__name__, exc.message)
        return False
    return True


async def reply_photo(update: Update, photo: bytes, *, caption: str, filename: str) -> None:
    """Upload `photo` (image bytes, e.g. a PNG chart) to the update's chat with `caption`."""
    chat = update.effective_chat
    assert chat is not None
    await chat.send_photo(InputFile(photo, filename=filename), caption=caption)


async def send_content(
    bot: Bot, chat_id: int, content: IssueContent, thread: int | None = None
) -> None:
    """Send an issue as a reader chose it: the compact message with its section buttons
    (`bot.readers.compact_issue.compact_markup`), or the messages in order; into forum topic
    `thread` if given."""
    if content.compact is None:
        await send_messages(bot, chat_id, content.messages, thread)
        return
    markup = compact_markup(content.issue.id, content.compact)
    await send_stored_message(
        bot, chat_id, content.compact.message, reply_markup=markup, message_thread_id=thread
    )
