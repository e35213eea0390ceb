"""Per-chat pacing of outgoing messages: a short burst, then about one message per second.

Telegram allows about one message per second in a private chat (short bursts are tolerated,
then it answers 429). PTB's `AIORateLimiter` limits the whole bot and groups, not private chats,
and a 429 makes it pause *every* request. `PacedRateLimiter` adds a per-chat schedule in front
of it, so a reply of seven messages (`/latest`) is spread out instead of running into 429s.
Every message it lets go is announced to `on_message` first: the application makes a running
broadcast's pace give way (`bot.delivery.pace.Pace.give_way`), so replies and the broadcast
share Telegram's overall limit instead of running into it. Each 429 Telegram answers the
application's bot anyway is counted (`metrics.TELEGRAM_429`) before PTB's limiter waits and
tries again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

from bot.runtime.metrics import TELEGRAM_429

PER_CHAT_BURST = 3
PER_CHAT_INTERVAL = 1.1  # seconds; a little slower than Telegram's 1/s, so jitter does not hurt
_PRUNE_SIZE = 4096
_PACED_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
    }
)


class ChatPacer:
    """A virtual schedule per chat (GCRA): `burst` messages at once, then one per `interval`.

    `reserve` books the next free slot synchronously, so concurrent senders to one chat queue up
    in call order without a lock.
    """

    def __init__(
        self,
        *,
        burst: int = PER_CHAT_BURST,
        interval: float = PER_CHAT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.interval = interval
        self.tolerance = (burst - 1) * interval
        self.clock = clock
        self.sleep = sleep
        self._due: dict[int | str, float] = {}

    def reserve(self, chat_id: int | str) -> float:
        """Book a slot for one message to `chat_id`; return how many seconds to wait for it."""
        now = self.clock()
        if len(self._due) >= _PRUNE_SIZE:
            self._due = {chat: due for chat, due in self._due.items() if due > now}
        due = max(self._due.get(chat_id, now), now)
        wait = max(0.0, due - self.tolerance - now)
        self._due[chat_id] = due + self.interval
        return wait

    async def wait(self, chat_id: int | str) -> None:
        """Wait until a message to `chat_id` may go out."""
        delay = self.reserve(chat_id)
        if delay > 0:
            await self.sleep(delay)


class PacedRateLimiter(AIORateLimiter):
    """`AIORateLimiter` plus `ChatPacer` for messages to private chats (positive chat ids)."""

    def __init__(self, *, pacer: ChatPacer | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pacer = pacer or ChatPacer()
        self.on_message: Callable[[], None] | None = None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Wait for the chat's slot (private chats, message-sending methods), then go on."""
        chat_id = data.get("chat_id")
        if endpoint in _PACED_METHODS and isinstance(chat_id, int) and chat_id > 0:
            await self.pacer.wait(chat_id)
        if endpoint in _PACED_METHODS and self.on_message is not None:
            self.on_message()
        return await super().process_request(
            _counting_429(callback), args, kwargs, endpoint, data, rate_limit_args
        )


def _counting_429(
    callback: Callable[..., Coroutine[Any, Any, Any]],
) -> Callable[..., Coroutine[Any, Any, Any]]:
    """`callback` (one request to Telegram), counting its 429 answers."""

    async def request(*args: Any, **kwargs: Any) -> Any:
        try:
            return await callback(*args, **kwargs)
        except RetryAfter:
            TELEGRAM_429.inc()
            raise

    return request
