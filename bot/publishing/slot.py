"""Delivery slots: which issue a slot (BROADCAST_AT) is for, and starting it once released.

A slot stays open for BROADCAST_GRACE after its time. Inside that window the slot's issue is
sent the moment it is there and released: at the slot itself, when it arrives later from the
feed or an upload (with FEED_URL the slot waits for *this week's* issue), or when an admin
approves it. Without FEED_URL the slot's issue is the newest one stored before the slot (an
issue stored later waits for /broadcast). When the window closes with nothing sent although
the slot waited for something, the admins are told once. Nothing is ever sent twice: there is
one broadcast per issue.

Late issues (with FEED_URL): this week's issue that arrives after the slot (KW42 2025 and KW5
2026 came out on a Wednesday) is sent when it arrives and is released, until the next slot,
whatever BROADCAST_GRACE says (the grace is for catching up a slot the bot missed). An issue of
a week before the slot's is never sent by itself (`release.of_past_week`): discovering an old
issue (the feed, an upload, the backfill) never sends it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlmodel import Session

from bot.broadcast import texts as broadcast_texts
from bot.broadcast.selection import Candidate, Plan, candidate
from bot.config import Settings
from bot.publishing import texts
from bot.publishing.release import (
    belongs_to_slot,
    of_past_week,
    release_state,
    waits_for_issue,
)
from bot.readers.delivery_times import IMMEDIATE
from bot.schedule import next_delivery, previous_delivery
from newsletter.german import titled_label
from storage.audiences import has_readers_at
from storage.broadcasts import broadcast_for_issue, newest_issue
from storage.notices import note_once
from storage.tables import BroadcastTrigger, IssueRecord

if TYPE_CHECKING:
    from bot.broadcast.service import BroadcastService, Notify

LATE_NOTICE = dt.timedelta(days=1)  # "nothing was sent" is not worth telling days later


def slot_candidate(
    *, session: Session, slot: dt.datetime, settings: Settings, at_slot: bool = False
) -> Candidate | None:
    """The issue the slot at `slot` is for, with its broadcast if it has one (`at_slot`: asked
    at the slot's time itself, so whatever is stored counts as stored before it)."""
    if not waits_for_issue(settings):
        found = candidate(session=session, ingested_before=None if at_slot else slot)
        day = slot.astimezone(settings.tz).date()
        if found is not None and of_past_week(*_week_of(found.issue), day):
            return None
        return found
    issue = newest_issue(session=session)
    if issue is None or issue.id is None or not belongs_to_slot(issue, slot, settings.tz):
        return None
    return Candidate(issue, broadcast_for_issue(session=session, issue_id=issue.id))


def open_slot(now: dt.datetime, settings: Settings) -> dt.datetime | None:
    """The slot whose window is open at `now`, or None."""
    slot = previous_delivery(now, settings.schedule, settings.tz)
    return slot if now - slot <= settings.broadcast_grace else None


async def slot_due(
    service: BroadcastService,
    slot: dt.datetime,
    notify: Notify | None = None,
    *,
    at_slot: bool = False,
) -> Plan | None:
    """Start the slot's issue if it is new and released. `at_slot`: the slot's time has just
    come, so the admins hear why nothing starts; later checks only remind once."""
    settings = service.settings
    found = await service.db.run(slot_candidate, slot=slot, settings=settings, at_slot=at_slot)
    deadline = slot + settings.broadcast_grace
    if found is None or not found.is_new:
        if at_slot and notify is not None and (why := await _nothing_new(service, found, slot)):
            await notify(why)
        return None
    state = release_state(found.issue, settings)
    if state.released:
        trigger = BroadcastTrigger.SCHEDULE.value
        plan = await service.start(trigger, issue_id=found.issue.id, only_new=True, anchor=slot)
        return plan if plan.created else None
    key = f"unreleased:{slot:%Y%m%dT%H%M}:{found.issue.id}"
    if notify is not None and await service.db.run(note_once, key=key):
        label = titled_label(found.issue)
        await notify(texts.awaiting_release(label, state.reason or "", deadline, settings.tz))
    return None


async def slot_time(service: BroadcastService, notify: Notify) -> Plan | None:
    """BROADCAST_AT has come: start the slot's issue if it is new and released, else tell the
    admins why not."""
    settings = service.settings
    slot = previous_delivery(service.now(), settings.schedule, settings.tz)
    return await slot_due(service, slot, notify, at_slot=True)


async def slot_tick(service: BroadcastService, notify: Notify | None = None) -> Plan | None:
    """Every few seconds (and after an issue arrived or was approved): start the open slot's
    issue if it is ready, or the coming slot's for readers who want it at once ("sofort");
    after a window closed with nothing sent, tell the admins once."""
    settings, now = service.settings, service.now()
    slot = open_slot(now, settings)
    if slot is not None:
        return await slot_due(service, slot, notify) or await sofort_due(service, slot)
    coming = next_delivery(now, settings.schedule, settings.tz)
    if (plan := await sofort_due(service, coming)) is not None:
        return plan
    slot = previous_delivery(now, settings.schedule, settings.tz)
    if (plan := await late_due(service, slot)) is not None:
        return plan
    if now - slot - settings.broadcast_grace > LATE_NOTICE or notify is None:
        return None
    found = await service.db.run(slot_candidate, slot=slot, settings=settings)
    waited = waits_for_issue(settings) or (found is not None and found.is_new)
    key = f"unsent:{slot:%Y%m%dT%H%M}"
    if waited and (found is None or found.is_new) and await service.db.run(note_once, key=key):
        label = titled_label(found.issue) if found else None
        await notify(texts.nothing_sent(slot, settings.tz, label))
    return None


async def sofort_due(service: BroadcastService, slot: dt.datetime) -> Plan | None:
    """Readers who chose "sofort" get an issue the moment it is released: the broadcast for
    `slot` starts now for them (everyone else gets it at their time on the slot's day)."""
    settings = service.settings
    if not await service.db.run(has_readers_at, delivery_time=IMMEDIATE):
        return None
    found = await service.db.run(slot_candidate, slot=slot, settings=settings, at_slot=True)
    if found is None or not found.is_new or not release_state(found.issue, settings).released:
        return None
    trigger = BroadcastTrigger.SCHEDULE.value
    plan = await service.start(trigger, issue_id=found.issue.id, only_new=True, anchor=slot)
    return plan if plan.created else None


async def late_due(service: BroadcastService, slot: dt.datetime) -> Plan | None:
    """With FEED_URL: start the week's issue of `slot` (whose window has closed) when it arrived
    after the slot, is new and released (see the module docstring)."""
    settings = service.settings
    if not waits_for_issue(settings):
        return None
    found = await service.db.run(slot_candidate, slot=slot, settings=settings, at_slot=True)
    if found is None or not found.is_new or found.issue.ingested_at <= slot:
        return None
    if not release_state(found.issue, settings).released:
        return None
    trigger = BroadcastTrigger.SCHEDULE.value
    plan = await service.start(trigger, issue_id=found.issue.id, only_new=True, anchor=slot)
    return plan if plan.created else None


def _week_of(issue: IssueRecord) -> tuple[int | None, int | None, dt.date | None]:
    return issue.week, issue.year, issue.date


async def _nothing_new(
    service: BroadcastService, found: Candidate | None, slot: dt.datetime
) -> str | None:
    """Why the slot sends nothing new (None: its broadcast is under way, nothing to say)."""
    settings = service.settings
    if found is None and not waits_for_issue(settings):
        newest = await service.db.run(candidate)
        if newest is not None and newest.is_new:  # of a past week: never sent by itself
            return texts.past_week_issue(titled_label(newest.issue))
    if found is not None and found.is_unfinished:
        assert found.broadcast is not None
        if found.broadcast.anchor_at == slot:
            return None  # started for this slot already ("sofort" readers): it goes on
        return broadcast_texts.already_running(titled_label(found.issue))
    if found is None and waits_for_issue(settings):
        return texts.waiting_for_issue()
    return broadcast_texts.no_new_issue(found.issue if found else None)
