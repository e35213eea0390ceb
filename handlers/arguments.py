"""Reading what readers type after a command: invite payloads, weeks, days and companies.

Every parser returns None for input it does not understand; the handler answers with a hint.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from newsletter.german_dates import parse_weekday

MAX_QUERY_CHARS = 100
MAX_COMPANY_CHARS = 50
INVITE_PREFIX = "ref_"
_INVITE = re.compile(rf"^{INVITE_PREFIX}([A-Za-z0-9_-]{{1,32}})$")
_ISSUE = re.compile(r"^(?:kw\s*)?(\d{1,2})(?:\s*[/ ]\s*(\d{4}))?$", re.IGNORECASE)
_HAS_WORD = re.compile(r"\w")
FIRST_YEAR, LAST_YEAR = 2000, 2100


class IssueQuery(NamedTuple):
    """`/archive 6 2025`: a calendar week and maybe a year."""

    week: int
    year: int | None


class DayQuery(NamedTuple):
    """`/earnings heute|morgen|dienstag`: a weekday (0 = Monday), with the date if relative."""

    weekday: int
    date: dt.date | None = None
    relative: str | None = None


class CompanyQuery(NamedTuple):
    """`/earnings Palantir`."""

    name: str


def invite_payload(code: str) -> str:
    """Return the `/start` payload of an invite link: `ref_<code>` (read by `invite_code`)."""
    return INVITE_PREFIX + code


def invite_code(args: list[str]) -> str | None:
    """Return the code of a `/start ref_<code>` payload, None for no or any other payload."""
    if len(args) != 1:
        return None
    match = _INVITE.match(args[0])
    return match[1] if match else None


def issue_query(args: list[str]) -> IssueQuery | None:
    """Read "6", "KW6", "kw 6", "6 2025", "KW6/2025"; None for anything else."""
    text = " ".join(args).strip()
    match = _ISSUE.match(text) if len(text) <= 20 else None
    if match is None:
        return None
    week, year = int(match[1]), int(match[2]) if match[2] else None
    if not 1 <= week <= 53 or (year is not None and not FIRST_YEAR <= year <= LAST_YEAR):
        return None
    return IssueQuery(week, year)


def earnings_query(args: list[str], today: dt.date) -> DayQuery | CompanyQuery | None:
    """Read "heute", "morgen", a weekday ("dienstag", "Di") or a company name."""
    text = free_text(args)
    if not text or len(text) > MAX_COMPANY_CHARS or not _HAS_WORD.search(text):
        return None
    word = text.casefold()
    if word == "heute":
        return DayQuery(today.weekday(), today, "heute")
    if word == "morgen":
        tomorrow = today + dt.timedelta(days=1)
        return DayQuery(tomorrow.weekday(), tomorrow, "morgen")
    weekday = parse_weekday(text)
    if weekday is not None:
        return DayQuery(weekday)
    return CompanyQuery(text)


def free_text(args: list[str]) -> str:
    """Return the words after the command, joined by single spaces."""
    return " ".join(" ".join(args).split())


MAX_FOLLOW_CHARS = 60
_HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


class CompanyName(NamedTuple):
    """`/follow <name>`: the name, or why it cannot be one ("missing", "too_long", "no_name")."""

    name: str
    problem: str | None = None


def company_name(args: list[str]) -> CompanyName:
    """Read the company name after /follow or /unfollow (at most `MAX_FOLLOW_CHARS`, with at
    least one letter or digit)."""
    text = free_text(args)
    if not text:
        return CompanyName(text, "missing")
    if len(text) > MAX_FOLLOW_CHARS:
        return CompanyName(text, "too_long")
    if not _HAS_LETTER_OR_DIGIT.search(text):
        return CompanyName(text, "no_name")
    return CompanyName(text)
