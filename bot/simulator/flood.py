"""Telegram's flood limits as token buckets: one global, one per chat, on an injected clock.

A request takes one token from the global bucket and one from its chat's bucket, or neither: a
refused request costs nothing. The answer to a refusal is the whole seconds until both buckets
would have a token again (at least 1), which is what Telegram puts in `retry_after`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Hashable

_EPS = 1e-9  # float noise of `now - then` must not refuse a token that is due


class FloodControl:
    """Global and per-chat token buckets.

    `rate` (tokens/s, None = unlimited) refills the global bucket of `global_burst` tokens
    (default: one second's worth, like "30 messages per second"). `per_chat_rate` (None =
    unlimited) refills each chat's bucket of `burst` tokens. `clock` returns seconds.
    """

    def __init__(
        self,
        rate: float | None = 30.0,
        per_chat_rate: float | None = 1.0,
        *,
        burst: float = 3,
        global_burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate or None
        self.per_chat_rate = per_chat_rate or None
        self.burst = float(burst)
        self.global_burst = float(global_burst or max(1.0, rate or 1.0))
        self.clock = clock
        self._tokens = self.global_burst
        self._at = clock()
        self._chats: dict[Hashable, tuple[float, float]] = {}

    def take(self, chat_id: Hashable | None) -> int:
        """Take a token for a message to `chat_id`: 0 if allowed, else `retry_after` seconds."""
        now = self.clock()
        wait = 0.0
        tokens = chat_tokens = 0.0
        if self.rate is not None:
            tokens = min(self.global_burst, self._tokens + (now - self._at) * self.rate)
            self._tokens, self._at = tokens, now
            if tokens < 1.0 - _EPS:
                wait = (1.0 - tokens) / self.rate
        chat_rate = self.per_chat_rate
        per_chat = chat_rate is not None and chat_id is not None
        if chat_rate is not None and chat_id is not None:
            state = self._chats.get(chat_id)
            if state is None:
                chat_tokens = self.burst
            else:
                chat_tokens = min(self.burst, state[0] + (now - state[1]) * chat_rate)
            if chat_tokens < 1.0 - _EPS:
                wait = max(wait, (1.0 - chat_tokens) / chat_rate)
        if wait > 0.0:
            if per_chat:
                self._chats[chat_id] = (chat_tokens, now)
            return max(1, math.ceil(wait - _EPS))
        if self.rate is not None:
            self._tokens = tokens - 1.0
        if per_chat:
            self._chats[chat_id] = (chat_tokens - 1.0, now)
        return 0

    def reset(self) -> None:
        """Fill every bucket again."""
        self._tokens = self.global_burst
        self._at = self.clock()
        self._chats.clear()
