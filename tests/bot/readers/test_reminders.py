"""Earnings reminders with a fake clock: the right day, the right local time, once, across a
restart and a crash, in another zone, paced, and not for readers who left."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

import bot.readers.reminders as reminders
from bot.app import build_application
from bot.config import ConfigError, Settings, load_settings
from bot.database import Database
from bot.readers.reminders import REMINDER_JOB, reminder_text, send_reminders
from bot.runtime.metrics import REGISTRY
from bot.simulator import rules
from newsletter.issue import build_issue
from storage.issues import store_issue
from storage.preferences import set_timezone
from storage.reminders import DueCompany, claim_reminder, reminder_status
from storage.subscribers import get_subscriber, mark_blocked, subscribe, unsubscribe
from storage.watchlist import follow_company
from tests.bot.broadcast_fixtures import copy_database
from tests.conftest import FIXTURES
from tests.fakes.request import BOT_TOKEN, RecordingRequest
from tests.handlers.harness import Harness

TUESDAY = dt.date(2025, 2, 4)  # PayPal (BMO), AMD (AMC) report in the KW6 list
ERIKA, MAX = 4242, 5151
BOTH = "📅 Heute vor US-Börsenstart (15:30): PayPal\n📅 Heute nach US-Börsenschluss (22:00): AMD"


def at(hour: int, minute: int = 0, day: dt.date = TUESDAY) -> dt.datetime:
    """A moment on `day`, given in UTC."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": BOT_TOKEN,
        "database_url": "sqlite://",
        "timezone": "Europe/Berlin",
    }
    return Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]


@pytest.fixture
def engine(sqlite_template: Engine, tmp_path: Path) -> Engine:
    """A migrated SQLite file with the KW6 issue stored."""
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    Database(engine).run_sync(
        store_issue, issue=build_issue((FIXTURES / "kw06-2025.rss.xml").read_bytes())
    )
    yield engine
    engine.dispose()


@asynccontextmanager
async def running_bot(
    engine: Engine, request: RecordingRequest | None = None, **settings: Any
) -> AsyncIterator[Harness]:
    """A bot process on `engine` (a new one each time: a restart)."""
    request = request or RecordingRequest()
    app = build_application(make_settings(**settings), engine=engine, request=request)
    async with app:
        yield Harness(app, request, engine)


def reader(engine: Engine, chat_id: int, *companies: str, active: bool = True) -> None:
    def setup(*, session) -> None:
        subscribe(session=session, chat_id=chat_id)
        if not active:
            unsubscribe(session=session, chat_id=chat_id)
        for name in companies:
            follow_company(
                session=session, chat_id=chat_id, company=name, folded=name.casefold(), limit=50
            )

    Database(engine).run_sync(setup)


async def round_at(bot: Harness, moment: dt.datetime) -> int:
    bot.now = moment
    return await send_reminders(bot.app)


async def test_one_reminder_on_the_day_at_reminder_at_local_time(engine: Engine) -> None:
    reader(engine, ERIKA, "amd", "PayPal", "Palantir")
    sent_before = REGISTRY.get_sample_value("doppelbot_reminders_total", {"outcome": "sent"})
    async with running_bot(engine) as bot:
        assert await round_at(bot, at(7, 59)) == 0  # 08:59 in Berlin
        assert await round_at(bot, at(8, 0)) == 1  # 09:00 in Berlin
        assert await round_at(bot, at(8, 1)) == 0
        assert await round_at(bot, at(20, 0)) == 0
        assert bot.texts(ERIKA) == [BOTH]  # one message for both companies; Palantir was Monday
        assert not bot.request.violations
    sent = REGISTRY.get_sample_value("doppelbot_reminders_total", {"outcome": "sent"})
    assert sent == sent_before + 1  # counted for the metrics


