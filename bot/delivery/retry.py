"""Trying one message again: how often, how long to wait, and the 429 pause for everyone.

`Retrier.again` acts on a failed attempt's `Outcome`: a 429 (`RATE_LIMITED`) pauses the shared
`Pace` for every sender for Telegram's `retry_after` and is waited out up to
`policy.rate_limited` times; a passing error (`RETRY`: timeout, 5xx, connection) backs off
(`policy.delay`) and gives up after `policy.attempts`; anything else is not tried again. A run
that is stopping does not sleep the backoff. `turn` waits for the chat's spacing and a pace slot
before the next attempt. The broadcast's `Deliverer` and the correction's `Editor` both use it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from bot.delivery.outcome import Kind, Outcome
from bot.delivery.pace import Pace, Sleep
from bot.delivery.spacing import ChatSpacing
from bot.runtime.metrics import MESSAGES, TELEGRAM_429


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often a message is tried again: transient errors back off (`backoff[i]` seconds
    before attempt i+2) and give up after `attempts`; 429s are waited out up to
    `rate_limited` times."""

    attempts: int = 4
    backoff: tuple[float, ...] = (1.0, 2.0, 4.0)
    rate_limited: int = 10

    def delay(self, failures: int) -> float:
        """Seconds to wait after the `failures`-th transient failure."""
        return self.backoff[min(failures, len(self.backoff)) - 1] if self.backoff else 0.0


@dataclass(slots=True)
class Attempts:
    """What the retries of one message have used up."""

    transient: int = 0
    rate_limited: int = 0


class Retrier:
    """The retry rules of one run, over its shared `Pace` and `ChatSpacing`."""

    def __init__(
        self,
        pace: Pace,
        spacing: ChatSpacing,
        *,
        policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        stopping: Callable[[], bool] = lambda: False,
    ) -> None:
        self.pace, self.spacing = pace, spacing
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.stopping = stopping

    async def again(self, outcome: Outcome, attempts: Attempts) -> bool:
        """Act on a failed attempt before the next one (pause everyone, back off); False: give
        up and record the outcome."""
        if outcome.kind is Kind.RATE_LIMITED:
            TELEGRAM_429.inc()
            self.pace.pause(outcome.retry_after)
            attempts.rate_limited += 1
            return _retried(attempts.rate_limited <= self.policy.rate_limited)
        if outcome.kind is Kind.RETRY:
            attempts.transient += 1
            if attempts.transient >= self.policy.attempts:
                return False
            if not self.stopping():
                await self.sleep(self.policy.delay(attempts.transient))
            return _retried(True)
        return False

    async def turn(self, chat_id: int) -> None:
        """Wait until the next attempt to `chat_id` may start: its spacing, then a pace slot."""
        await self.spacing.wait(chat_id)
        await self.pace.acquire()


def _retried(again: bool) -> bool:
    """Count an attempt that is tried again (`metrics.MESSAGES`, outcome "retried")."""
    if again:
        MESSAGES.labels(outcome="retried").inc()
    return again
