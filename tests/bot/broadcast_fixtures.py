"""A small world for broadcast tests: an in-memory SQLite database with readers and one stored
issue, the recording fake Telegram with Telegram's flood limits on a `FakeClock`, and a way to
run the real broadcaster against them (no network, no real sleeps)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, update
from sqlmodel import Session

from bot.broadcast.runner import run_broadcast
from bot.broadcast.selection import prepare_broadcast
from bot.config import Settings
from bot.database import Database
from bot.delivery.retry import RetryPolicy
from bot.delivery.runner import RunHooks, RunResult
from bot.delivery.tuning import EngineSettings
from bot.simulator.flood import FloodControl
from bot.simulator.objects import BOT_TOKEN
from newsletter.model import Entity, Issue, IssueMeta, Message, Section
from storage.issues import store_issue
from storage.referrals import credit_referral
from storage.subscribers import get_or_create_subscriber, subscribe
from storage.tables import Delivery, IssueRecord, Subscriber
from storage.tables.timestamps import utcnow
from tests.fakes.clock import FakeClock
from tests.fakes.request import RecordingRequest

ADMIN = 999_000_001
CHART = "https://media.example.com/chart-kw06.png"
TEXTS = ("1 Guten Morgen!", "2 Der Drache erwacht.", "3 Chart der Woche", "4 Bis nächste Woche.")


def small_issue(week: int = 6) -> Issue:
    """Four messages: two texts, the chart as a photo with a caption, a closing text."""
    bold = (Entity("bold", 2, 5),)
    sections = [
        Section("lead", "Lead", "", [Message(TEXTS[0], bold), Message(TEXTS[1])]),
        Section("chart", "Chart", "", [Message(TEXTS[2], photo=CHART)]),
        Section("closing", "Ende", "", [Message(TEXTS[3])]),
    ]
    meta = IssueMeta(title=f"KW{week} - Test", week=week, year=2025, date=dt.date(2025, 2, 3))
    return Issue(meta=meta, sections=sections, earnings=[], warnings=[])


def settings(**overrides: Any) -> Settings:
    """Settings without .env or environment: token, admins, Berlin, Monday 07:00."""
    values: dict[str, Any] = {
        "telegram_bot_token": BOT_TOKEN,
        "database_url": "sqlite://",
        "admin_ids": (ADMIN,),
        "timezone": "Europe/Berlin",
        "broadcast_at": "mon 07:00",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def add_readers(engine: Engine, chat_ids: Iterable[int], status: str = "active") -> None:
    """Insert subscribers directly (fast for thousands)."""
    now = utcnow()
    rows = [
        {
            "chat_id": c,
            "status": status,
            "referral_code": f"r{c}",
            "created_at": now,
            "updated_at": now,
        }
        for c in chat_ids
    ]
    with engine.begin() as connection:
        connection.execute(insert(Subscriber.__table__), rows)


def invited_by(*, session: Session, inviter: int, chat_id: int) -> None:
    """`chat_id` subscribed through `inviter`'s link (the referral is credited)."""
    reader, _ = get_or_create_subscriber(session=session, chat_id=chat_id, referral_code="x1")
    reader.referred_by = inviter
    subscribe(session=session, chat_id=chat_id)
    credit_referral(session=session, chat_id=chat_id)


def set_ingested_at(engine: Engine, issue_id: int, when: dt.datetime) -> None:
    """Pretend the issue was ingested at `when`."""
    with engine.begin() as connection:
        connection.execute(
            update(IssueRecord.__table__)
            .where(IssueRecord.__table__.c.id == issue_id)
            .values(ingested_at=when.astimezone(dt.UTC))
        )


