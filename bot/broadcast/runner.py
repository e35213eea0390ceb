"""Running one broadcast in this process: claim it, send it, finish it, tell the admins.

`run_broadcast` is what the schedule, the admin command, start-up resumption and the CLI all
call. It claims the lease (or raises `BroadcastBusy` when another live process sends), builds
the broadcaster's own bot, loads the issue's stored messages, and runs the `Engine` until the
ledger says every reader has every message, or until it is stopped. Complete: the broadcast
becomes `done` and the admins get the final report. Stopped: it stays `running`/`paused`
with a free lease, to be resumed. The lease is released in every case.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from telegram.request import BaseRequest

from bot.broadcast import texts
from bot.broadcast.channel import ensure_channel
from bot.broadcast.control import LEASE_LOST
from bot.broadcast.groups import DeliveryGroup, delivery_groups
from bot.broadcast.ledger import Counts
from bot.broadcast.notices import AdminNotices
from bot.broadcast.pace import Clock, Sleep
from bot.broadcast.payload import IssuePayload, RawBot
from bot.broadcast.progress import ProgressTracker, Snapshot
from bot.broadcast.refusals import Refusal
from bot.broadcast.rounds import Engine
from bot.broadcast.selection import BroadcastError
from bot.broadcast.start import Start, finish, load_start
from bot.broadcast.transport import build_broadcast_bot
from bot.broadcast.tuning import EngineSettings
from bot.config import Settings
from bot.database import Database
from bot.runtime.lease import claim, new_owner
from newsletter.german import titled_label
from storage.audiences import audiences
from storage.broadcast_leases import release_broadcast
from storage.tables.timestamps import utcnow

log = logging.getLogger(__name__)


class BroadcastBusy(BroadcastError):
    """Another live process sends this broadcast."""


@dataclass(frozen=True, slots=True)
class RunResult:
    """How a run ended: `complete`, or the reason it stopped; the engine's figures."""

    broadcast_id: int
    complete: bool
    stop_reason: str | None
    window: int
    peak_unrecorded: int


@dataclass(slots=True)
class RunHooks:
    """Optional callbacks: `engine` once the engine exists (to stop it), `tick` with every
    progress snapshot (about once a second)."""

    engine: Callable[[Engine], None] | None = None
    tick: Callable[[Snapshot], None] | None = None


async def run_broadcast(
    broadcast_id: int,
    *,
    settings: Settings,
    db: Database,
    owner: str | None = None,
    request: BaseRequest | None = None,
    engine_settings: EngineSettings | None = None,
    clock: Clock = time.monotonic,
    sleep: Sleep = asyncio.sleep,
    hooks: RunHooks | None = None,
    poll_sleep: Sleep | None = None,
    wall: Callable[[], dt.datetime] = utcnow,
) -> RunResult:
    """Send the broadcast from wherever its ledger stands (see the module docstring).

    `request` replaces the HTTP layer, `clock`/`sleep` time itself, `poll_sleep` the wait
    between two status polls (tests; default `sleep`), `wall` is the time of day that decides
    which delivery slots are due."""
    hooks = hooks or RunHooks()
    owner = owner or new_owner(settings.instance)
    if not await claim(db, broadcast_id, owner, ttl=settings.lease_ttl):
        raise BroadcastBusy("Dieser Versand läuft gerade in einem anderen Prozess.")
    tuning = engine_settings or EngineSettings.for_rate(settings.rate)
    try:
        bot = build_broadcast_bot(
            settings.require_token(),
            settings.telegram_api_url,
            connections=tuning.window,
            request=request,
        )
        start = await db.run(load_start, broadcast_id=broadcast_id)
        async with bot:
            timing = (clock, sleep, poll_sleep or sleep)
            return await _run(start, settings, db, bot, owner, tuning, timing, hooks, wall)
    finally:
        try:
            await db.run(release_broadcast, broadcast_id=broadcast_id, owner=owner)
        except Exception:
            log.exception("could not release broadcast %s", broadcast_id)


async def _run(
    start: Start,
    settings: Settings,
    db: Database,
    bot: RawBot,
    owner: str,
    tuning: EngineSettings,
    timing: tuple[Clock, Sleep, Sleep],
    hooks: RunHooks,
    wall: Callable[[], dt.datetime],
) -> RunResult:
    clock, sleep, poll_sleep = timing
    broadcast, label, content = start.broadcast, titled_label(start.issue), start.content
    assert broadcast.id is not None
    tracker = ProgressTracker(
        messages=len(content.numbered),
        recipients=broadcast.recipients or 0,
        base=Counts(broadcast.sent, broadcast.blocked, broadcast.failed),
        clock=clock,
    )

    async def tick(snapshot: Snapshot) -> None:
        if hooks.tick is not None:
            hooks.tick(snapshot)
        await notices.progress(texts.progress(label, snapshot, tz=settings.tz, rate=tuning.rate))
        await notices.flush_errors()

    def failed(index: int, chat_id: int, error: str) -> None:
        notices.failure(error, texts.failure(label, index, chat_id, error))

    async def refused(refusal: Refusal) -> None:
        await engine.control.pause(texts.refusal_reason(refusal))
        await notices.tell(texts.refused(label, refusal))

    planned: list[list[DeliveryGroup]] = []  # the groups read for the first progress message

    async def groups() -> list[DeliveryGroup]:
        if planned:
            return planned.pop()  # the first pass uses them instead of reading them again
        found = await db.run(audiences)
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
        sleep=sleep,
        on_tick=tick,
        on_failed=failed,
        poll_sleep=poll_sleep,
        on_refused=refused,
        groups=groups,
        wall=wall,
    )
    notices = AdminNotices(
        bot,
        db,
        broadcast.id,
        settings.admin_ids,
        pace=engine.pace,
        spacing=engine.spacing,
        clock=clock,
        progress_ids=broadcast.progress_message_ids,
    )
    if hooks.engine is not None:
        hooks.engine(engine)
    if (problem := await ensure_channel(bot, settings, db)) is not None:
        await notices.tell(texts.channel_problem(settings.channel_id or "", problem))
    planned.append(await groups())
    tracker.plan(planned[0])  # the first progress message shows the slots already
    first = texts.progress(label, engine.snapshot(), tz=settings.tz, rate=tuning.rate)
    await notices.progress(first, force=True)
    reason = await engine.run()
    await notices.flush_errors()
    if reason is None:
        finished = await db.run(finish, broadcast_id=broadcast.id, owner=owner)
        if finished is None:
            reason = LEASE_LOST
        else:
            report = texts.final_report(label, finished, notices.errors.most_common())
            await notices.progress(report, force=True)
            await notices.tell(report)
    if reason is not None:
        refusal = engine.deliverer.refusals.refusal
        final = texts.paused_by_refusal(label, refusal) if refusal else texts.stopped(label, reason)
        await notices.progress(final, force=True)
    if hooks.tick is not None:
        hooks.tick(engine.snapshot())
    return RunResult(
        broadcast_id=broadcast.id,
        complete=reason is None,
        stop_reason=reason,
        window=engine.dispatch.window.size,
        peak_unrecorded=engine.dispatch.window.peak,
    )
