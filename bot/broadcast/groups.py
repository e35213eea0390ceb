"""Delivery groups: which messages each group of readers gets, in which zone, and when.

Readers with the same delivery time, zone, format and sections (`storage.audiences.Audience`)
get the same messages (`newsletter.choices.message_plan`: the compact message, or the messages
of their sections) with the earnings times on the same clock, at the same moment. A broadcast
for a slot (`anchor`, the BROADCAST_AT moment it is for) is due for a group at the group's
delivery time on the slot's day, in the group's zone; `sofort` readers ("now") and every reader
of a broadcast without a slot (/broadcast, `doppelbot broadcast --now`) are due at once.
Groups of one slot are sent one slot after the other, earliest first (see `rounds`); the
progress shows each slot with its readers and messages (`slot_plans`, `track`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.delivery.progress import ProgressTracker, SlotPlan
from bot.readers.delivery_times import parse_delivery_time
from bot.readers.zones import zone_named
from newsletter.choices import choice_of, message_plan
from storage.audiences import Audience


@dataclass(frozen=True, slots=True)
class DeliveryGroup:
    """One group's delivery: its readers, their messages in order, their zone, when it is due
    (None: at once) and how its slot is named for the admins ("07:00", "sofort")."""

    audience: Audience
    readers: int
    plan: tuple[int, ...]
    zone: ZoneInfo
    due: dt.datetime | None
    slot: str

    def is_due(self, now: dt.datetime) -> bool:
        """Whether the group's readers may get the issue at `now`."""
        return self.due is None or self.due <= now

    def next_of(self, position: int) -> int | None:
        """The plan position after `position`, or None at the end."""
        return position + 1 if position + 1 < len(self.plan) else None


def delivery_groups(
    audiences: Sequence[tuple[Audience, int]],
    kinds: Sequence[str],
    settings: Settings,
    anchor: dt.datetime | None,
) -> list[DeliveryGroup]:
    """The groups of a broadcast whose issue's messages have section `kinds`; sorted by when
    they are due (at once first), then by their columns."""
    groups = []
    for audience, readers in audiences:
        choice = choice_of(audience.delivery_format, audience.sections, settings.default_format)
        zone = zone_named(audience.timezone, settings)
        delivery = parse_delivery_time(audience.delivery_time, settings.schedule)
        at = delivery.schedule.time if delivery.schedule is not None else None
        due = None
        if anchor is not None and at is not None:
            day = anchor.astimezone(settings.tz).date()
            due = dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)
        slot = "sofort" if at is None else f"{at:%H:%M}"
        plan = message_plan(kinds, choice)
        groups.append(DeliveryGroup(audience, readers, plan, zone, due, slot))
    floor = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(groups, key=lambda g: (g.due or floor, tuple(str(v or "") for v in g.audience)))


def slot_plans(groups: Sequence[DeliveryGroup]) -> tuple[SlotPlan, ...]:
    """The slots of `groups` (sorted by due time), each with its readers and messages."""
    plans = []
    for due, grouped in itertools.groupby(groups, key=lambda g: g.due):
        members = list(grouped)
        names = sorted({g.slot for g in members})
        plans.append(
            SlotPlan(
                " / ".join(names),
                due,
                sum(g.readers for g in members),
                sum(g.readers * len(g.plan) for g in members),
            )
        )
    return tuple(plans)


def track(tracker: ProgressTracker, groups: Sequence[DeliveryGroup]) -> None:
    """Make `groups` the tracker's plan: its slots, expected rows and longest plan."""
    longest = max((len(g.plan) for g in groups), default=tracker.messages)
    tracker.plan(slot_plans(groups), longest)
