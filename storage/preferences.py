"""A reader's choices on their subscriber row: format, sections, delivery time and zone.

The columns (migration 0008) hold None for "the default" (DEFAULT_FORMAT, every section,
BROADCAST_AT, TIMEZONE); what the values mean is `newsletter.choices` and
`bot.readers.delivery_times`. Setting a choice for a chat the bot does not know yet creates it, as
/start does (`storage.subscribers.get_or_create_subscriber`). /deletedata erases the row and so the
choices.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlmodel import Session, col

from storage.subscribers import get_or_create_subscriber, get_subscriber
from storage.tables import Subscriber
from storage.tables.timestamps import utcnow


class Preferences(NamedTuple):
    """A reader's stored choices (None: the default) and whether they are subscribed."""

    delivery_format: str | None = None
    sections: str | None = None
    delivery_time: str | None = None
    timezone: str | None = None
    status: str | None = None  # None: the bot does not know the chat


def preferences_of(subscriber: Subscriber | None) -> Preferences:
    """The choices stored on `subscriber` (a chat the bot does not know: every default)."""
    if subscriber is None:
        return Preferences()
    return Preferences(
        subscriber.delivery_format,
        subscriber.sections,
        subscriber.delivery_time,
        subscriber.timezone,
        subscriber.status,
    )


def get_preferences(*, session: Session, chat_id: int) -> Preferences:
    """Return the chat's choices (every default for a chat the bot does not know)."""
    return preferences_of(get_subscriber(session=session, chat_id=chat_id))


def set_format(*, session: Session, chat_id: int, delivery_format: str | None) -> Preferences:
    """Store the chat's format ("full" | "compact" | None for DEFAULT_FORMAT)."""
    return _set(session, chat_id, "delivery_format", delivery_format)


def set_sections(*, session: Session, chat_id: int, sections: str | None) -> Preferences:
    """Store the chat's sections (the stored form of `newsletter.choices.store_sections`)."""
    return _set(session, chat_id, "sections", sections)


def set_delivery_time(*, session: Session, chat_id: int, delivery_time: str | None) -> Preferences:
    """Store the chat's delivery time ("HH:MM" | "now" | None for BROADCAST_AT)."""
    return _set(session, chat_id, "delivery_time", delivery_time)


def set_timezone(*, session: Session, chat_id: int, timezone: str | None) -> Preferences:
    """Store the chat's time zone (an IANA name | None for TIMEZONE)."""
    return _set(session, chat_id, "timezone", timezone)


def chosen_zones(*, session: Session) -> list[str]:
    """Return every time zone some chat chose (distinct, sorted; TIMEZONE is not among them
    unless a reader chose it by name)."""
    query = select(col(Subscriber.timezone)).where(col(Subscriber.timezone).is_not(None)).distinct()
    return sorted(zone for zone in session.scalars(query) if zone)


def _set(session: Session, chat_id: int, column: str, value: str | None) -> Preferences:
    """Set one choice column of the chat (creating the chat if unknown); flush, never commit."""
    subscriber, _ = get_or_create_subscriber(session=session, chat_id=chat_id)
    if getattr(subscriber, column) != value:
        setattr(subscriber, column, value)
        subscriber.updated_at = utcnow()
        session.flush()
    return preferences_of(subscriber)