async def test_monday_reminds_of_monday_only(engine: Engine) -> None:
    reader(engine, ERIKA, "amd", "Palantir")
    async with running_bot(engine) as bot:
        await round_at(bot, at(8, 30, dt.date(2025, 2, 3)))
        assert bot.texts(ERIKA) == ["📅 Heute nach US-Börsenschluss (22:00): Palantir"]


async def test_a_restart_sends_no_second_reminder(engine: Engine) -> None:
    reader(engine, ERIKA, "amd")
    async with running_bot(engine) as first:
        assert await round_at(first, at(8, 0)) == 1
    async with running_bot(engine) as second:  # a new Application on the same database
        assert await round_at(second, at(8, 2)) == 0
        assert await round_at(second, at(12, 0)) == 0
        assert second.request.calls_to("sendMessage") == []


async def test_a_restart_before_reminder_at_sends_it_once_after(engine: Engine) -> None:
    reader(engine, ERIKA, "amd")
    async with running_bot(engine) as first:
        assert await round_at(first, at(7, 0)) == 0
    async with running_bot(engine) as second:
        assert await round_at(second, at(10, 30)) == 1  # down at 09:00: sent when back
        assert await round_at(second, at(10, 31)) == 0


async def test_a_claim_left_by_a_killed_process_is_taken_over_later(engine: Engine) -> None:
    reader(engine, ERIKA, "amd")
    db = Database(engine)
    claimed = db.run_sync(
        claim_reminder, chat_id=ERIKA, day=TUESDAY, now=at(8, 0), stale_before=at(7, 0)
    )
    assert claimed  # the killed process claimed, then died before sending
    async with running_bot(engine) as bot:
        assert await round_at(bot, at(8, 5)) == 0  # perhaps it is still sending: wait
        assert await round_at(bot, at(8, 11)) == 1  # CLAIM_TIMEOUT passed: take over
        assert await round_at(bot, at(8, 30)) == 0
    assert db.run_sync(reminder_status, chat_id=ERIKA, day=TUESDAY) == "sent"


async def test_readers_who_left_get_nothing(engine: Engine) -> None:
    reader(engine, 1, "amd", active=False)
    reader(engine, 2, "amd")
    Database(engine).run_sync(mark_blocked, chat_id=2)
    reader(engine, 3, "Siemens")  # not on the list
    async with running_bot(engine) as bot:
        assert await round_at(bot, at(9, 0)) == 0
        assert bot.request.calls_to("sendMessage") == []


async def test_blocked_reader_is_marked_and_not_tried_again(engine: Engine) -> None:
    reader(engine, ERIKA, "amd")
    request = RecordingRequest(blocked={ERIKA})
    async with running_bot(engine, request) as bot:
        assert await round_at(bot, at(8, 0)) == 0
        assert await round_at(bot, at(8, 20)) == 0
        assert len(request.calls_to("sendMessage")) == 1
    db = Database(engine)
    assert db.run_sync(get_subscriber, chat_id=ERIKA).status == "blocked"
    assert db.run_sync(reminder_status, chat_id=ERIKA, day=TUESDAY) == "blocked"


async def test_a_passing_failure_is_tried_again_next_round(engine: Engine) -> None:
    reader(engine, ERIKA, "amd")
    request = RecordingRequest()
    request.fail_for(ERIKA, rules.server_error(502), method="sendMessage")
    async with running_bot(engine, request) as bot:
        assert await round_at(bot, at(8, 0)) == 0
        assert await round_at(bot, at(8, 1)) == 1
        assert bot.texts(ERIKA) == ["📅 Heute nach US-Börsenschluss (22:00): AMD"]


