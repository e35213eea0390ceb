"""A reader's delivery time: what the stored `subscriber.delivery_time` means (no I/O).

Stored: None (the standard: BROADCAST_AT), "HH:MM" (that wall-clock time on BROADCAST_AT's
weekdays, in the reader's zone) or "now" (as soon as the issue is released). Anything else
(a value from a future version, a hand-edited row) is read as the standard, never an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.config import WeeklyTime
from bot.schedule import next_delivery

IMMEDIATE = "now"  # the stored value of `/settings zeit sofort`
_CLOCK = re.compile(r"(\d{2}):(\d{2})")


@dataclass(frozen=True, slots=True)
class DeliveryTime:
    """When a reader gets the issue: `schedule` (weekdays and time), or `immediate` (schedule
    None). `standard`: the reader chose nothing (BROADCAST_AT)."""

    schedule: WeeklyTime | None
    standard: bool = False

    @property
    def immediate(self) -> bool:
        """Whether the reader gets the issue as soon as it is released."""
        return self.schedule is None


def parse_delivery_time(stored: str | None, schedule: WeeklyTime) -> DeliveryTime:
    """Return what the stored value means, given BROADCAST_AT's `schedule`."""
    if stored == IMMEDIATE:
        return DeliveryTime(None)
    clock = stored_clock(stored)
    if clock is None:
        return DeliveryTime(schedule, standard=True)
    return DeliveryTime(WeeklyTime(days=schedule.days, time=clock))


def stored_clock(stored: str | None) -> dt.time | None:
    """The wall-clock time of a stored "HH:MM" (None for the standard, "now" or garbage)."""
    match = _CLOCK.fullmatch(stored or "")
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return dt.time(int(match[1]), int(match[2]))


def store_clock(clock: dt.time) -> str:
    """The stored form of a wall-clock time: "07:45"."""
    return f"{clock:%H:%M}"


def next_reader_delivery(
    now: dt.datetime, delivery: DeliveryTime, zone: dt.tzinfo
) -> dt.datetime | None:
    """The reader's next delivery after `now`, in their `zone` (None: `immediate`)."""
    if delivery.schedule is None:
        return None
    return next_delivery(now, delivery.schedule, zone)  # type: ignore[arg-type]
