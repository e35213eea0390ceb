"""Delivering one message to one chat: send, sort the answer, try again where that helps.

Whatever happens ends in one `LedgerEntry`: `sent` (with Telegram's message id), `skipped`
(the chat is gone: it gets marked blocked), or `failed` (a 400 of ours, or a transient error
that outlived its retries). A "Bad Request" goes through the `RefusalWatch` first: while its
message is suspected to be refused for everyone the entry has no row, and when it is, the
`on_refused` hook pauses the broadcast. A migrated group is moved to its new id and the
message goes there. 429s and passing errors are tried again as the run's `Retrier` says (a 429
pauses the shared `Pace` for everyone first). Every attempt waits for the chat's spacing and a
pace slot; a stopping engine gives up before retrying (no row: the message is sent when the
broadcast resumes).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from bot.broadcast.ledger import LedgerEntry
from bot.broadcast.payload import IssuePayload
from bot.broadcast.refusals import Refusal, RefusalWatch, Verdict
from bot.delivery.outcome import Kind, Outcome, classify
from bot.delivery.retry import Attempts, Retrier
from bot.delivery.transport import RawBot
from storage.deliveries import DeliveryRow
from storage.tables import DeliveryStatus

log = logging.getLogger(__name__)

FailureHook = Callable[[int, int, str], None]  # (message index, chat id, error)
RefusalHook = Callable[[Refusal], Awaitable[None]]
MAX_MIGRATIONS = 3


class Deliverer:
    """Sends messages of one broadcast and turns each result into a ledger entry."""

    def __init__(
        self,
        bot: RawBot,
        payload: IssuePayload,
        retry: Retrier,
        *,
        broadcast_id: int,
        on_migrated: Callable[[int, int], None] = lambda old, new: None,
        on_failed: FailureHook | None = None,
        on_refused: RefusalHook | None = None,
        refusals: RefusalWatch | None = None,
    ) -> None:
        self.bot = bot
        self.payload = payload
        self.retry = retry
        self.spacing = retry.spacing
        self.broadcast_id = broadcast_id
        self.on_migrated = on_migrated
        self.on_failed = on_failed
        self.on_refused = on_refused
        self.refusals = refusals or RefusalWatch()

    async def deliver(
        self, chat_id: int, index: int, zone: dt.tzinfo | None = None, thread: int | None = None
    ) -> LedgerEntry:
        """Send message `index` (as it reads in `zone`) to `chat_id`, into forum topic `thread`
        if given (the first attempt's slot is already taken)."""
        target = chat_id
        holds = [chat_id]
        migrations: list[tuple[int, int]] = []
        attempts = Attempts()
        while True:
            try:
                result = await self.payload.send(self.bot, target, index, zone, thread)
            except Exception as exc:
                self.spacing.note(target)
                outcome = classify(exc)
            else:
                self.spacing.note(target)
                message_id = result.get("message_id")
                row = self._row(target, index, DeliveryStatus.SENT, message_id=message_id)
                also = self._report(self.refusals.sent(index))
                return LedgerEntry(row, tuple(holds), tuple(migrations), also)
            if not await self._handle(outcome, attempts, migrations, target):
                return await self._final(target, index, outcome, holds, migrations)
            if outcome.kind is Kind.MIGRATED:
                target = migrations[-1][1]
                holds.append(target)
                self.on_migrated(migrations[-1][0], target)
            if self.retry.stopping():
                return LedgerEntry(None, tuple(holds), tuple(migrations))
            await self.retry.turn(target)

    async def _handle(
        self,
        outcome: Outcome,
        attempts: Attempts,
        migrations: list[tuple[int, int]],
        target: int,
    ) -> bool:
        """Act on a failed attempt before the next one; False: give up (record the outcome)."""
        if outcome.kind is Kind.MIGRATED and outcome.new_chat_id is not None:
            if len(migrations) >= MAX_MIGRATIONS:
                return False
            migrations.append((target, outcome.new_chat_id))
            return True
        return await self.retry.again(outcome, attempts)  # 429, passing errors; else give up

    async def _final(
        self,
        chat_id: int,
        index: int,
        outcome: Outcome,
        holds: list[int],
        migrations: list[tuple[int, int]],
    ) -> LedgerEntry:
        """The entry of a delivery that gives up; a refused one asks the `RefusalWatch`."""
        if outcome.kind is Kind.BLOCKED:
            row = self._row(chat_id, index, DeliveryStatus.SKIPPED, error=outcome.error)
            return LedgerEntry(row, tuple(holds), tuple(migrations))
        row = self._row(chat_id, index, DeliveryStatus.FAILED, error=outcome.error)
        also: tuple[DeliveryRow, ...] = ()
        if outcome.refused:
            verdict, released = self.refusals.refused(row)
            also = self._report(released)
            if verdict is not Verdict.RECORD:
                if verdict is Verdict.SYSTEMATIC:
                    await self.refused_for_everyone()
                return LedgerEntry(None, tuple(holds), tuple(migrations), also)
        self._report([row], tell=outcome.reportable)
        return LedgerEntry(row, tuple(holds), tuple(migrations), also)

    async def refused_for_everyone(self) -> None:
        """Tell the `on_refused` hook (once) that a message is refused for everyone."""
        refusal = self.refusals.refusal
        if refusal is not None and self.on_refused is not None:
            hook, self.on_refused = self.on_refused, None
            await hook(refusal)

    def release_open(self) -> tuple[DeliveryRow, ...]:
        """The end of a pass: rows held back for messages under suspicion are failed after
        all (see `RefusalWatch.release_open`); they are reported and returned to be recorded."""
        return self._report(self.refusals.release_open())

    def _report(self, rows: list[DeliveryRow], *, tell: bool = True) -> tuple[DeliveryRow, ...]:
        """Log rows that are recorded as failed; `tell` the admins (`on_failed`) about them."""
        for row in rows:
            if tell and self.on_failed is not None:
                self.on_failed(row.message_index, row.chat_id, row.error or "")
            log.warning("message %d to chat %d failed: %s", row.message_index, row.chat_id,
                        row.error)  # fmt: skip
        return tuple(rows)

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
