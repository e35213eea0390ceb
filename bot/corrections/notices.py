"""What the admins see while a correction runs: the broadcast's notices (one progress message
per admin, edited every few seconds through the shared pace, each new kind of error once, the
final report), with the progress message ids kept in the correction, so a resumed correction
edits the same message."""

from __future__ import annotations

import logging

from bot.broadcast.notices import AdminNotices
from storage.progress_messages import remember_progress_message
from storage.tables import Correction

log = logging.getLogger(__name__)


class CorrectionNotices(AdminNotices):
    """The broadcast's admin notices, remembering the progress message in the correction."""

    async def _remember(self, chat_id: int, message_id: int) -> None:
        try:
            await self.db.run(
                remember_progress_message,
                model=Correction,
                row_id=self.broadcast_id,
                admin_chat_id=chat_id,
                message_id=message_id,
            )
        except Exception:
            log.exception("could not store the correction's progress message id")
