"""Ledger compaction in the running bot: the leader compacts every finished broadcast's ledger
(`storage.compaction`) and forgets message ids no correction needs any more, every few minutes.

Each page is its own transaction, so readers and broadcasts keep going meanwhile; a compaction
that was interrupted continues where it stopped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from telegram.ext import CallbackContext

from bot.config import Settings
from bot.database import Database
from bot.deps import deps_of
from bot.runtime.jobs import Job
from storage.compaction import (
    broadcasts_to_compact,
    compact_page,
    drop_old_message_ids,
    mark_compacted,
    start_compaction,
)
from storage.tables.timestamps import utcnow

log = logging.getLogger(__name__)

INTERVAL = 600.0  # seconds
FIRST = 120.0


async def compact_ledgers(db: Database, now: Callable[[], dt.datetime] = utcnow) -> list[int]:
    """Compact every finished broadcast's ledger; drop old message ids; return the broadcasts
    compacted."""
    done = []
    for broadcast_id in await db.run(broadcasts_to_compact):
        await db.run(start_compaction, broadcast_id=broadcast_id)
        after: int | None = None
        while True:
            after = await db.run(compact_page, broadcast_id=broadcast_id, after_chat_id=after)
            if after is None:
                break
        await db.run(mark_compacted, broadcast_id=broadcast_id)
        log.info("ledger of broadcast %s compacted", broadcast_id)
        done.append(broadcast_id)
    await db.run(drop_old_message_ids, now=now())
    return done


def jobs(settings: Settings) -> list[Job]:
    """Compact ledgers in the leader every `INTERVAL` seconds."""
    return [Job("ledger-compaction", compaction_job, every=INTERVAL, first=FIRST)]


async def compaction_job(context: CallbackContext) -> None:
    """The job callback."""
    await compact_ledgers(deps_of(context).db)
