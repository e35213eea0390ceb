"""Earnings reminders: on the day a followed company reports, one message at REMINDER_AT.

Every minute `send_reminders` reads the newest issue's list. Each active reader whose
REMINDER_AT has passed today on their own clock (`bot.readers.zones.reader_zone`), with followed
companies reporting on that local date, gets one message naming them with the clock time:
"📅 Heute nach US-Börsenschluss (22:00): AMD". Several companies on one day: one message.

Once per reader and day, across restarts: the reminder's ledger row (`storage.reminders`) is
claimed before the send and marked `sent`, `failed` or `blocked` after it. A claim left behind
by a killed process is taken over after `CLAIM_TIMEOUT`, so a hard kill loses no reminder but
may repeat the ones that were in flight at that moment (at most `MAX_IN_FLIGHT`). A send that
fails for a passing reason (timeout, 5xx, flood control) gives the claim back for the next
round; a reader who blocked the bot is marked blocked.

Sends go through the bot's own rate limiter (`bot.runtime.pacing`: 30/s overall, about 1/s per
chat), at most `MAX_IN_FLIGHT` at a time, readers in pages of `PAGE_SIZE`, so ten thousand reminders
never start at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import Bot
from telegram.ext import Application, CallbackContext

from bot.config import Settings
from bot.database import Database
from bot.delivery.outcome import Kind, classify
from bot.deps import deps_of
from bot.readers.zones import reader_zone, reader_zones
from bot.runtime.jobs import Job
from bot.runtime.metrics import REMINDERS
from bot.runtime.sending import NO_PREVIEW
from newsletter.market_clock import TIMING_WORDS, clock_label
from storage.issues import latest_issue
from storage.reminders import (
    DueCompany,
    ReminderPage,
    claim_reminder,
    finish_reminder,
    release_reminder,
    reminder_page,
)
from storage.subscribers import mark_blocked
from storage.tables import ReminderStatus

log = logging.getLogger(__name__)

REMINDER_JOB = "earnings-reminders"
REMINDER_INTERVAL = 60.0  # seconds between two rounds
FIRST_ROUND = 10.0  # seconds after start
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
MAX_IN_FLIGHT = 8
PAGE_SIZE = 500
NAME_CHARS = 60  # a longer company name is cut in the reminder
_ORDER = ("BMO", "AMC", None)

Clock = Callable[[], dt.datetime]  # aware "now"


@dataclass(frozen=True, slots=True)
class Due:
    """One reminder to send: the chat, its local day, the companies and the reader's zone."""

    chat_id: int
    day: dt.date
    companies: list[DueCompany]
    zone: dt.tzinfo


@dataclass(slots=True)
class ReminderRounds:
    """The reminder rounds of this process (`Deps.reminders`): two never overlap when one takes
    longer than the interval."""

    running: bool = False
    rounds: int = 0
    sent: int = 0


def jobs(settings: Settings) -> list[Job]:
    """A round every minute in the leader, the first shortly after start."""
    return [Job(REMINDER_JOB, reminder_job, every=REMINDER_INTERVAL, first=FIRST_ROUND)]


async def reminder_job(context: CallbackContext) -> None:
    """The job callback: one round."""
    await send_reminders(context.application)


async def send_reminders(app: Application) -> int:
    """One round: send every reminder that is due now; return how many were sent."""
    deps = deps_of(app)
    state = deps.reminders
    if state.running:
        return 0
    state.running = True
    try:
        sent = await _round(app.bot, deps.db, deps.settings, deps.clock)
    finally:
        state.running = False
    state.rounds += 1
    state.sent += sent
    return sent


def due_reminders(page: ReminderPage, now: dt.datetime, settings: Settings) -> list[Due]:
    """Return the reminders of `page` due at `now`: the reader's REMINDER_AT has passed on
    their clock and companies they follow report on their local date."""
    by_chat: dict[int, list[DueCompany]] = {}
    for company in page.companies:
        by_chat.setdefault(company.chat_id, []).append(company)
    due = []
    for reader in page.readers:
        zone = reader_zone(reader, settings)
        local = now.astimezone(zone)
        if local.time() < settings.reminder_time:
            continue
        today = [c for c in by_chat.get(reader.chat_id, []) if c.date == local.date()]
        if today:
            due.append(Due(reader.chat_id, local.date(), today, zone))
    return due


