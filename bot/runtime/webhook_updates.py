"""The notes of delivered webhook updates: pruned by the leader once an hour.

Every update a webhook takes is noted by its update_id (`storage.webhook_updates`), so that
Telegram's retry of it, on whichever instance it lands, is processed once. Telegram keeps an
update for at most 24 hours; notes older than `KEEP` are deleted by the leader every hour.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram.ext import CallbackContext

from bot.config import Settings
from bot.deps import deps_of
from bot.runtime.jobs import Job
from storage.webhook_updates import prune_updates

log = logging.getLogger(__name__)

KEEP = dt.timedelta(days=2)
PRUNE_INTERVAL = 3600.0
PRUNE_JOB = "webhook-update-pruning"


def jobs(settings: Settings) -> list[Job]:
    """Prune old update notes every hour (leader only)."""
    return [Job(PRUNE_JOB, prune_update_notes, every=PRUNE_INTERVAL, first=60)]


async def prune_update_notes(context: CallbackContext) -> None:
    """Delete notes of updates older than `KEEP`."""
    deps = deps_of(context)
    removed = await deps.db.run(prune_updates, before=deps.clock() - KEEP)
    if removed:
        log.info("pruned %d old webhook update notes", removed)
