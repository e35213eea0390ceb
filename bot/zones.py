"""Which time zone a reader sees times in: the ONE place that decides it.

Earnings times (/earnings, /latest, the archive, the broadcast), the calendar file and the
reminders all ask `reader_zone`. Today every reader sees TIMEZONE; once readers can choose a
zone, `reader_zone` changes, and `reader_zones` (every zone some reader sees, so the reminder
job knows when nobody can be due yet) with it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from bot.config import Settings
from storage.subscribers import get_subscriber
from storage.tables import Subscriber


def reader_zone(subscriber: Subscriber | None, settings: Settings) -> ZoneInfo:
    """Return the zone `subscriber` sees times in (None: a reader we know nothing about)."""
    return settings.tz


def chat_zone(*, session: Session, chat_id: int, settings: Settings) -> ZoneInfo:
    """Return the zone of the reader in chat `chat_id` (one transaction: use `Database.run`)."""
    return reader_zone(get_subscriber(session=session, chat_id=chat_id), settings)


def reader_zones(*, session: Session, settings: Settings) -> set[ZoneInfo]:
    """Return every zone some reader sees times in (`reader_zone` of every reader)."""
    return {settings.tz}


def zone_named(name: str | None, settings: Settings) -> ZoneInfo:
    """The zone a reader's stored `timezone` names (None, or a zone that no longer exists in
    the tz database: TIMEZONE)."""
    if not name:
        return settings.tz
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return settings.tz