def reminder_text(companies: list[DueCompany], zone: dt.tzinfo) -> str:
    """Return "📅 Heute nach US-Börsenschluss (22:00): AMD", one line per timing."""
    lines = []
    for timing in _ORDER:
        names = [_short(c.company) for c in companies if c.timing == timing]
        if not names:
            continue
        names = list(dict.fromkeys(names))
        label = clock_label(companies[0].date, timing, zone)
        when = f"{TIMING_WORDS[timing]} ({label})" if timing and label else "(ohne Uhrzeit)"
        lines.append(f"📅 Heute {when}: {', '.join(names)}")
    return "\n".join(lines)


def due_days(now: dt.datetime, zones: set[ZoneInfo], at: dt.time) -> set[dt.date]:
    """Return the local dates on which a reader in one of `zones` may be due at `now` (their
    clock shows `at` or later); empty before REMINDER_AT everywhere."""
    return {now.astimezone(z).date() for z in zones if now.astimezone(z).time() >= at}


async def _round(bot: Bot, db: Database, settings: Settings, clock: Clock) -> int:
    now = clock()
    days = due_days(now, await db.run(reader_zones, settings=settings), settings.reminder_time)
    issue = await db.run(latest_issue) if days else None
    if issue is None or issue.id is None:
        return 0  # before REMINDER_AT in every reader's zone, nothing is read
    window = {
        "issue_id": issue.id,
        "first_day": min(days),
        "last_day": max(days),
        "stale_before": now - CLAIM_TIMEOUT,
        "limit": PAGE_SIZE,
    }
    sent, after = 0, None
    while True:
        page = await db.run(reminder_page, **window, after_chat=after)
        if not page.readers:
            return sent
        results = await _send_all(bot, db, due_reminders(page, now, settings), clock)
        sent += sum(results)
        after = page.readers[-1].chat_id


async def _send_all(bot: Bot, db: Database, due: list[Due], clock: Clock) -> list[bool]:
    """Send with at most `MAX_IN_FLIGHT` reminders under way at once."""
    queue: Iterator[Due] = iter(due)
    results: list[bool] = []

    async def worker() -> None:
        for item in queue:
            results.append(await _send_one(bot, db, item, clock))

    await asyncio.gather(*(worker() for _ in range(min(MAX_IN_FLIGHT, len(due)))))
    return results


async def _send_one(bot: Bot, db: Database, due: Due, clock: Clock) -> bool:
    key = {"chat_id": due.chat_id, "day": due.day}
    now = clock()
    if not await db.run(claim_reminder, **key, now=now, stale_before=now - CLAIM_TIMEOUT):
        return False
    try:
        await bot.send_message(
            due.chat_id, reminder_text(due.companies, due.zone), link_preview_options=NO_PREVIEW
        )
    except Exception as exc:
        outcome = classify(exc)
        if outcome.kind is Kind.BLOCKED:
            REMINDERS.labels(outcome="blocked").inc()
            await db.run(_blocked, **key, now=now)
        elif outcome.kind in (Kind.RETRY, Kind.RATE_LIMITED):
            REMINDERS.labels(outcome="retried").inc()
            await db.run(release_reminder, **key)
        else:
            REMINDERS.labels(outcome="failed").inc()
            log.warning("reminder not sent: %s", outcome.error)
            await db.run(finish_reminder, **key, status=ReminderStatus.FAILED, now=now)
        return False
    REMINDERS.labels(outcome="sent").inc()
    await db.run(finish_reminder, **key, status=ReminderStatus.SENT, now=clock())
    return True


def _blocked(*, session: Session, chat_id: int, day: dt.date, now: dt.datetime) -> None:
    mark_blocked(session=session, chat_id=chat_id)
    finish_reminder(
        session=session, chat_id=chat_id, day=day, status=ReminderStatus.BLOCKED, now=now
    )


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"
