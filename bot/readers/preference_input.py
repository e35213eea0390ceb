"""What a reader asks of /settings, typed or pressed, read into one request (no I/O).

Typed (German or English words, any case)::

    /settings                          the overview
    /settings format kompakt|voll      /settings format   → the format buttons
    /settings zeit 07:45|sofort|standard                  (also 7:45, 7.45, 7 Uhr)
    /settings zone Europe/Vienna|Wien|standard
    /settings abschnitte [news chart …|alle]             without words: the section buttons

Pressed: the settings buttons carry `set:<what>[:<value>]` (at most 64 bytes):
`set:menu`, `set:fmt`, `set:fmt:compact`, `set:time:07:45`, `set:time:now`, `set:time:std`,
`set:zone:Europe/Vienna`, `set:sec:news` (switch one section on or off), … `button_data` writes
them and `read_button` reads them back; data it does not know (an old or forged button) is None.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.readers.delivery_times import IMMEDIATE, store_clock, stored_clock
from bot.readers.zones import find_zone, suggest_zone
from newsletter.choices import FORMATS, SECTION_CHOICES, parse_format, store_sections

FORMAT, TIME, ZONE, SECTIONS, TOGGLE = "format", "time", "zone", "sections", "toggle"
OVERVIEW = "overview"
_KEYWORDS = {
    "format": FORMAT, "zeit": TIME, "uhrzeit": TIME, "time": TIME, "zone": ZONE,
    "zeitzone": ZONE, "timezone": ZONE, "abschnitte": SECTIONS, "abschnitt": SECTIONS,
    "sections": SECTIONS,
}  # fmt: skip
_NOW_WORDS = ("sofort", "jetzt", "now")
_STANDARD_WORDS = ("standard", "default", "zurück", "zurueck")
_ALL_WORDS = ("alle", "all", "alles")
SECTION_WORDS = {
    "lead": "lead", "hauptthema": "lead", "news": "news", "chart": "chart", "podcast": "podcast",
    "hörenswert": "podcast", "hoerenswert": "podcast", "earnings": "earnings",
}  # fmt: skip
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(?:\s*uhr)?", re.IGNORECASE)
PREFIX = "set:"
_CODES = {FORMAT: "fmt", TIME: "time", ZONE: "zone", TOGGLE: "sec", OVERVIEW: "menu",
          SECTIONS: "secs"}  # fmt: skip
_WHATS = {code: what for what, code in _CODES.items()}
STANDARD = "std"  # a button's value for "back to the default"


class Change(NamedTuple):
    """Store `value` (None: back to the default) as the reader's `what` (FORMAT, TIME, ZONE,
    SECTIONS); TOGGLE switches the section kind `value` on or off."""

    what: str
    value: str | None


class Menu(NamedTuple):
    """Show the overview (OVERVIEW) or the buttons of one setting (FORMAT, TIME, ZONE,
    SECTIONS)."""

    what: str = OVERVIEW


class Problem(NamedTuple):
    """Input that cannot be a setting: `what` it was meant for ("usage" when unknown), what
    was `given`, and a zone the reader may have meant."""

    what: str
    given: str = ""
    suggestion: str | None = None


def read_arguments(args: list[str]) -> Change | Menu | Problem:
    """Read the words after /settings."""
    words = " ".join(args).split()
    if not words:
        return Menu()
    what = _KEYWORDS.get(words[0].casefold())
    if what is None:
        return Problem("usage", words[0])
    rest = " ".join(words[1:])
    if not rest:
        return Menu(what)
    if what == FORMAT:
        chosen = parse_format(rest)
        return Problem(FORMAT, rest) if chosen is None else Change(FORMAT, chosen)
    if what == TIME:
        return _read_time(rest)
    if what == ZONE:
        return _read_zone(rest)
    return _read_sections(words[1:])


def _read_time(text: str) -> Change | Problem:
    word = text.casefold()
    if word in _NOW_WORDS:
        return Change(TIME, IMMEDIATE)
    if word in _STANDARD_WORDS:
        return Change(TIME, None)
    match = _CLOCK.fullmatch(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2] or 0) > 59:
        return Problem(TIME, text)
    return Change(TIME, f"{int(match[1]):02d}:{match[2] or '00'}")


def _read_zone(text: str) -> Change | Problem:
    if text.casefold() in _STANDARD_WORDS:
        return Change(ZONE, None)
    zone = find_zone(text)
    if zone is None:
        return Problem(ZONE, text, suggest_zone(text))
    return Change(ZONE, zone)


def _read_sections(words: list[str]) -> Change | Problem:
    if len(words) == 1 and words[0].casefold() in _ALL_WORDS:
        return Change(SECTIONS, None)
    kinds = set()
    for word in " ".join(words).replace(",", " ").split():
        kind = SECTION_WORDS.get(word.casefold())
        if kind is None:
            return Problem(SECTIONS, word)
        kinds.add(kind)
    if not kinds:  # only commas: no section at all, which is not "every section"
        return Problem(SECTIONS, " ".join(words))
    return Change(SECTIONS, store_sections(kinds))


def button_data(request: Change | Menu) -> str:
    """The callback data of a settings button that asks for `request`."""
    code = _CODES[request.what]
    if isinstance(request, Menu):
        return PREFIX + code
    return f"{PREFIX}{code}:{STANDARD if request.value is None else request.value}"


def read_button(data: str) -> Change | Menu | None:
    """The request of a settings button's data; None for data no current button has."""
    if not data.startswith(PREFIX):
        return None
    code, _, value = data[len(PREFIX) :].partition(":")
    what = _WHATS.get(code)
    if what is None or (what == OVERVIEW and value):
        return None
    if not value:
        return None if what == TOGGLE else Menu(what)
    if what == FORMAT and value in FORMATS:
        return Change(FORMAT, value)
    if what == TOGGLE and value in SECTION_CHOICES:
        return Change(TOGGLE, value)
    if what in (TIME, ZONE) and value == STANDARD:
        return Change(what, None)
    if what == TIME and (value == IMMEDIATE or _canonical_clock(value)):
        return Change(TIME, value)
    if what == ZONE and find_zone(value) == value:
        return Change(ZONE, value)
    return None


def _canonical_clock(value: str) -> bool:
    clock = stored_clock(value)
    return clock is not None and store_clock(clock) == value
