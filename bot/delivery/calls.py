"""A stored message as a ready Bot API call: its method and JSON-ready parameters, made once.

The parameters are those `bot.runtime.sending.send_kwargs` gives PTB for /latest (text +
entities, never `parse_mode`; link previews off; a photo's caption), JSON-encoded once instead
of by PTB on every call: thousands of chats get the same parameters, only `chat_id` (and for a
photo the `photo`) is added per chat. A broadcast sends them (`bot.broadcast.payload`), a
correction turns them into edits (`bot.corrections.edits`).
"""

from __future__ import annotations

import json
from typing import Any

from telegram import TelegramObject

from bot.runtime.sending import send_kwargs
from newsletter.model import Message

_ENDPOINTS = {"send_message": "sendMessage", "send_photo": "sendPhoto"}


def message_call(message: Message, *, paid: bool = False) -> tuple[str, dict[str, Any]]:
    """The Bot API method (`sendMessage`, `sendPhoto`) and parameters that send `message`,
    without `chat_id` and `photo` (added per chat) and without an empty entity list; `paid`:
    with `allow_paid_broadcast`."""
    method, kwargs = send_kwargs(message)
    params = {
        name: json_ready(value) for name, value in kwargs.items() if name != "photo" and value != []
    }
    if paid:
        params["allow_paid_broadcast"] = True
    return _ENDPOINTS[method], params


def json_ready(value: Any) -> Any:
    """A PTB parameter as the Bot API takes it: objects (and lists of them) as JSON text."""
    if isinstance(value, list):
        return json.dumps([item.to_dict() for item in value])
    if isinstance(value, TelegramObject):
        return value.to_json()
    return value
