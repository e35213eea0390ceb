"""Editing one message in one chat: the call, sorting the answer, trying again where it helps.

Every attempt waits for the chat's spacing and a slot of the shared `Pace` (the caller takes the
first slot). A 429 pauses the pace for everyone, then the edit is tried again (up to
`policy.rate_limited` times); timeouts and 5xx back off and give up after `policy.attempts`.
Whatever happens ends in one `EditRow` for the ledger, or None when the engine stops before a
retry (nothing recorded: the edit is made when the correction resumes).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from bot.broadcast.pace import Pace, Sleep
from bot.broadcast.payload import RawBot
from bot.broadcast.spacing import ChatSpacing
from bot.corrections.edits import EditPayload
from bot.corrections.verdict import Verdict, judge
from bot.runtime.outcome import RetryPolicy
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
        pace: Pace,
        spacing: ChatSpacing,
        *,
        correction_id: int,
        policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        stopping: Callable[[], bool] = lambda: False,
        on_failed: FailureHook | None = None,
    ) -> None:
        self.bot, self.payload, self.pace, self.spacing = bot, payload, pace, spacing
        self.correction_id = correction_id
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.stopping = stopping
        self.on_failed = on_failed

    async def edit(
        self, chat_id: int, index: int, message_id: int, zone: dt.tzinfo | None = None
    ) -> EditRow | None:
        """Edit message `index` (Telegram id `message_id`) in `chat_id`, as it reads in `zone`;
        its ledger row."""
        transient = limited = 0
        while True:
            try:
                await self.payload.edit(self.bot, index, chat_id, message_id, zone)
            except Exception as exc:
                verdict = judge(exc)
            else:
                verdict = Verdict(EditStatus.EDITED)
            finally:
                self.spacing.note(chat_id)
            if verdict.status is not None:
                return self._row(chat_id, index, verdict)
            if verdict.rate_limited:
                self.pace.pause(verdict.retry_after)
                limited += 1
                if limited > self.policy.rate_limited:
                    return self._row(chat_id, index, Verdict(EditStatus.FAILED, verdict.error))
            else:
                transient += 1
                if transient >= self.policy.attempts:
                    return self._row(chat_id, index, Verdict(EditStatus.FAILED, verdict.error))
                if not self.stopping():
                    await self.sleep(self.policy.delay(transient))
            if self.stopping():
                return None
            await self.spacing.wait(chat_id)
            await self.pace.acquire()

    def _row(self, chat_id: int, index: int, verdict: Verdict) -> EditRow:
        assert verdict.status is not None
        if verdict.reportable:
            log.warning("edit of message %d in chat %d failed: %s", index, chat_id, verdict.error)
            if self.on_failed is not None:
                self.on_failed(index, chat_id, verdict.error or "")
        return EditRow(self.correction_id, chat_id, index, verdict.status.value, verdict.error)
