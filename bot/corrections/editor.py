"""Editing one message in one chat: the call, sorting the answer, trying again where it helps.

Every attempt waits for the chat's spacing and a slot of the shared `Pace` (the caller takes the
first slot). 429s and passing errors are tried again as the run's `Retrier` says (a 429 pauses
the pace for everyone first; timeouts and 5xx back off and give up after `policy.attempts`).
Whatever happens ends in one `EditRow` for the ledger (`verdict.judge` decides its status), or
None when the engine stops before a retry (nothing recorded: the edit is made when the
correction resumes).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from bot.corrections.edits import EditPayload
from bot.corrections.verdict import Verdict, judge
from bot.delivery.outcome import Outcome, classify
from bot.delivery.retry import Attempts, Retrier
from bot.delivery.transport import RawBot
from storage.corrections import EditRow
from storage.tables import EditStatus

log = logging.getLogger(__name__)

FailureHook = Callable[[int, int, str], None]  # (message index, chat id, error)


class Editor:
    """Makes the edits of one correction and turns each result into a ledger row."""

    def __init__(
        self,
        bot: RawBot,
        payload: EditPayload,
        retry: Retrier,
        *,
        correction_id: int,
        on_failed: FailureHook | None = None,
    ) -> None:
        self.bot, self.payload, self.retry = bot, payload, retry
        self.correction_id = correction_id
        self.on_failed = on_failed

    async def edit(
        self, chat_id: int, index: int, message_id: int, zone: dt.tzinfo | None = None
    ) -> EditRow | None:
        """Edit message `index` (Telegram id `message_id`) in `chat_id`, as it reads in `zone`;
        its ledger row."""
        attempts = Attempts()
        while True:
            outcome: Outcome | None = None
            try:
                await self.payload.edit(self.bot, index, chat_id, message_id, zone)
            except Exception as exc:
                outcome = classify(exc)
            finally:
                self.retry.spacing.note(chat_id)
            verdict = Verdict(EditStatus.EDITED) if outcome is None else judge(outcome)
            if verdict.status is not None:
                return self._row(chat_id, index, verdict)
            assert outcome is not None
            if not await self.retry.again(outcome, attempts):
                return self._row(chat_id, index, Verdict(EditStatus.FAILED, verdict.error))
            if self.retry.stopping():
                return None
            await self.retry.turn(chat_id)

    def _row(self, chat_id: int, index: int, verdict: Verdict) -> EditRow:
        assert verdict.status is not None
        if verdict.reportable:
            log.warning("edit of message %d in chat %d failed: %s", index, chat_id, verdict.error)
            if self.on_failed is not None:
                self.on_failed(index, chat_id, verdict.error or "")
        return EditRow(self.correction_id, chat_id, index, verdict.status.value, verdict.error)
