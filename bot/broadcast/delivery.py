"""Delivering one message to one chat: send, sort the answer, try again where that helps.

Whatever happens ends in one `LedgerEntry`: `sent` (with Telegram's message id), `skipped`
(the chat is gone: it gets marked blocked), or `failed` (a 400 of ours, or a transient error
that outlived its retries). A migrated group is moved to its new id and the message goes there.
A 429 pauses the shared `Pace` for everyone before the message is tried again. Every attempt
waits for the chat's spacing and a pace slot; a stopping engine gives up before retrying (no
row: the message is sent when the broadcast resumes).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.broadcast.ledger import LedgerEntry
from bot.broadcast.outcome import Kind, Outcome, RetryPolicy, classify
from bot.broadcast.pace import Pace, Sleep
from bot.broadcast.payload import IssuePayload, RawBot
from bot.broadcast.spacing import ChatSpacing
from storage.deliveries import DeliveryRow
from storage.tables import DeliveryStatus

log = logging.getLogger(__name__)

FailureHook = Callable[[int, int, str], None]  # (message index, chat id, error)
MAX_MIGRATIONS = 3


@dataclass(slots=True)
class Attempts:
    """What the retries of one delivery have used up."""

    transient: int = 0
    rate_limited: int = 0


class Deliverer:
    """Sends messages of one broadcast and turns each result into a ledger entry."""

    def __init__(
        self,
        bot: RawBot,
        payload: IssuePayload,
        pace: Pace,
        spacing: ChatSpacing,
        *,
        broadcast_id: int,
        policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        stopping: Callable[[], bool] = lambda: False,
        on_migrated: Callable[[int, int], None] = lambda old, new: None,
        on_failed: FailureHook | None = None,
    ) -> None:
        self.bot = bot
        self.payload = payload
        self.pace = pace
        self.spacing = spacing
        self.broadcast_id = broadcast_id
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.stopping = stopping
        self.on_migrated = on_migrated
        self.on_failed = on_failed

    async def deliver(self, chat_id: int, index: int) -> LedgerEntry:
        """Send message `index` to `chat_id` (the first attempt's slot is already taken)."""
        target = chat_id
        holds = [chat_id]
        migrations: list[tuple[int, int]] = []
        attempts = Attempts()
        while True:
            try:
                result = await self.payload.send(self.bot, target, index)
            except Exception as exc:
                self.spacing.note(target)
                outcome = classify(exc)
            else:
                self.spacing.note(target)
                message_id = result.get("message_id") if isinstance(result, dict) else None
                row = self._row(target, index, DeliveryStatus.SENT, message_id=message_id)
                return LedgerEntry(row, tuple(holds), tuple(migrations))
            if not await self._handle(outcome, attempts, migrations, target):
                return LedgerEntry(
                    self._final_row(target, index, outcome), tuple(holds), tuple(migrations)
                )
            if outcome.kind is Kind.MIGRATED:
                target = migrations[-1][1]
                holds.append(target)
                self.on_migrated(migrations[-1][0], target)
            if self.stopping():
                return LedgerEntry(None, tuple(holds), tuple(migrations))
            await self.spacing.wait(target)
            await self.pace.acquire()

    async def _handle(
        self,
        outcome: Outcome,
        attempts: Attempts,
        migrations: list[tuple[int, int]],
        target: int,
    ) -> bool:
        """Act on a failed attempt before the next one; False: give up (record the outcome)."""
        kind = outcome.kind
        if kind is Kind.MIGRATED and outcome.new_chat_id is not None:
            if len(migrations) >= MAX_MIGRATIONS:
                return False
            migrations.append((target, outcome.new_chat_id))
            return True
        if kind is Kind.RATE_LIMITED:
            self.pace.pause(outcome.retry_after)
            attempts.rate_limited += 1
            return attempts.rate_limited <= self.policy.rate_limited
        if kind is Kind.RETRY:
            attempts.transient += 1
            if attempts.transient >= self.policy.attempts:
                return False
            if not self.stopping():
                await self.sleep(self.policy.delay(attempts.transient))
            return True
        return False  # blocked, failed

    def _final_row(self, chat_id: int, index: int, outcome: Outcome) -> DeliveryRow:
        if outcome.kind is Kind.BLOCKED:
            return self._row(chat_id, index, DeliveryStatus.SKIPPED, error=outcome.error)
        if outcome.reportable and self.on_failed is not None:
            self.on_failed(index, chat_id, outcome.error or "")
        log.warning("message %d to chat %d failed: %s", index, chat_id, outcome.error)
        return self._row(chat_id, index, DeliveryStatus.FAILED, error=outcome.error)

    def _row(
        self,
        chat_id: int,
        index: int,
        status: DeliveryStatus,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> DeliveryRow:
        return DeliveryRow(self.broadcast_id, chat_id, index, status.value, message_id, error)
