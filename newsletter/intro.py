"""The facts the intro states in prose: length ("1.066 Wörter … 5 Minuten") and today's date/week.

Each finder returns the values and the span of the whole sentence, so the caller can drop the
sentence from the header once its data is in `IssueMeta` (the renderer rebuilds it from there).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsletter.dates import find_date
from newsletter.sentences import sentence_end, sentence_start

# "1.066", "1,176", "17 659" (thin or non-breaking space), "980"
_THOUSANDS = r"[.,\u00a0\u202f ]"
_NUMBER = r"\d{1,3}(?:" + _THOUSANDS + r"\d{3})+|\d+"
_WORDS = re.compile(r"(" + _NUMBER + r")\s*(?:Wörter|Worte|Woerter)\b", re.IGNORECASE)
_MINUTES = re.compile(r"(\d{1,3})(?:\s*[-–]\s*\d{1,3})?\s*(?:Minuten|Minute|Min\.?)(?!\w)")
_TODAY = re.compile(r"Heute ist\b", re.IGNORECASE)
_WEEK = re.compile(r"\bKW\s*(\d{1,2})\b", re.IGNORECASE)
_DATE_REACH = 80  # how far after "Heute ist" the date may stand


@dataclass(frozen=True, slots=True)
class Length:
    """The length sentence: word count, reading minutes (None if not stated) and its span."""

    words: int
    minutes: int | None
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Today:
    """The "Heute ist …" sentence: its date, its week (None if not stated) and its span."""

    date: dt.date
    week: int | None
    span: tuple[int, int]


def parse_count(text: str) -> int:
    """Read a count written with thousands separators: "1.066", "1,176", "17 659" → int."""
    return int(re.sub(_THOUSANDS, "", text))


def find_length(text: str) -> Length | None:
    """Find "… hat 1.066 Wörter und das vollständige Lesen dauert etwa 5 Minuten." in `text`."""
    words = _WORDS.search(text)
    if words is None:
        return None
    end = sentence_end(text, words.end())
    minutes = _MINUTES.search(text, words.end(), end)
    start = sentence_start(text, words.start())
    return Length(
        words=parse_count(words.group(1)),
        minutes=int(minutes.group(1)) if minutes else None,
        span=(start, end),
    )


def find_today(text: str) -> Today | None:
    """Find "Heute ist Montag, der 3. Februar 2025 und die KW6 startet." in `text`."""
    for today in _TODAY.finditer(text):
        reach = text[today.end() : today.end() + _DATE_REACH]
        found = find_date(reach)
        if found is None:
            continue
        date, (_, date_end) = found
        date_end += today.end()
        end = sentence_end(text, date_end)
        week = _WEEK.search(text, date_end, end)
        return Today(
            date=date,
            week=_valid_week(week.group(1)) if week else None,
            span=(today.start(), end),
        )
    return None


def _valid_week(digits: str) -> int | None:
    week = int(digits)
    return week if 1 <= week <= 53 else None


def week_in(text: str) -> int | None:
    """Return the calendar week written as "KW6" / "KW 16" in `text` (a title), or None."""
    match = _WEEK.search(text)
    return _valid_week(match.group(1)) if match else None
