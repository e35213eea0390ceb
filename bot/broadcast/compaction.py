"""Ledger compaction in the running bot: the leader compacts every finished broadcast's ledger
(`storage.compaction`) and forgets message ids no correction needs any more, every few minutes.

Each page is its own transaction, so readers and broadcasts keep going meanwhile; a compaction
that was interrupted continues where it stopped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from telegram.ext import Application, CallbackContext

from bot.database import Database
from bot.deps import app_deps
from bot.runtime.leader import leader_only
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


def schedule_compaction(app: Application) -> None:
    """Compact ledgers in the leader every `INTERVAL` seconds."""
    job_queue = app.job_queue
    assert job_queue is not None
    job_queue.run_repeating(
        leader_only(compaction_job), interval=INTERVAL, first=FIRST, name="ledger-compaction"
    )


async def compaction_job(context: CallbackContext) -> None:
    """The job callback."""
    await compact_ledgers(app_deps(context.application.bot_data).db)
