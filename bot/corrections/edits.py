"""The changed messages as ready Bot API edits: `editMessageText` for a text (its text and
entities, link previews off), `editMessageCaption` for a photo (its caption and caption
entities; the picture stays). The parameters are those the broadcast sends
(`bot.delivery.calls.message_call`, from `bot.runtime.sending`), so an edit follows the same rules:
text + entities, never parse_mode, encoded once for every chat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from bot.delivery.calls import json_ready, message_call
from bot.delivery.transport import RawBot
from newsletter.diff import Edit
from newsletter.model import Message

_EDIT_ENDPOINTS = {"sendMessage": "editMessageText", "sendPhoto": "editMessageCaption"}


class EditPayload:
    """The edits of one correction, by message index; for each zone the edits that read
    differently there (the earnings times, `localize`), prepared when first asked for; the
    compact message (`compact`: its index, message and keyboard) if it changed."""

    def __init__(
        self,
        edits: tuple[Edit, ...],
        *,
        localize: Callable[[dt.tzinfo], tuple[Edit, ...]] | None = None,
        compact: tuple[int, Message, Any] | None = None,
    ) -> None:
        self.calls: dict[int, tuple[str, dict[str, Any]]] = {
            edit.index: _call(edit.message) for edit in edits
        }
        if compact is not None:
            index, message, markup = compact
            endpoint, params = _call(message)
            self.calls[index] = (endpoint, {**params, "reply_markup": json_ready(markup)})
        self._edits = {edit.index: edit.message for edit in edits}
        self._localize = localize
        self._zones: dict[str, dict[int, tuple[str, dict[str, Any]]]] = {}

    @property
    def indexes(self) -> list[int]:
        """The message indexes to edit, in order."""
        return sorted(self.calls)

    def __len__(self) -> int:
        return len(self.calls)

    def params(
        self, index: int, chat_id: int, message_id: int, zone: dt.tzinfo | None = None
    ) -> tuple[str, dict[str, Any]]:
        """The method and parameters that edit message `index` in one chat (in `zone`)."""
        endpoint, params = self._variant(index, zone)
        return endpoint, {"chat_id": chat_id, "message_id": message_id, **params}

    async def edit(
        self, bot: RawBot, index: int, chat_id: int, message_id: int, zone: dt.tzinfo | None = None
    ) -> Any:
        """Edit message `index` (Telegram's `message_id` in `chat_id`); return the raw answer."""
        endpoint, params = self.params(index, chat_id, message_id, zone)
        return await bot.call(endpoint, params)

    def _variant(self, index: int, zone: dt.tzinfo | None) -> tuple[str, dict[str, Any]]:
        if zone is None or self._localize is None:
            return self.calls[index]
        key = str(zone)
        if key not in self._zones:
            self._zones[key] = {
                edit.index: _call(edit.message)
                for edit in self._localize(zone)
                if edit.message != self._edits.get(edit.index)
            }
        return self._zones[key].get(index, self.calls[index])


def _call(message: Message) -> tuple[str, dict[str, Any]]:
    endpoint, params = message_call(message)
    return _EDIT_ENDPOINTS[endpoint], params
