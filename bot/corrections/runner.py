"""Running one correction in this process: claim it, edit, complete it, tell the admins.

`run_correction` is what the button (through the service), start-up resumption and the CLI all
call. It claims the correction's lease (or raises `CorrectionBusy` when another live process
runs it), refuses while the broadcast is unfinished (its remaining readers still get the old
version, to be corrected afterwards), compares what readers have (the broadcast's snapshot)
with the correction's target, and runs the `CorrectionEngine` over the edits. Complete: the
correction becomes `done`, the broadcast's snapshot becomes the corrected content, and the
admins get the final report. Stopped: it stays unfinished with a free lease, to be resumed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session
from telegram.request import BaseRequest

from bot.broadcast.control import LEASE_LOST
from bot.broadcast.pace import Clock, Sleep
from bot.broadcast.progress import Snapshot
from bot.broadcast.transport import build_broadcast_bot
from bot.broadcast.tuning import EngineSettings
from bot.config import Settings
from bot.corrections import texts
from bot.corrections.edits import EditPayload
from bot.corrections.engine import CorrectionEngine, EditCounts
from bot.corrections.notices import CorrectionNotices
from bot.corrections.proposal import CorrectionError, count_copies
from bot.database import Database
from bot.readers.compact_issue import compact_message
from bot.readers.localized import localized_edits
from bot.readers.zones import zone_named
from bot.runtime.lease import new_owner, owner_is_dead, stale_before
from newsletter.choices import compact_index
from newsletter.diff import Edit, diff_issues
from newsletter.german import titled_label
from newsletter.model import Issue, Message
from newsletter.snapshot import issue_from_dict
from storage.broadcasts import FINAL_STATUSES, get_broadcast
from storage.corrections import finish_correction, get_correction, start_correction
from storage.deliveries import delivery_counts
from storage.issues import get_issue
from storage.leases import claim_lease, release_lease
from storage.tables import Correction

log = logging.getLogger(__name__)


class CorrectionBusy(CorrectionError):
    """Another live process runs this correction."""


@dataclass(frozen=True, slots=True)
class CorrectionResult:
    """How a run ended: `complete`, or the reason it stopped; the engine's window figures."""

    correction_id: int
    complete: bool
    stop_reason: str | None
    window: int
    peak_unrecorded: int


@dataclass(slots=True)
class CorrectionHooks:
    """Optional callbacks: `engine` once it exists (to stop it), `tick` with every progress
    snapshot (about once a second)."""

    engine: Callable[[CorrectionEngine], None] | None = None
    tick: Callable[[Snapshot], None] | None = None


@dataclass(frozen=True, slots=True)
class _Start:
    correction: Correction
    label: str
    payload: EditPayload
    counts: EditCounts


async def claim(db: Database, correction_id: int, owner: str) -> bool:
    """Try to become the correction's runner; return whether this process holds the lease."""
    correction = await db.run(get_correction, correction_id=correction_id)
    if correction is None:
        return False
    take_from = correction.owner if owner_is_dead(correction.owner) else None
    return await db.run(
        claim_lease,
        model=Correction,
        row_id=correction_id,
        owner=owner,
        stale_before=stale_before(),
        take_from=take_from,
    )


async def run_correction(
    correction_id: int,
    *,
    settings: Settings,
    db: Database,
    owner: str | None = None,
    request: BaseRequest | None = None,
    engine_settings: EngineSettings | None = None,
    clock: Clock = time.monotonic,
    sleep: Sleep = asyncio.sleep,
    hooks: CorrectionHooks | None = None,
    poll_sleep: Sleep | None = None,
) -> CorrectionResult:
    """Edit the correction's messages from wherever its ledger stands (see the module doc).

    `request` replaces the HTTP layer, `clock`/`sleep` time it, `poll_sleep` the wait between
    two lease renewals (tests)."""
    hooks = hooks or CorrectionHooks()
    owner = owner or new_owner()
    if not await claim(db, correction_id, owner):
        raise CorrectionBusy("Diese Korrektur läuft gerade in einem anderen Prozess.")
    tuning = engine_settings or EngineSettings.for_rate(settings.rate)
    try:
        start = await db.run(_start, correction_id=correction_id)
        bot = build_broadcast_bot(
            settings.require_token(),
            settings.telegram_api_url,
            connections=tuning.window,
            request=request,
        )
        async with bot:
            engine = CorrectionEngine(
                db=db,
                bot=bot,
                correction_id=correction_id,
                broadcast_id=start.correction.broadcast_id,
                owner=owner,
                payload=start.payload,
                settings=tuning,
                counts=start.counts,
                expected=start.correction.expected or 0,
                clock=clock,
                sleep=sleep,
                poll_sleep=poll_sleep,
                zone_of=lambda name: zone_named(name, settings),
            )
            notices = CorrectionNotices(
                bot,
                db,
                correction_id,
                settings.admin_ids,
                pace=engine.pace,
                spacing=engine.spacing,
                clock=clock,
                progress_ids=start.correction.progress_message_ids,
            )
            return await _run(engine, notices, start, db, owner, hooks, clock)
    finally:
        try:
            await db.run(release_lease, model=Correction, row_id=correction_id, owner=owner)
        except Exception:
            log.exception("could not release correction %s", correction_id)


