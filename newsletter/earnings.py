"""Read the earnings section ("Quartalsergebnisse der Woche") into one row per company and day.

Input is the section as plain text, one day per line, for example
"Dienstag 4. Februar: PayPal (BMO), AMD (AMC)". Lines that are not day lines (the heading, a
remark) are ignored; the publisher is warned, in German, about anything that looks like a day but
cannot be read, and about dates that do not fit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsletter.earnings_timing import MAX_ALIAS_WORDS, read_timing
from newsletter.german_dates import (
    WEEKDAYS,
    format_day,
    german_date,
    parse_month,
    parse_weekday,
    weekday_name,
)
from newsletter.inline import squash
from newsletter.model import EarningsRow, Timing

# A date further than this from the issue date is kept but reported as a likely typo.
MAX_DAYS_FROM_ISSUE = 14
# Without a year in the line, the year is the one that puts the date closest to the issue date;
# a day/month that lies further than this from the issue in every candidate year does not exist.
_MAX_DAYS_FOR_YEAR = 190

_INVISIBLE = re.compile(r"[\u200b\u200c\u2060\ufeff]")
_LEADING_JUNK = re.compile(r"^[\W_]+")  # emoji, bullets, "**" in front of a line
_WORD = re.compile(r"([^\W\d_]+)\.?")
_AFTER_WEEKDAY = re.compile(r"[\s,:(\-–—]*(?:den\s+)?", re.IGNORECASE)
_NUMERIC_DATE = re.compile(
    r"(\d{1,2})\.\s?(\d{1,2})(?!\d)(?:\.(?:(\d{4}|\d{2})(?!\w))?)?"
)  # 3.2. / 03.02 / 3.2.2025 / 03.02.25
_NAMED_DATE = re.compile(r"(\d{1,2})\.?\s*([^\W\d_]+)\.?(?:\s*(\d{4})(?!\w))?")  # 3. Feb. 2025
_REST_LEAD = re.compile(r"^[\s)*_:|\-–—]+")
_TIMING_GROUP = re.compile(r"[(\[]\s*([^()\[\]]*?)\s*[)\]]\s*[.*!]*$")  # "(AMC)" ending an item
_TIMING_THEN_NAME = re.compile(r"[(\[]\s*([^()\[\]]*?)\s*[)\]](?=\s+\w)")
_SEPARATORS = re.compile(r"[()\[\],;]|\s+(?:und|&)\s+")
_NO_EARNINGS = frozenset({"keine", "nichts", "keine earnings", "keine termine", "n/a", "tba"})


@dataclass(frozen=True, slots=True)
class _DayLine:
    weekday: int | None
    day: int
    month: int
    year: int | None
    rest: str


def parse_earnings(
    text: str, *, issue_date: dt.date | None, year: int | None = None
) -> tuple[list[EarningsRow], list[str]]:
    """Return the rows of an earnings section in the order written, and German warnings.

    Each day line gives rows `EarningsRow(date, weekday, company, timing)`: the company as written
    (case kept), timing "BMO", "AMC" or None. A day without companies gives no row and no warning.

    The year comes from the line if it names one; else from `issue_date`, choosing the year that
    puts the date closest to it (a December issue listing "2. Januar" means next January);
    else from `year`. With neither, lines without a year are skipped with one warning: the core
    is pure and never guesses from today's date.

    A written weekday that does not match the date gives a warning; the date is kept as written
    and the row carries the weekday of that actual date. Unreadable or impossible dates skip the
    line with a warning; lines that look like no day at all are ignored silently.
    """
    rows: list[EarningsRow] = []
    warnings: list[str] = []
    day_lines = without_year = 0
    for raw in text.splitlines():
        line = _clean(raw)
        if not line:
            continue
        parsed = _read_day_line(line)
        if parsed is None:
            if _looks_like_day(line):
                warnings.append(f"Zeile „{_short(line)}“: kein Datum erkannt, übersprungen.")
            continue
        day_lines += 1
        date = _resolve_date(parsed, issue_date, year)
        if date is None:
            if parsed.year is None and issue_date is None and year is None:
                without_year += 1  # counted, reported once below
            else:
                label = format_day(parsed.day, parsed.month, parsed.year or year)
                warnings.append(f"Zeile „{_short(line)}“: den {label} gibt es nicht, übersprungen.")
            continue
        warnings.extend(_check_date(parsed, date, issue_date))
        for company, timing in _read_companies(parsed.rest, date, warnings):
            rows.append(EarningsRow(date, weekday_name(date), company, timing))
    if without_year:
        warnings.append(
            f"Earnings: kein Ausgabedatum und kein Jahr bekannt – {without_year} Tageszeile(n) "
            "ohne Jahreszahl übersprungen."
        )
    if day_lines == 0:
        warnings.append(
            "Earnings: keine Tageszeile erkannt "
            "(erwartet z. B. „Montag 3. Februar: Palantir (AMC)“)."
        )
    return rows, warnings


def _clean(raw: str) -> str:
    return _LEADING_JUNK.sub("", squash(_INVISIBLE.sub("", raw)))


def _short(line: str, limit: int = 60) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _read_day_line(line: str) -> _DayLine | None:
    """Read "<weekday> <date><sep> <companies>"; without a weekday the date must end in ":"."""
    pos = 0
    weekday = None
    if (word := _WORD.match(line)) and (weekday := parse_weekday(word.group(1))) is not None:
        after = _AFTER_WEEKDAY.match(line, word.end())  # matches always (it may be empty)
        pos = after.end() if after else word.end()
    found = _read_date(line, pos)
    if found is None:
        return None
    day, month, year, end = found
    rest = line[end:]
    if weekday is None and rest.strip() and not rest.lstrip().startswith(":"):
        return None
    return _DayLine(weekday, day, month, year, _REST_LEAD.sub("", rest))


def _read_date(line: str, pos: int) -> tuple[int, int, int | None, int] | None:
    if m := _NUMERIC_DATE.match(line, pos):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    elif (m := _NAMED_DATE.match(line, pos)) and (named := parse_month(m.group(2))):
        day, month, year = int(m.group(1)), named, m.group(3)
    else:
        return None
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
    return day, month, full_year, m.end()


def _looks_like_day(line: str) -> bool:
    """A line worth a warning: it names timings, or starts with a weekday and has a colon."""
    if any(read_timing(group) for group in re.findall(r"\(([^()]*)\)", line)):
        return True
    word = _WORD.match(line)
    return bool(word and parse_weekday(word.group(1)) is not None and ":" in line)


def _resolve_date(line: _DayLine, issue_date: dt.date | None, year: int | None) -> dt.date | None:
    fixed_year = line.year
    if fixed_year is None and issue_date is None:
        fixed_year = year
    if fixed_year is not None:
        try:
            return dt.date(fixed_year, line.month, line.day)
        except ValueError:
            return None
    if issue_date is None:
        return None
    candidates = []
    for candidate_year in (issue_date.year - 1, issue_date.year, issue_date.year + 1):
        try:
            candidates.append(dt.date(candidate_year, line.month, line.day))
        except ValueError:
            continue
    best = min(candidates, key=lambda d: abs((d - issue_date).days), default=None)
    if best is None or abs((best - issue_date).days) > _MAX_DAYS_FOR_YEAR:
        return None
    return best


def _check_date(line: _DayLine, date: dt.date, issue_date: dt.date | None) -> list[str]:
    label = german_date(date)
    warnings = []
    if line.weekday is not None and line.weekday != date.weekday():
        written = WEEKDAYS[line.weekday]
        short = format_day(date.day, date.month)
        warnings.append(f"{written} {label}: der {short} ist ein {weekday_name(date)}.")
    if issue_date is not None and abs(delta := (date - issue_date).days) > MAX_DAYS_FROM_ISSUE:
        side = "nach" if delta > 0 else "vor"
        warnings.append(
            f"{weekday_name(date)} {label}: liegt {abs(delta)} Tage {side} dem Ausgabedatum "
            f"({german_date(issue_date)}) – Tippfehler?"
        )
    return warnings


def _read_companies(
    rest: str, date: dt.date, warnings: list[str]
) -> list[tuple[str, Timing | None]]:
    if " ".join(rest.casefold().split()).rstrip(".") in _NO_EARNINGS:
        return []
    day = f"{weekday_name(date)} {german_date(date)}"  # as the warnings name it
    found: list[tuple[str, Timing | None]] = []
    for item in _split_items(rest):
        name, timings = _take_timing(item)
        if len(set(timings)) > 1:
            warnings.append(f"{day}: „{item}“ hat mehrere Zeitangaben, {timings[0]} übernommen.")
        if not re.search(r"\w", name):
            if timings:
                warnings.append(f"{day}: „{item}“ ohne Firmennamen.")
            continue
        found.append((name, timings[0] if timings else None))
    return found


def _split_items(rest: str) -> list[str]:
    """Split at "," and ";" outside parentheses; at "und" always, at "&" only after a timing.

    A timing followed by another name ("Apple (AMC) Snap (BMO)") ends an item too: a forgotten
    comma.
    """
    rest = _TIMING_THEN_NAME.sub(lambda m: m[0] + "," if read_timing(m[1]) else m[0], rest)
    items: list[str] = []
    depth = start = 0
    for m in _SEPARATORS.finditer(rest):
        token = m.group().strip()
        if token in ("(", "["):
            depth += 1
        elif token in (")", "]"):
            depth = max(depth - 1, 0)
        elif depth == 0 and (token != "&" or _take_timing(rest[start : m.start()])[1]):
            items.append(rest[start : m.start()])
            start = m.end()
    items.append(rest[start:])
    return [item.strip() for item in items if item.strip()]


def _take_timing(item: str) -> tuple[str, list[Timing]]:
    """Split "Alphabet (Google) (AMC)" into ("Alphabet (Google)", ["AMC"]); last written first."""
    name, timings = item.strip(), []
    while (m := _TIMING_GROUP.search(name)) and (timing := read_timing(m.group(1))):
        timings.append(timing)
        name = name[: m.start()].rstrip()
    if not timings:
        words = name.split()
        for count in range(min(MAX_ALIAS_WORDS, len(words) - 1), 0, -1):
            if timing := read_timing(" ".join(words[-count:])):
                timings.append(timing)
                name = " ".join(words[:-count]).rstrip(" -–—:/")
                break
    return name, timings
