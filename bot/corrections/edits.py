"""The changed messages as ready Bot API edits: `editMessageText` for a text (its text and
entities, link previews off), `editMessageCaption` for a photo (its caption and caption
entities; the picture stays). The parameters are those the broadcast sends
(`bot.broadcast.payload.prepare`, from `bot.sending`), so an edit follows the same rules: text +
entities, never parse_mode, encoded once for every chat.
"""

from __future__ import annotations

from typing import Any

from bot.broadcast.payload import RawBot, prepare
from newsletter.diff import Edit

_EDIT_ENDPOINTS = {"sendMessage": "editMessageText", "sendPhoto": "editMessageCaption"}


class EditPayload:
    """The edits of one correction, by message index."""

    def __init__(self, edits: tuple[Edit, ...]) -> None:
        self.calls: dict[int, tuple[str, dict[str, Any]]] = {}
        for edit in edits:
            prepared = prepare(edit.message)
            self.calls[edit.index] = (_EDIT_ENDPOINTS[prepared.endpoint], prepared.params)

    @property
    def indexes(self) -> list[int]:
        """The message indexes to edit, in order."""
        return sorted(self.calls)

    def __len__(self) -> int:
        return len(self.calls)

    def params(self, index: int, chat_id: int, message_id: int) -> tuple[str, dict[str, Any]]:
        """The method and parameters that edit message `index` in one chat."""
        endpoint, params = self.calls[index]
        return endpoint, {"chat_id": chat_id, "message_id": message_id, **params}

    async def edit(self, bot: RawBot, index: int, chat_id: int, message_id: int) -> Any:
        """Edit message `index` (Telegram's `message_id` in `chat_id`); return the raw answer."""
        endpoint, params = self.params(index, chat_id, message_id)
        return await bot.call(endpoint, params)
