"""Which time zone a reader sees times in: the ONE place that decides it, and reading the zone
a reader types.

Earnings times (/earnings, /latest, the archive, the broadcast), the calendar file, the
reminders, the next delivery and the reader's own delivery time all ask `reader_zone`: the
zone the reader chose (`/settings zone Europe/Vienna`), else TIMEZONE. `reader_zones` is every
zone some reader sees (so the reminder job knows when nobody can be due yet).
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlmodel import Session

from bot.config import Settings
from storage.preferences import chosen_zones
from storage.subscribers import get_subscriber
from storage.tables import Subscriber

MAX_ZONE_CHARS = 64  # the column's length; IANA names are at most ~32 characters
MAX_TYPOS = 2
# German names of cities that have a zone of their own (the IANA names are English).
GERMAN_CITIES = {
    "wien": "Europe/Vienna", "zürich": "Europe/Zurich", "zuerich": "Europe/Zurich",
    "rom": "Europe/Rome", "prag": "Europe/Prague", "warschau": "Europe/Warsaw",
    "brüssel": "Europe/Brussels", "kopenhagen": "Europe/Copenhagen", "lissabon": "Europe/Lisbon",
    "athen": "Europe/Athens", "moskau": "Europe/Moscow", "luxemburg": "Europe/Luxembourg",
}  # fmt: skip


def reader_zone(subscriber: Subscriber | None, settings: Settings) -> ZoneInfo:
    """Return the zone `subscriber` sees times in (None: a reader we know nothing about)."""
    return zone_named(subscriber.timezone if subscriber is not None else None, settings)


def zone_named(name: str | None, settings: Settings) -> ZoneInfo:
    """The zone of a stored name; None (the default) or a name this machine does not know is
    TIMEZONE, never an error."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return settings.tz


def chat_zone(*, session: Session, chat_id: int, settings: Settings) -> ZoneInfo:
    """Return the zone of the reader in chat `chat_id` (one transaction: use `Database.run`)."""
    return reader_zone(get_subscriber(session=session, chat_id=chat_id), settings)


def reader_zones(*, session: Session, settings: Settings) -> set[ZoneInfo]:
    """Return every zone some reader sees times in (`reader_zone` of every reader)."""
    return {settings.tz} | {zone_named(name, settings) for name in chosen_zones(session=session)}


def find_zone(text: str) -> str | None:
    """The IANA name a reader means: "europe/vienna" → "Europe/Vienna"; a city alone if only
    one zone has it ("vienna", "new york" → "America/New_York", also "Wien"); None if none."""
    wanted = "_".join(text.strip().split()).casefold()
    if not wanted or len(wanted) > MAX_ZONE_CHARS:
        return None
    names = _zone_names()
    if wanted in names:
        return names[wanted]
    if wanted in GERMAN_CITIES:
        return GERMAN_CITIES[wanted]
    cities = [name for key, name in names.items() if key.rsplit("/", 1)[-1] == wanted]
    return cities[0] if len(cities) == 1 else None


def suggest_zone(text: str) -> str | None:
    """The zone a mistyped name is closest to ("Europe/Viena" → "Europe/Vienna"), or None."""
    wanted = "_".join(text.strip().split()).casefold()
    if not wanted or len(wanted) > MAX_ZONE_CHARS:
        return None
    names = _zone_names()
    best = process.extractOne(
        wanted, list(names), scorer=Levenshtein.distance, score_cutoff=MAX_TYPOS
    )
    return names[best[0]] if best is not None else None


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Every IANA zone this machine knows, by its case-folded name (read once, when needed)."""
    return {name.casefold(): name for name in available_timezones() if "/" in name or name == "UTC"}
