"""Sending a stored `newsletter.model.Message` through PTB: text + entities, never parse_mode."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import Bot, LinkPreviewOptions, MessageEntity
from telegram import Message as TelegramMessage
from telegram.error import BadRequest

from newsletter.model import Message

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def telegram_entities(message: Message) -> list[MessageEntity]:
    """Return the message's entities as PTB objects."""
    return [MessageEntity(**entity.to_dict()) for entity in message.entities]


def send_kwargs(message: Message) -> tuple[str, dict[str, Any]]:
    """Return the PTB method name and its parameters for `message` (without chat_id)."""
    if message.photo:
        params: dict[str, Any] = {"photo": message.photo}
        if message.text:
            params["caption"] = message.text
            params["caption_entities"] = telegram_entities(message)
        return "send_photo", params
    return "send_message", {
        "text": message.text,
        "entities": telegram_entities(message),
        "link_preview_options": NO_PREVIEW,
    }


async def send_stored_message(
    bot: Bot, chat_id: int, message: Message, **extra: Any
) -> TelegramMessage:
    """Send one stored message to `chat_id`; `extra` goes to PTB (e.g. reply_markup)."""
    method, params = send_kwargs(message)
    return await getattr(bot, method)(chat_id=chat_id, **params, **extra)


async def send_stored_messages(
    bot: Bot, chat_id: int, messages: Sequence[Message], **extra: Any
) -> None:
    """Send stored issue messages in order; a photo Telegram cannot fetch goes as its text;
    `extra` goes to PTB with each (e.g. message_thread_id)."""
    for message in messages:
        try:
            await send_stored_message(bot, chat_id, message, **extra)
        except BadRequest as exc:
            if not message.photo or not message.text:
                raise
            log.warning("photo not sent (%s); sending its caption as text", exc.message)
            plain = Message(message.text, message.entities)
            await send_stored_message(bot, chat_id, plain, **extra)
