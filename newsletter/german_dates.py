"""German weekday and month names: reading them as people type them, writing them properly.

Reading is forgiving (case, a trailing dot, "ae/oe/ue" for umlauts, common abbreviations such as
"Di", "Feb.", "Sept.", "Maerz"; a few English month names); writing always uses the full German
name ("Dienstag", "3. Februar 2025").

This module owns every German weekday and month name of the project: the date finder
(`newsletter.dates`), the earnings parser and the renderer's header all read and write through it.
"""

from __future__ import annotations

import datetime as dt

WEEKDAYS: tuple[str, ...] = (
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
)

MONTHS: tuple[str, ...] = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

# Every spelling accepted besides the full name, per weekday (Monday first). Keys are folded.
_WEEKDAY_ALIASES: tuple[tuple[str, ...], ...] = (
    ("mo",),
    ("di",),
    ("mi",),
    ("do",),
    ("fr",),
    ("sa", "sonnabend"),
    ("so",),
)

# Every spelling accepted besides the full name, per month (January first). Keys are folded.
_MONTH_ALIASES: tuple[tuple[str, ...], ...] = (
    ("jan", "jaen", "jaenner", "january"),
    ("feb", "febr", "february"),
    ("maer", "mar", "mrz", "marz", "march"),
    ("apr",),
    ("may",),
    ("jun", "june"),
    ("jul", "july"),
    ("aug",),
    ("sep", "sept", "septemb"),
    ("okt", "oct", "october"),
    ("nov", "novemb"),
    ("dez", "dec", "december"),
)

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(token: str) -> str:
    """Return `token` lower-cased, umlauts spelled out ("ä" → "ae"), without a trailing dot."""
    return token.strip().casefold().translate(_UMLAUTS).rstrip(".")


def _lookup(token: str, names: tuple[str, ...], aliases: tuple[tuple[str, ...], ...]) -> int | None:
    key = fold(token)
    for index, (name, extra) in enumerate(zip(names, aliases, strict=True)):
        if key == fold(name) or key in extra:
            return index
    return None


def parse_weekday(token: str) -> int | None:
    """Return the weekday (0 = Montag … 6 = Sonntag) a token names, or None.

    Accepts full names and the usual abbreviations in any case, with or without a dot:
    "Dienstag", "di", "Di.", "Sonnabend".
    """
    return _lookup(token, WEEKDAYS, _WEEKDAY_ALIASES)


def parse_month(token: str) -> int | None:
    """Return the month (1 = Januar … 12 = Dezember) a token names, or None.

    Accepts full names, abbreviations with or without a dot and umlaut spellings:
    "Februar", "Feb.", "Sept.", "März", "Maerz", "Mrz", and the English names.
    """
    index = _lookup(token, MONTHS, _MONTH_ALIASES)
    return None if index is None else index + 1


def weekday_name(date: dt.date) -> str:
    """Return the German name of the weekday of `date` ("Montag")."""
    return WEEKDAYS[date.weekday()]


def format_day(day: int, month: int, year: int | None = None) -> str:
    """Return "3. Februar" or, with a year, "3. Februar 2025"."""
    text = f"{day}. {MONTHS[month - 1]}"
    return text if year is None else f"{text} {year}"


def german_date(date: dt.date) -> str:
    """Write `date` the German way: "3. Februar 2025"."""
    return format_day(date.day, date.month, date.year)


def german_moment(moment: dt.datetime) -> str:
    """Write a (local) time the German way: "Montag, 9. Februar, 07:00 Uhr"."""
    day = moment.date()
    return f"{weekday_name(day)}, {format_day(day.day, day.month)}, {moment:%H:%M} Uhr"
