"""How fast and how carefully a run sends (a broadcast, a correction: the same settings).

- `rate`: messages per second in total (BROADCAST_RATE; 30, or 1000 when paid).
- `window`: messages that may be sent but not yet recorded in the ledger. It bounds the
  requests in flight (so it must cover rate × latency: 100 in flight at 1000/s and 100 ms)
  and what a hard kill can repeat. `window_for(rate)` is a quarter second of sending plus 8.
- `page_size`: chats per page of the ledger query that lists the work (the next page is read
  while one is sent).
- `chat_gap`: the least time between two messages to one chat (1 s).
- `poll_interval`: how often the status is re-read and the lease renewed (1 s).
- `policy`: retries of timeouts/5xx (4 attempts, backoff 1, 2, 4 s) and of 429s (10).
- `linger`: how long the ledger writer lets entries gather before a commit. At a paid rate a
  commit after every few answers cost more CPU than the sends themselves (bench/load.py):
  `linger_for(rate)` is 50 ms (≈50 entries per commit at 1000/s) from 200 msg/s on, else 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bot.delivery.retry import RetryPolicy
from bot.delivery.spacing import CHAT_GAP
from bot.runtime.lease import HEARTBEAT

PAGE_SIZE = 500


LINGER = 0.05
LINGER_FROM_RATE = 200.0


def linger_for(rate: float) -> float:
    """Seconds the ledger writer lets entries gather before a commit at `rate`."""
    return LINGER if rate >= LINGER_FROM_RATE else 0.0


def window_for(rate: float) -> int:
    """Messages that may be sent but not yet recorded: a quarter of a second of sending plus
    room for one commit (8 at least, 512 at most). A hard kill repeats at most this many."""
    return max(8, min(512, math.ceil(rate * 0.25) + 8))


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How fast and how carefully to send."""

    rate: float
    window: int
    page_size: int = PAGE_SIZE
    chat_gap: float = CHAT_GAP
    poll_interval: float = HEARTBEAT
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    linger: float = 0.0

    @classmethod
    def for_rate(cls, rate: float, **kwargs: object) -> EngineSettings:
        """Settings for `rate` messages per second, with the window that rate needs."""
        values = {"window": window_for(rate), "linger": linger_for(rate), **kwargs}
        return cls(rate=rate, **values)  # type: ignore[arg-type]
