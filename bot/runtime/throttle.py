"""Slowing down a reader who sends commands in a burst: a token bucket per user.

Each update from a reader takes a token; tokens come back at `per_second`, up to `capacity`.
Without a token the update is refused: the first refusal of a burst gets a polite notice, the
rest are dropped silently. The burst is over once the bucket is at least half full again (the
reader paused), so the next refusal gets a notice again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

BURST_CAPACITY = 8
REFILL_PER_SECOND = 0.5
_PRUNE_EVERY = 256


class Verdict(StrEnum):
    """What to do with one update."""

    ALLOW = "allow"
    NOTICE = "notice"  # refuse, and tell the reader once
    SILENT = "silent"  # refuse quietly


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float
    noticed: bool = False


class BurstLimiter:
    """Per-user token buckets on an injected monotonic `clock` (seconds)."""

    def __init__(
        self,
        *,
        capacity: float = BURST_CAPACITY,
        per_second: float = REFILL_PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = float(capacity)
        self.per_second = float(per_second)
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self._checks = 0

    def check(self, user_id: int) -> Verdict:
        """Take a token for one update of `user_id` and say whether it may be handled."""
        now = self.clock()
        self._checks += 1
        if self._checks % _PRUNE_EVERY == 0:
            self._prune(now)
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = self._buckets[user_id] = _Bucket(self.capacity, now)
        else:
            elapsed = max(0.0, now - bucket.at)
            bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self.per_second)
            bucket.at = now
        if bucket.noticed and bucket.tokens >= self.capacity / 2:
            bucket.noticed = False
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Verdict.ALLOW
        if bucket.noticed:
            return Verdict.SILENT
        bucket.noticed = True
        return Verdict.NOTICE

    def forget(self, user_id: int) -> None:
        """Drop what is known about `user_id` (after /deletedata)."""
        self._buckets.pop(user_id, None)

    def __len__(self) -> int:
        return len(self._buckets)

    def _prune(self, now: float) -> None:
        """Drop buckets that have refilled completely: they hold nothing worth keeping."""
        full_after = self.capacity / self.per_second
        stale = [uid for uid, b in self._buckets.items() if now - b.at >= full_after]
        for user_id in stale:
            del self._buckets[user_id]