async def _run(
    engine: CorrectionEngine,
    notices: CorrectionNotices,
    start: _Start,
    db: Database,
    owner: str,
    hooks: CorrectionHooks,
    clock: Clock,
) -> CorrectionResult:
    label, counts, began = start.label, engine.counts, clock()

    async def tick(snapshot: Snapshot) -> None:
        if hooks.tick is not None:
            hooks.tick(snapshot)
        await notices.progress(texts.progress(label, snapshot, counts.edited, counts.unchanged))
        await notices.flush_errors()

    def failed(index: int, chat_id: int, error: str) -> None:
        notices.failure(error, texts.failure(label, index, chat_id, error))

    engine.on_tick = tick
    engine.editor.on_failed = failed
    if hooks.engine is not None:
        hooks.engine(engine)
    await tick(engine.snapshot())
    reason = await engine.run()
    await notices.flush_errors()
    correction_id = start.correction.id
    assert correction_id is not None
    if reason is None:
        finished = await db.run(finish_correction, correction_id=correction_id, owner=owner)
        if finished is None:
            reason = LEASE_LOST
        else:
            seconds = _elapsed(finished) or (clock() - began)
            report = texts.final_report(
                label, seconds, counts.edited, counts.unchanged, counts.skipped, counts.failed
            )
            await notices.progress(report, force=True)
            await notices.tell(report)
    if reason is not None:
        await notices.progress(texts.stopped(label, reason), force=True)
    if hooks.tick is not None:
        hooks.tick(engine.snapshot())
    return CorrectionResult(
        correction_id, reason is None, reason, engine.window.size, engine.window.peak
    )


def _elapsed(correction: Correction) -> float | None:
    if correction.started_at is None or correction.finished_at is None:
        return None
    return (correction.finished_at - correction.started_at).total_seconds()


def _start(*, session: Session, correction_id: int) -> _Start:
    """Load what a run needs and mark the correction running; `CorrectionError` while the
    broadcast is unfinished or when the correction does not exist. The edits read as each
    reader got the broadcast: the earnings times on the reader's clock, the compact message
    (its index right after the issue's messages) for readers who chose it."""
    correction = get_correction(session=session, correction_id=correction_id)
    if correction is None:
        raise CorrectionError(f"Korrektur {correction_id} gibt es nicht.")
    broadcast = get_broadcast(session=session, broadcast_id=correction.broadcast_id)
    issue = get_issue(session=session, issue_id=correction.issue_id)
    assert broadcast is not None and broadcast.id is not None and issue is not None
    label = titled_label(issue)
    if broadcast.status not in FINAL_STATUSES:
        raise CorrectionError(texts.waiting(label))
    if broadcast.snapshot is None:
        raise CorrectionError(f"Für {label} ist nicht gespeichert, was versendet wurde.")
    sent, target = issue_from_dict(broadcast.snapshot), issue_from_dict(correction.target)
    diff = diff_issues(sent, target)
    expected = count_copies(session=session, broadcast_id=broadcast.id, diff=diff)
    compact = _compact_edit(sent, target, broadcast.issue_id)
    if compact is not None:
        counts = delivery_counts(
            session=session, broadcast_id=broadcast.id, message_index=compact[0]
        )
        expected += counts["sent"]
    start_correction(session=session, correction_id=correction_id, expected=expected)
    session.refresh(correction)
    counts = EditCounts(
        correction.edited, correction.unchanged, correction.skipped, correction.failed
    )

    def localize(zone: dt.tzinfo) -> tuple[Edit, ...]:
        return localized_edits(diff, target.earnings, zone)

    payload = EditPayload(diff.edits, localize=localize, compact=compact)
    return _Start(correction, label, payload, counts)


def _compact_edit(sent: Issue, target: Issue, issue_id: int) -> tuple[int, Message, Any] | None:
    """The compact message's edit (its index, new message, keyboard) if it changed."""
    old, new = compact_message(sent, issue_id), compact_message(target, issue_id)
    if old[0] == new[0] and old[1] == new[1]:
        return None
    return compact_index(len(sent.messages)), new[0], new[1]
