"""Running one correction in this process: claim it, edit, complete it, tell the admins.

`run_correction` is what the button (through the service), start-up resumption and the CLI all
call. It holds the correction's lease (or raises `CorrectionBusy` when another live process
runs it), refuses while the broadcast is unfinished (its remaining readers still get the old
version, to be corrected afterwards), compares what readers have (the broadcast's snapshot)
with the correction's target, and runs the `CorrectionEngine` over the edits. Complete: the
correction becomes `done`, the broadcast's snapshot becomes the corrected content, and the
admins get the final report. Stopped: it stays unfinished with a free lease, to be resumed.
The lease and what the admins see work as for every run (`bot.delivery.lease`,
`bot.delivery.runner.Reporting`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Unpack

from sqlmodel import Session

from bot.config import Settings
from bot.corrections import texts
from bot.corrections.edits import EditPayload
from bot.corrections.engine import CorrectionEngine, EditCounts
from bot.corrections.proposal import CorrectionError, count_copies
from bot.database import Database
from bot.delivery.lease import RunRow, held
from bot.delivery.notices import AdminNotices
from bot.delivery.pace import Clock
from bot.delivery.runner import Reporting, RunHooks, RunOptions, RunResult, RunSetup
from bot.readers.compact_issue import compact_message
from bot.readers.localized import localized_edits
from bot.readers.zones import zone_named
from bot.runtime.lease import LEASE_TTL
from newsletter.choices import compact_index
from newsletter.diff import Edit, diff_issues
from newsletter.german import titled_label
from newsletter.model import Issue, Message
from newsletter.snapshot import issue_from_dict
from storage.broadcasts import FINAL_STATUSES, get_broadcast
from storage.corrections import finish_correction, get_correction, start_correction
from storage.deliveries import delivery_counts
from storage.issues import get_issue
from storage.tables import Correction


class CorrectionBusy(CorrectionError):
    """Another live process runs this correction."""


@dataclass(frozen=True, slots=True)
class _Start:
    correction: Correction
    label: str
    payload: EditPayload
    counts: EditCounts


async def run_correction(
    correction_id: int,
    *,
    settings: Settings,
    db: Database,
    hooks: RunHooks[CorrectionEngine] | None = None,
    **options: Unpack[RunOptions],
) -> RunResult:
    """Edit the correction's messages from wherever its ledger stands (see the module doc);
    `options` see `RunOptions`."""
    hooks = hooks or RunHooks()
    setup = RunSetup.of(settings, options, instance=None)
    row = RunRow(Correction, correction_id, "correction")
    busy = CorrectionBusy("Diese Korrektur läuft gerade in einem anderen Prozess.")
    async with held(db, row, setup.owner, ttl=LEASE_TTL, busy=busy):
        start = await db.run(_start, correction_id=correction_id)
        async with setup.bot(settings) as bot:
            engine = CorrectionEngine(
                db=db,
                bot=bot,
                correction_id=correction_id,
                broadcast_id=start.correction.broadcast_id,
                owner=setup.owner,
                payload=start.payload,
                settings=setup.tuning,
                counts=start.counts,
                expected=start.correction.expected or 0,
                clock=setup.clock,
                sleep=setup.sleep,
                poll_sleep=setup.poll_sleep,
                zone_of=lambda name: zone_named(name, settings),
            )
            notices = AdminNotices(
                bot,
                db,
                row,
                settings.admin_ids,
                pace=engine.pace,
                spacing=engine.spacing,
                clock=setup.clock,
                progress_ids=start.correction.progress_message_ids,
            )
            return await _run(engine, notices, start, db, setup.owner, hooks, setup.clock)


async def _run(
    engine: CorrectionEngine,
    notices: AdminNotices,
    start: _Start,
    db: Database,
    owner: str,
    hooks: RunHooks[CorrectionEngine],
    clock: Clock,
) -> RunResult:
    label, counts, began = start.label, engine.counts, clock()
    reporting = Reporting(
        notices,
        hooks,
        progress=lambda snap: texts.progress(label, snap, counts.edited, counts.unchanged),
        failure=lambda index, chat_id, error: texts.failure(label, index, chat_id, error),
    )
    engine.on_tick, engine.editor.on_failed = reporting.tick, reporting.failed
    if hooks.engine is not None:
        hooks.engine(engine)
    await reporting.tick(engine.snapshot())
    correction_id = start.correction.id
    assert correction_id is not None

    async def complete() -> str | None:
        finished = await engine.db.run(
            finish_correction, correction_id=correction_id, owner=owner
        )  # waits out a database outage
        if finished is None:
            return None
        seconds = _elapsed(finished) or (clock() - began)
        return texts.final_report(
            label, seconds, counts.edited, counts.unchanged, counts.skipped, counts.failed
        )

    def stopped(reason: str) -> str:
        return texts.stopped(label, reason)

    return await reporting.end(engine, await engine.run(), complete=complete, stopped=stopped)


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
        delivered = delivery_counts(
            session=session, broadcast_id=broadcast.id, message_index=compact[0]
        )
        expected += delivered["sent"]
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