class World:
    """Database + fake Telegram + clock; `await world.run()` sends the issue's broadcast."""

    def __init__(self, engine: Engine, *, rate: float = 30.0, issue: Issue | None = None):
        self.engine = engine
        self.db = Database(engine)
        self.clock = FakeClock()
        self.flood = FloodControl(30.0, 1.0, burst=3, clock=self.clock)
        self.request = RecordingRequest(clock=self.clock, flood=self.flood)
        self.settings = settings()
        self.rate = rate
        self.issue = issue or small_issue()
        self.issue_id = self.db.run_sync(store_issue, issue=self.issue).id
        self.broadcast_id = self.prepare()

    def prepare(self, trigger: str = "cli") -> int:
        """The issue's broadcast (created once)."""
        plan = self.db.run_sync(prepare_broadcast, trigger=trigger, issue_id=self.issue_id)
        assert plan.broadcast.id is not None
        return plan.broadcast.id

    def tuning(self, **overrides: Any) -> EngineSettings:
        """Engine settings for the fake world: no backoff waits beyond the fake clock."""
        values: dict[str, Any] = {
            "rate": self.rate,
            "window": 8,
            "page_size": 50,
            "policy": RetryPolicy(attempts=3, backoff=(1.0, 2.0), rate_limited=5),
        }
        values.update(overrides)
        return EngineSettings(**values)

    async def run(
        self,
        *,
        hooks: RunHooks | None = None,
        poll_sleep: Any = None,
        owner: str | None = None,
        wall: Any = None,
        **tuning: Any,
    ) -> RunResult:
        """Run the real broadcaster until it is done (status polls never come by default);
        `wall` is its time of day (default: now)."""
        extra = {"wall": wall} if wall is not None else {}
        return await run_broadcast(
            self.broadcast_id,
            settings=self.settings,
            db=self.db,
            owner=owner,
            request=self.request,
            engine_settings=self.tuning(**tuning),
            clock=self.clock,
            sleep=self.clock.sleep,
            hooks=hooks,
            poll_sleep=poll_sleep or never,
            **extra,
        )

    def sends(self) -> list[Any]:
        """Accepted sendMessage/sendPhoto to readers (admins' messages left out), in order."""
        return [
            m
            for m in self.request.messages
            if m.method in ("sendMessage", "sendPhoto") and m.chat_id != ADMIN
        ]

    def index_of(self, message: Any) -> int:
        """Which message of the issue a sent message is (by its text)."""
        return next(i for i, text in enumerate(TEXTS) if message.text == text)

    def duplicates(self) -> int:
        """Messages a chat got more than once."""
        counts = Counter((m.chat_id, m.text) for m in self.sends())
        return sum(n - 1 for n in counts.values() if n > 1)

    def ledger(self) -> list[tuple[int, int, str]]:
        """(chat, message index, status) rows of the broadcast, sorted."""
        with self.engine.connect() as connection:
            table = Delivery.__table__
            rows = connection.execute(
                table.select().where(table.c.broadcast_id == self.broadcast_id)
            ).all()
        return sorted((r.chat_id, r.message_index, r.status) for r in rows)


class Runs:
    """Stands in for `run_broadcast` (a `BroadcastService`'s `run`): records which broadcasts
    were started."""

    def __init__(self) -> None:
        self.started: list[int] = []

    async def __call__(self, broadcast_id: int, **_: Any) -> RunResult:
        self.started.append(broadcast_id)
        return RunResult(broadcast_id, True, None, 8, 0)


async def never(_seconds: float) -> None:
    """A sleep that never ends (cancelled with the engine): status polls only when poked."""
    await asyncio.Event().wait()


def copy_database(template: Engine, path: Path) -> Engine:
    """A fresh SQLite file database (the engine reads and writes from several threads at
    once, which one shared in-memory connection cannot do), copied from the template."""
    from storage.db import make_engine

    engine = make_engine(f"sqlite:///{path}")
    with template.connect() as source, engine.connect() as target:
        source.connection.driver_connection.backup(target.connection.driver_connection)
    return engine


def as_sent(issue: Issue, zone: str = "Europe/Berlin") -> list[Message]:
    """The issue's messages as a broadcast sends them: the earnings times on `zone`'s clock."""
    from zoneinfo import ZoneInfo

    from bot.readers.localized import localize_messages
    from storage.issues import IssueMessage

    numbered = [
        IssueMessage(0, position, message, section.kind)
        for position, section in enumerate(issue.sections)
        for message in section.messages
    ]
    return [m.message for m in localize_messages(numbered, issue.earnings, ZoneInfo(zone))]
