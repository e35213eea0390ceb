"""What the admins are told while a run works (a broadcast, a correction): one progress message
per admin, edited at most every `EDIT_INTERVAL` seconds, each new kind of error once, and a
final report.

Messages go through the run's own bot and its `Pace` (edits count against Telegram's limits
too) and are noted in the `ChatSpacing`, so an admin who also reads the newsletter is never
sent two messages within a second. The progress message ids are stored in the run's row, so a
resumed run edits the same message. A failing notice never disturbs the run, whatever it raises.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from telegram.error import BadRequest, TelegramError

from bot.database import Database
from bot.delivery.calls import json_ready
from bot.delivery.lease import RunRow
from bot.delivery.pace import Clock, Pace
from bot.delivery.spacing import ChatSpacing
from bot.delivery.transport import RawBot
from bot.runtime.containment import describe
from bot.runtime.sending import NO_PREVIEW
from storage.progress_messages import remember_progress_message

log = logging.getLogger(__name__)

EDIT_INTERVAL = 5.0
MAX_ERROR_NOTICES = 5


class AdminNotices:
    """Progress, errors and the final report for the admins of one run."""

    def __init__(
        self,
        bot: RawBot,
        db: Database,
        row: RunRow,
        admin_ids: Sequence[int],
        *,
        pace: Pace | None = None,
        spacing: ChatSpacing | None = None,
        clock: Clock = time.monotonic,
        progress_ids: dict[str, int] | None = None,
    ) -> None:
        self.bot = bot
        self.db = db
        self.row = row
        self.admin_ids = tuple(admin_ids)
        self.pace = pace
        self.spacing = spacing
        self.clock = clock
        self.progress_ids = {int(k): v for k, v in (progress_ids or {}).items()}
        self.errors: Counter[str] = Counter()
        self._last_text: str | None = None
        self._last_edit = float("-inf")
        self._pending_errors: list[str] = []

    async def progress(self, text: str, *, force: bool = False) -> None:
        """Show `text` in every admin's progress message (sent the first time, then edited);
        skipped when the last edit is less than `EDIT_INTERVAL` ago, unless `force`."""
        if text == self._last_text:
            return
        if not force and self.clock() - self._last_edit < EDIT_INTERVAL:
            return
        self._last_text, self._last_edit = text, self.clock()
        for chat_id in self.admin_ids:
            message_id = self.progress_ids.get(chat_id)
            if message_id is not None:
                params = {"chat_id": chat_id, "message_id": message_id, "text": text}
                if await self._call("editMessageText", params, chat_id) is not None:
                    continue
            sent = await self._call("sendMessage", {"chat_id": chat_id, "text": text}, chat_id)
            if isinstance(sent, dict) and "message_id" in sent:
                self.progress_ids[chat_id] = sent["message_id"]
                await self._remember(chat_id, sent["message_id"])

    def failure(self, error: str, text: str) -> None:
        """Count an error; the first of its kind is queued for the admins (see `flush_errors`)."""
        self.errors[error] += 1
        if self.errors[error] == 1 and len(self.errors) <= MAX_ERROR_NOTICES:
            self._pending_errors.append(text)

    async def flush_errors(self) -> None:
        """Send the queued error notices."""
        queued, self._pending_errors = self._pending_errors, []
        for text in queued:
            await self.tell(text)

    async def tell(self, text: str) -> None:
        """Send a new message to every admin."""
        for chat_id in self.admin_ids:
            await self._call("sendMessage", {"chat_id": chat_id, "text": text}, chat_id)

    async def _call(self, endpoint: str, params: dict[str, Any], chat_id: int) -> Any:
        """One call; None when Telegram refused it (logged, never raised)."""
        if endpoint != "editMessageText" and self.spacing is not None:
            await self.spacing.wait(chat_id)
        if self.pace is not None:
            await self.pace.acquire()
        params.setdefault("link_preview_options", json_ready(NO_PREVIEW))
        try:
            return await self.bot.call(endpoint, params)
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return True
            log.warning("admin notice to %s refused: %s", chat_id, exc.message)
        except TelegramError as exc:
            log.warning("admin notice to %s failed: %s", chat_id, exc.message)
        except Exception as exc:  # whatever it is: a notice is optional, the run goes on
            log.warning("admin notice to %s failed: %s", chat_id, describe(exc))
        finally:
            if self.spacing is not None:
                self.spacing.note(chat_id)
        return None

    async def _remember(self, chat_id: int, message_id: int) -> None:
        try:
            await self.db.run(
                remember_progress_message,
                model=self.row.model,
                row_id=self.row.id,
                admin_chat_id=chat_id,
                message_id=message_id,
            )
        except Exception:
            log.exception("could not store the progress message id of %s", self.row)
