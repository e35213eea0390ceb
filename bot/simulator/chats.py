"""Each chat as the people in it see it: the messages in order, as they look now (after edits,
without the deleted ones), and the notes Telegram shows after a button press.

`ChatLog` is off unless a fake is made with `chat_log=True` (`doppelbot demo`'s web chat uses it;
a broadcast to a million chats need not keep them all twice). It learns from what Telegram
answered (`observe`: the `Message` of a send or edit, a deletion, `answerCallbackQuery`) and from
the updates users send (`incoming`). Every change gets the next `revision`, so a reader of the
log asks for what changed since the revision it saw (`changes`) and waits for more (`wait`).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

BOT, USER = "bot", "user"
_SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
_EDITS = frozenset({"editMessageText", "editMessageCaption", "editMessageReplyMarkup"})


@dataclass(slots=True)
class Shown:
    """One message as its chat shows it now. `photo` is the file id of its largest size and
    `document` its `Document` object; their bytes are in the fake's `FileStore` when known."""

    chat_id: int | str
    message_id: int
    sender: str  # BOT or USER
    text: str | None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    photo: str | None = None
    document: dict[str, Any] | None = None
    edited: bool = False
    deleted: bool = False
    date: int = 0
    revision: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Toast:
    """The note after a button press (`answerCallbackQuery` with a text)."""

    chat_id: int | str
    text: str
    show_alert: bool
    revision: int


class ChatLog:
    """The messages and notes of every chat, with a revision per change."""

    def __init__(self) -> None:
        self.revision = 0
        self._chats: dict[int | str, dict[int, Shown]] = {}
        self._toasts: list[Toast] = []
        self._queries: dict[str, int | str] = {}
        self._changed: asyncio.Event | None = None

    def messages(self, chat_id: int | str) -> list[Shown]:
        """The chat's messages in the order they arrived (deleted ones marked)."""
        return list(self._chats.get(chat_id, {}).values())

    def changes(self, chat_id: int | str, since: int = 0) -> tuple[list[Shown], list[Toast]]:
        """The chat's messages and notes that changed after revision `since`."""
        shown = [m for m in self._chats.get(chat_id, {}).values() if m.revision > since]
        toasts = [t for t in self._toasts if t.chat_id == chat_id and t.revision > since]
        return shown, toasts

    def last_change(self, chat_id: int | str) -> int:
        """The revision of the chat's latest change (0: none)."""
        revisions = [m.revision for m in self._chats.get(chat_id, {}).values()]
        revisions += [t.revision for t in self._toasts if t.chat_id == chat_id]
        return max(revisions, default=0)

    async def wait(self, since: int, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a change after revision `since`; whether one came."""
        if self.revision > since:
            return True
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while self.revision <= since:
                    if self._changed is None:
                        self._changed = asyncio.Event()
                    await self._changed.wait()
        return self.revision > since

    def incoming(self, update: dict[str, Any]) -> None:
        """A user's update: a message joins its chat; a button press is remembered, so the
        answer to it shows in the chat it came from."""
        query = update.get("callback_query")
        if query is not None:
            chat = (query.get("message") or {}).get("chat") or {}
            self._queries[str(query.get("id"))] = chat.get("id", query["from"]["id"])
            return
        message = update.get("message")
        if message is None:
            return
        text = message.get("text", message.get("caption"))
        entities = message.get("entities", message.get("caption_entities")) or []
        self._put(
            Shown(
                message["chat"]["id"],
                message["message_id"],
                USER,
                text,
                list(entities),
                document=message.get("document"),
                date=message.get("date", 0),
            )
        )

    def observe(self, method: str, params: dict[str, Any], result: Any) -> None:
        """What Telegram answered to the bot: a sent or edited message, a deletion, a note."""
        if method in _SENDS or method in _EDITS:
            if isinstance(result, dict) and "message_id" in result:
                self._message(result, edited=method in _EDITS)
        elif method == "deleteMessage" and result is True:
            chat = self._chats.get(params.get("chat_id"), {})  # type: ignore[arg-type]
            shown = chat.get(params.get("message_id", 0))
            if shown is not None:
                shown.deleted = True
                self._touch(shown)
        elif method == "answerCallbackQuery":
            chat_id = self._queries.pop(str(params.get("callback_query_id")), None)
            if chat_id is not None and params.get("text"):
                self.revision += 1
                alert = bool(params.get("show_alert"))
                self._toasts.append(Toast(chat_id, params["text"], alert, self.revision))
                self._notify()

    def _message(self, result: dict[str, Any], *, edited: bool) -> None:
        chat_id, message_id = result["chat"]["id"], result["message_id"]
        known = self._chats.get(chat_id, {}).get(message_id)
        sizes = result.get("photo") or []
        photo = sizes[-1]["file_id"] if sizes else known.photo if known else None
        document = result.get("document") or (known.document if known else None)
        text = result.get("text", result.get("caption"))
        entities = result.get("entities", result.get("caption_entities")) or []
        date = known.date if known else result.get("date", 0)
        self._put(
            Shown(
                chat_id,
                message_id,
                BOT,
                text,
                list(entities),
                result.get("reply_markup"),
                photo,
                document,
                edited,
                date=date,
            )
        )

    def _put(self, shown: Shown) -> None:
        self._chats.setdefault(shown.chat_id, {})[shown.message_id] = shown
        self._touch(shown)

    def _touch(self, shown: Shown) -> None:
        self.revision += 1
        shown.revision = self.revision
        self._notify()

    def _notify(self) -> None:
        event, self._changed = self._changed, None
        if event is not None:
            event.set()
