"""A reader's choices as the bot uses them: what /settings shows, changing one, and the
format, sections and zone that /latest and /archive honour.

Each function is one transaction: call it through `Database.run(fn, **kwargs)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.config import Settings
from bot.readers.delivery_times import DeliveryTime, next_reader_delivery, parse_delivery_time
from bot.readers.preference_input import FORMAT, SECTIONS, TIME, TOGGLE, ZONE, Change
from bot.readers.subscription import Profile, open_chat
from bot.readers.zones import zone_named
from newsletter.choices import Choice, choice_of, parse_sections, store_sections
from storage.preferences import (
    Preferences,
    get_preferences,
    set_delivery_time,
    set_format,
    set_sections,
    set_timezone,
)
from storage.tables import Subscriber, SubscriberStatus

LAST_SECTION = "last_section"  # why a change was refused: it would switch every section off


@dataclass(frozen=True, slots=True)
class ReaderSettings:
    """Everything /settings shows: the choices with the defaults filled in, whether each is the
    default, whether the reader is subscribed, their next delivery in their zone (None: as
    soon as the issue is released), and the standards (BROADCAST_AT's time, TIMEZONE)."""

    choice: Choice
    delivery: DeliveryTime
    zone: ZoneInfo
    zone_is_default: bool
    subscribed: bool
    next_delivery: dt.datetime | None
    standard_time: dt.time  # BROADCAST_AT's
    standard_zone: str  # TIMEZONE


class Outcome(NamedTuple):
    """A change: the reader's settings after it, and why it was refused (None: it was made)."""

    settings: ReaderSettings
    refused: str | None = None


class Reading(NamedTuple):
    """How a reader reads issues: format and sections, and the zone of the times in them."""

    choice: Choice
    zone: ZoneInfo


def reader_choice(reader: Preferences | Subscriber, settings: Settings) -> Choice:
    """The format and sections of a reader (a subscriber row or its stored choices), with
    DEFAULT_FORMAT for a reader who chose no format."""
    return choice_of(reader.delivery_format, reader.sections, settings.default_format)


def summarize(preferences: Preferences, settings: Settings, now: dt.datetime) -> ReaderSettings:
    """What stored `preferences` mean under `settings` at `now` (no I/O)."""
    delivery = parse_delivery_time(preferences.delivery_time, settings.schedule)
    zone = zone_named(preferences.timezone, settings)
    return ReaderSettings(
        choice=reader_choice(preferences, settings),
        delivery=delivery,
        zone=zone,
        zone_is_default=zone.key == settings.tz.key,
        subscribed=preferences.status == SubscriberStatus.ACTIVE,
        next_delivery=next_reader_delivery(now, delivery, zone),
        standard_time=settings.schedule.time,
        standard_zone=settings.timezone,
    )


def reader_settings(
    *, session: Session, chat_id: int, settings: Settings, now: dt.datetime
) -> ReaderSettings:
    """Return the chat's settings (every default for a chat the bot does not know)."""
    return summarize(get_preferences(session=session, chat_id=chat_id), settings, now)


def reading_of(*, session: Session, chat_id: int, settings: Settings) -> Reading:
    """Return how the chat reads issues (/latest, /archive)."""
    preferences = get_preferences(session=session, chat_id=chat_id)
    return Reading(reader_choice(preferences, settings), zone_named(preferences.timezone, settings))


def change_setting(
    *,
    session: Session,
    chat_id: int,
    change: Change,
    settings: Settings,
    now: dt.datetime,
    profile: Profile | None = None,
) -> Outcome:
    """Make `change` (creating the chat like /start if it is new); at least one section stays
    on: switching off the last one is refused and changes nothing."""
    open_chat(session=session, chat_id=chat_id, profile=profile or Profile())
    if change.what == TOGGLE:
        assert change.value is not None, "a toggle names its section"
        chosen = parse_sections(get_preferences(session=session, chat_id=chat_id).sections)
        chosen = chosen ^ {change.value}
        if not chosen:
            unchanged = reader_settings(
                session=session, chat_id=chat_id, settings=settings, now=now
            )
            return Outcome(unchanged, LAST_SECTION)
        change = Change(SECTIONS, store_sections(chosen))
    setter, column = _SETTERS[change.what]
    preferences = setter(session=session, chat_id=chat_id, **{column: change.value})
    return Outcome(summarize(preferences, settings, now))


_SETTERS: dict[str, tuple[Callable[..., Preferences], str]] = {
    FORMAT: (set_format, "delivery_format"),
    SECTIONS: (set_sections, "sections"),
    TIME: (set_delivery_time, "delivery_time"),
    ZONE: (set_timezone, "timezone"),
}