async def test_a_reader_in_another_zone_gets_it_at_their_local_time(engine: Engine) -> None:
    reader(engine, ERIKA, "amd", "paypal")
    reader(engine, MAX, "amd", "paypal")
    Database(engine).run_sync(set_timezone, chat_id=MAX, timezone="Asia/Tokyo")  # /settings zone
    async with running_bot(engine) as bot:
        assert await round_at(bot, at(0, 0)) == 1  # 09:00 in Tokyo, 01:00 in Berlin
        assert bot.texts(MAX) == [
            "📅 Heute vor US-Börsenstart (23:30): PayPal\n"
            "📅 Heute nach US-Börsenschluss (Mi 06:00): AMD"
        ]
        assert bot.texts(ERIKA) == []
        assert await round_at(bot, at(8, 0)) == 1
        assert bot.texts(ERIKA) == [BOTH] and len(bot.texts(MAX)) == 1


async def test_reminder_at_setting_moves_the_time(engine: Engine) -> None:
    reader(engine, ERIKA, "amd")
    async with running_bot(engine, reminder_at="7:30") as bot:
        assert await round_at(bot, at(6, 29)) == 0
        assert await round_at(bot, at(6, 30)) == 1


@pytest.mark.parametrize("value", ["25:00", "9 Uhr", "", "09:60"])
def test_bad_reminder_at_is_one_german_line(value: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(_env_file=None, reminder_at=value)
    assert str(error.value) == f"REMINDER_AT: erwartet eine Uhrzeit wie 09:00, nicht {value!r}"


class CountingRequest(RecordingRequest):
    """Counts sendMessage requests under way at once. A request waits (up to a second) until a
    second one is under way too, so concurrency shows whatever the scheduling."""

    def __init__(self) -> None:
        super().__init__()
        self.in_flight = self.peak = 0
        self.overlap = asyncio.Event()

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any):
        if not url.endswith("/sendMessage"):
            return await super().do_request(url, method, *args, **kwargs)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        if self.in_flight >= 2:
            self.overlap.set()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.overlap.wait(), timeout=1.0)
            return await super().do_request(url, method, *args, **kwargs)
        finally:
            self.in_flight -= 1


async def test_many_readers_are_sent_with_a_bounded_number_in_flight(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reminders, "MAX_IN_FLIGHT", 3)
    monkeypatch.setattr(reminders, "PAGE_SIZE", 7)  # several pages
    for chat_id in range(100, 120):
        reader(engine, chat_id, "amd")
    request = CountingRequest()
    async with running_bot(engine, request) as bot:
        assert await round_at(bot, at(8, 0)) == 20
    assert 1 < request.peak <= 3
    assert {c["chat_id"] for c in request.calls_to("sendMessage")} == set(range(100, 120))


async def test_the_job_runs_every_minute(engine: Engine) -> None:
    async with running_bot(engine) as bot:
        [job] = bot.app.job_queue.get_jobs_by_name(REMINDER_JOB)
        assert job.trigger.interval == dt.timedelta(seconds=60)


def test_reminder_text_without_timing_and_long_names() -> None:
    rows = [
        DueCompany(1, TUESDAY, "Amazon", None),
        DueCompany(1, TUESDAY, "X" * 100, "BMO"),
        DueCompany(1, TUESDAY, "Amazon", None),
    ]
    text = reminder_text(rows, ZoneInfo("Europe/Berlin"))
    assert (
        text == f"📅 Heute vor US-Börsenstart (15:30): {'X' * 59}…\n📅 Heute (ohne Uhrzeit): Amazon"
    )


def test_due_days_are_empty_before_reminder_at_in_every_zone() -> None:
    berlin, tokyo = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo")
    nine = dt.time(9, 0)
    assert reminders.due_days(at(7, 59), {berlin}, nine) == set()
    assert reminders.due_days(at(8, 0), {berlin}, nine) == {TUESDAY}
    assert reminders.due_days(at(0, 0), {berlin, tokyo}, nine) == {TUESDAY}  # Tokyo's 09:00
    late = at(23, 0)  # Berlin: Tuesday 24:00 → Wednesday 00:00; Tokyo: Wednesday 08:00
    assert reminders.due_days(late, {berlin, tokyo}, nine) == set()
    assert reminders.due_days(at(22, 30), {berlin}, nine) == {TUESDAY}
