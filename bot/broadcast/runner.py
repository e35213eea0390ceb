"""Running one broadcast in this process: claim it, send it, finish it, tell the admins.

`run_broadcast` is what the schedule, the admin command, start-up resumption and the CLI all
call. It holds the lease (or raises `BroadcastBusy` when another live process sends), loads the
broadcaster's own bot, loads the issue's stored messages, and runs the `Engine` until the
ledger says every reader has every message, or until it is stopped. Complete: the broadcast
becomes `done` and the admins get the final report. Stopped: it stays `running`/`paused`
with a free lease, to be resumed. The lease is released in every case (`bot.delivery.lease`);
what the admins see is reported as for every run (`bot.delivery.runner.Reporting`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Unpack

from bot.broadcast import texts
from bot.broadcast.channel import channel_notice
from bot.broadcast.groups import DeliveryGroup, delivery_groups, track
from bot.broadcast.payload import IssuePayload
from bot.broadcast.refusals import Refusal
from bot.broadcast.rounds import Engine
from bot.broadcast.selection import BroadcastError
from bot.broadcast.start import Start, finish, load_start
from bot.config import Settings
from bot.database import Database
from bot.delivery.lease import RunRow, held
from bot.delivery.notices import AdminNotices
from bot.delivery.progress import Counts, ProgressTracker, Snapshot
from bot.delivery.runner import Reporting, RunHooks, RunOptions, RunResult, RunSetup
from bot.delivery.transport import BroadcastBot
from bot.runtime.metrics import BROADCAST_PROGRESS, BROADCAST_RUNNING
from newsletter.german import titled_label
from storage.audiences import audiences
from storage.tables import Broadcast
from storage.tables.timestamps import utcnow


class BroadcastBusy(BroadcastError):
    """Another live process sends this broadcast."""


async def run_broadcast(
    broadcast_id: int,
    *,
    settings: Settings,
    db: Database,
    hooks: RunHooks[Engine] | None = None,
    wall: Callable[[], dt.datetime] = utcnow,
    **options: Unpack[RunOptions],
) -> RunResult:
    """Send the broadcast from wherever its ledger stands (see the module docstring); `wall`
    is the time of day that decides which delivery slots are due, `options` see `RunOptions`
    (the owner id names INSTANCE_NAME)."""
    hooks = hooks or RunHooks()
    setup = RunSetup.of(settings, options, instance=settings.instance)
    row = RunRow(Broadcast, broadcast_id, "broadcast")
    busy = BroadcastBusy("Dieser Versand läuft gerade in einem anderen Prozess.")
    async with held(db, row, setup.owner, ttl=settings.lease_ttl, busy=busy):
        bot = setup.bot(settings)
        start = await db.run(load_start, broadcast_id=broadcast_id)
        BROADCAST_RUNNING.inc()
        try:
            async with bot:
                return await _run(start, settings, db, bot, setup, hooks, wall)
        finally:
            BROADCAST_RUNNING.dec()


async def _run(
    start: Start,
    settings: Settings,
    db: Database,
    bot: BroadcastBot,
    setup: RunSetup,
    hooks: RunHooks[Engine],
    wall: Callable[[], dt.datetime],
) -> RunResult:
    clock, owner, tuning = setup.clock, setup.owner, setup.tuning
    broadcast, label, content = start.broadcast, titled_label(start.issue), start.content
    assert broadcast.id is not None
    tracker = ProgressTracker(
        messages=len(content.numbered),
        recipients=broadcast.recipients or 0,
        base=Counts(broadcast.sent, broadcast.blocked, broadcast.failed),
        clock=clock,
    )

    async def refused(refusal: Refusal) -> None:
        await engine.pause(texts.refusal_reason(refusal))
        await notices.tell(texts.refused(label, refusal))

    planned: list[list[DeliveryGroup]] = []  # the groups read for the first progress message

    async def groups() -> list[DeliveryGroup]:
        if planned:
            return planned.pop()  # the first pass uses them instead of reading them again
        found = await engine.db.run(audiences)  # waits out a database outage
        return delivery_groups(found, content.kinds, settings, broadcast.anchor_at)

    payload = IssuePayload(
        content.messages,
        paid=settings.broadcast_paid,
        compact=content.compact,
        localize=content.localized,
    )
    engine = Engine(
        db=db,
        bot=bot,
        broadcast_id=broadcast.id,
        owner=owner,
        payload=payload,
        settings=tuning,
        progress=tracker,
        clock=clock,
        sleep=setup.sleep,
        poll_sleep=setup.poll_sleep,
        on_refused=refused,
        groups=groups,
        wall=wall,
    )
    notices = AdminNotices(
        bot,
        db,
        engine.row,
        settings.admin_ids,
        pace=engine.pace,
        spacing=engine.spacing,
        clock=clock,
        progress_ids=broadcast.progress_message_ids,
    )
    reporting = Reporting(
        notices,
        hooks,
        progress=lambda snap: texts.progress(label, snap, tz=settings.tz, rate=tuning.rate),
        failure=lambda index, chat_id, error: texts.failure(label, index, chat_id, error),
    )

    async def tick(snapshot: Snapshot) -> None:
        BROADCAST_PROGRESS.set(snapshot.share)
        await reporting.tick(snapshot)

    engine.on_tick, engine.deliverer.on_failed = tick, reporting.failed
    if hooks.engine is not None:
        hooks.engine(engine)
    if (notice := await channel_notice(bot, settings, db)) is not None:
        await notices.tell(notice)
    planned.append(await groups())
    track(tracker, planned[0])  # the first progress message shows the slots already
    first = texts.progress(label, engine.snapshot(), tz=settings.tz, rate=tuning.rate)
    await notices.progress(first, force=True)

    async def complete() -> str | None:
        finished = await engine.db.run(finish, broadcast_id=broadcast.id, owner=owner)
        if finished is None:
            return None
        return texts.final_report(label, finished, notices.errors.most_common())

    def stopped(reason: str) -> str:
        refusal = engine.deliverer.refusals.refusal
        return texts.paused_by_refusal(label, refusal) if refusal else texts.stopped(label, reason)

    result = await reporting.end(engine, await engine.run(), complete=complete, stopped=stopped)
    BROADCAST_PROGRESS.set(1.0 if result.complete else engine.snapshot().share)
    return result
