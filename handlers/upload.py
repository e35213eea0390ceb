"""Issues sent to the bot in Telegram: an admin's `.html`/`.htm`/`.xml` file or beehiiv link is
ingested like a feed item (then every admin gets the preview); a reader who sends a file or a
link gets a friendly answer, and nothing is downloaded or stored."""

from __future__ import annotations

import re

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.publishing import intake, texts
from handlers.replies import reply

URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def _is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and deps_of(context).is_admin(user.id)


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file in the private chat."""
    message = update.effective_message
    assert message is not None and message.document is not None
    if not _is_admin(update, context):
        await reply(update, texts.NOT_FOR_READERS_FILE)
        return
    doc = message.document

    async def download() -> bytes:
        try:
            return bytes(await (await context.bot.get_file(doc.file_id)).download_as_bytearray())
        except TelegramError as exc:
            raise intake.IntakeError(texts.not_an_issue(exc.message)) from None

    try:
        intake.check_upload(doc.file_name, doc.mime_type, doc.file_size)
        await reply(update, texts.RECEIVED)
        summary = await intake.ingest_upload(deps_of(context).db, download)
    except intake.IntakeError as exc:
        await reply(update, str(exc))
        return
    await _stored(update, context, summary)


async def link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text with an http(s) link in the private chat."""
    message = update.effective_message
    assert message is not None
    found = URL.search(message.text or "")
    assert found is not None
    if not _is_admin(update, context):
        await reply(update, texts.NOT_FOR_READERS_LINK)
        return
    await reply(update, texts.RECEIVED)
    try:
        summary = await intake.ingest_link(deps_of(context).db, found.group(0).rstrip(".,;)"))
    except intake.IntakeError as exc:
        await reply(update, str(exc))
        return
    await _stored(update, context, summary)


async def _stored(update: Update, context: ContextTypes.DEFAULT_TYPE, summary: str) -> None:
    await reply(update, texts.stored(summary))
    await deps_of(context).publishing.settle(context.bot)
