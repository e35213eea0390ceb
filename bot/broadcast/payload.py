"""An issue's messages made ready to send thousands of times, and the chart's reusable file id.

Each stored message becomes its Bot API method and parameters once (`bot.delivery.calls`: text +
entities, link previews off; a photo by URL with its caption). With BROADCAST_PAID every send
carries `allow_paid_broadcast`.

A photo goes out by URL until Telegram accepted it once; from then on its `file_id` is sent
(faster, and Telegram does not fetch the URL 17,700 times). Until the id is known only one send
of that photo is in flight: `wait_turn` holds the others back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.delivery.calls import json_ready, message_call
from bot.delivery.transport import RawBot
from newsletter.model import Message


@dataclass(slots=True)
class PreparedMessage:
    """One message of the issue as a Bot API call without its `chat_id`."""

    endpoint: str
    params: dict[str, Any]
    photo_url: str | None = None
    file_id: str | None = None
    probing: bool = False
    known: asyncio.Event = field(default_factory=asyncio.Event)

    def call_params(self, chat_id: int, thread: int | None = None) -> dict[str, Any]:
        """The parameters for one chat (the photo as file id once Telegram gave one); `thread`:
        the forum topic a group's subscription is for."""
        params = {"chat_id": chat_id, **self.params}
        if self.photo_url is not None:
            params["photo"] = self.file_id or self.photo_url
        if thread is not None:
            params["message_thread_id"] = thread
        return params


def prepare(message: Message, *, paid: bool = False) -> PreparedMessage:
    """Turn a stored message into its Bot API call (`message_call`; the photo is added per
    chat)."""
    endpoint, params = message_call(message, paid=paid)
    prepared = PreparedMessage(endpoint, params, photo_url=message.photo or None)
    if prepared.photo_url is None:
        prepared.known.set()
    return prepared


class IssuePayload:
    """All messages of one issue, ready to send: the issue's messages 0…n-1, the compact
    message n (with its keyboard) if given, and for each zone the messages that read
    differently there (the earnings times), prepared the first time a zone is asked for."""

    def __init__(
        self,
        messages: list[Message],
        *,
        paid: bool = False,
        compact: tuple[Message, Any] | None = None,
        localize: Callable[[dt.tzinfo], list[Message]] | None = None,
    ) -> None:
        self.paid = paid
        self.messages = [prepare(m, paid=paid) for m in messages]
        self._base = list(messages)
        if compact is not None:
            message, markup = compact
            prepared = prepare(message, paid=paid)
            prepared.params["reply_markup"] = json_ready(markup)
            self.messages.append(prepared)
        self._localize = localize
        self._zones: dict[str, dict[int, PreparedMessage]] = {}

    def __len__(self) -> int:
        return len(self.messages)

    def variant(self, index: int, zone: dt.tzinfo | None = None) -> PreparedMessage:
        """Message `index` as it reads in `zone` (None: as stored)."""
        if zone is None or self._localize is None:
            return self.messages[index]
        key = str(zone)
        variants = self._zones.get(key)
        if variants is None:
            local = self._localize(zone)
            variants = {
                i: prepare(m, paid=self.paid)
                for i, (m, base) in enumerate(zip(local, self._base, strict=True))
                if m != base
            }
            self._zones[key] = variants
        return variants.get(index, self.messages[index])

    async def wait_turn(self, index: int) -> None:
        """Return when a send of message `index` may start: at once, unless it is a photo
        whose file id is still unknown and another send of it is in flight."""
        message = self.messages[index]
        while not message.known.is_set():
            if not message.probing:
                message.probing = True
                return
            await message.known.wait()

    async def send(
        self,
        bot: RawBot,
        chat_id: int,
        index: int,
        zone: dt.tzinfo | None = None,
        thread: int | None = None,
    ) -> dict[str, Any]:
        """Send message `index` (as it reads in `zone`) to `chat_id` (into forum topic
        `thread`, if given); return Telegram's raw answer (a Message dict)."""
        message = self.variant(index, zone)
        probe = message.file_id is None and message.photo_url is not None
        try:
            result = await bot.call(message.endpoint, message.call_params(chat_id, thread))
        except BaseException:
            if probe:
                message.probing = False
                wake(message)
            raise
        if probe and message.file_id is None:
            message.file_id = largest_file_id(result)
            message.probing = False
            if message.file_id is not None:
                message.known.set()
            else:
                wake(message)
        return result


def wake(message: PreparedMessage) -> None:
    """Let the senders waiting for a probe try again (the next one becomes the probe)."""
    message.known.set()
    message.known = asyncio.Event()


def largest_file_id(result: Any) -> str | None:
    """The `file_id` of the largest size of the photo in a sendPhoto answer, if any."""
    if not isinstance(result, dict):
        return None
    sizes = result.get("photo") or []
    if not sizes:
        return None
    best = max(sizes, key=lambda s: (s.get("width", 0) * s.get("height", 0), s.get("file_size", 0)))
    return best.get("file_id")
