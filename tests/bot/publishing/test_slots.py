"""The Monday slot waits for this week's issue (FEED_URL) and for its approval, inside the grace;
nothing is ever sent twice; admins are reminded once and told once when nothing went out.
Time is a fake clock: the service's `now`."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.broadcast.service import BroadcastService
from bot.database import Database
from bot.publishing import approval
from bot.publishing.duty import Publishing
from bot.publishing.ingest import store_reviewed
from bot.publishing.slot import slot_tick, slot_time
from storage.broadcasts import broadcast_for_issue, get_or_create_broadcast, set_broadcast_status
from tests.bot.broadcast_fixtures import (
    Runs,
    copy_database,
    set_ingested_at,
    settings,
    small_issue,
)

UTC = dt.UTC
SLOT = dt.datetime(2025, 2, 10, 6, tzinfo=UTC)  # Monday 10 Feb 2025, 07:00 Berlin (KW7)
ADMIN = 999_000_001
FEED = "https://doppelgaenger.example/feed"


@pytest.fixture
def engine(sqlite_template: Engine, tmp_path) -> Engine:
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield engine
    engine.dispose()


class Week:
    """A bot process's broadcast side at a fake time, with what the admins were told."""

    def __init__(self, engine: Engine, **overrides: Any) -> None:
        self.db = Database(engine)
        self.now = SLOT
        self.runs = Runs()
        self.told: list[str] = []
        self.service = BroadcastService(
            settings(**overrides), self.db, now=lambda: self.now, run=self.runs
        )

    def publishing(self) -> Publishing:
        return Publishing(self.service.settings, self.db, self.service)

    async def notify(self, text: str) -> None:
        self.told.append(text)

    def store(self, week: int, **changes: Any) -> int:
        issue = small_issue(week)
        issue.meta.date = dt.date(2025, 2, 3) + dt.timedelta(weeks=week - 6)
        issue = dataclasses.replace(issue, **changes)
        issue_id = self.db.run_sync(store_reviewed, issue=issue).stored.id
        set_ingested_at(self.db.engine, issue_id, self.now - dt.timedelta(hours=1))
        return issue_id

    def sent(self, issue_id: int) -> bool:
        broadcast = self.db.run_sync(broadcast_for_issue, issue_id=issue_id)
        return broadcast is not None and broadcast.id in self.runs.started

    def mark_sent(self, issue_id: int) -> None:
        broadcast, _ = self.db.run_sync(
            get_or_create_broadcast, issue_id=issue_id, total_messages=4, trigger="schedule"
        )
        self.db.run_sync(set_broadcast_status, broadcast_id=broadcast.id, status="done")

    async def at_slot(self) -> None:
        await slot_time(self.service, self.notify)
        await self.settle()

    async def tick(self, after: dt.timedelta) -> None:
        self.now = SLOT + after
        await slot_tick(self.service, self.notify)
        await self.settle()

    async def settle(self) -> None:
        await asyncio.gather(*self.service.tasks.values())


async def test_with_a_feed_the_slot_waits_for_this_weeks_issue_and_sends_it_once(engine) -> None:
    week = Week(engine, feed_url=FEED)
    last_week = week.store(6)
    week.mark_sent(last_week)
    await week.at_slot()
    assert week.runs.started == []
    assert week.told[0].startswith("⏳ Versandzeit, aber die Ausgabe dieser Woche ist noch nicht")
    assert "auch später in der Woche, bis zum nächsten Termin" in week.told[0]
    await week.tick(dt.timedelta(minutes=10))
    assert week.runs.started == []
    this_week = week.store(7)  # the feed brings it at 07:20
    await week.tick(dt.timedelta(minutes=20))
    assert week.sent(this_week) and len(week.runs.started) == 1
    await week.tick(dt.timedelta(minutes=21))
    await week.tick(dt.timedelta(hours=11))
    assert len(week.runs.started) == 1 and len(week.told) == 1


async def test_an_old_unsent_issue_is_never_sent_because_the_slot_waits(engine) -> None:
    week = Week(engine, feed_url=FEED)
    old = week.store(6)  # discovered late, never sent: it stays unsent
    await week.at_slot()
    await week.tick(dt.timedelta(hours=1))
    assert week.runs.started == [] and not week.sent(old)


async def test_a_late_issue_of_this_week_goes_out_when_it_arrives_after_the_grace(
    engine,
) -> None:
    week = Week(engine, feed_url=FEED)
    await week.at_slot()
    await week.tick(dt.timedelta(hours=12, minutes=1))
    assert week.told[-1].startswith("📭 Kein Versand zum Termin Montag, 10. Februar, 07:00 Uhr")
    assert "Kommt sie noch in dieser Woche, geht sie raus" in week.told[-1]
    await week.tick(dt.timedelta(days=2))  # Wednesday: still nothing
    assert week.runs.started == []
    week.now = SLOT + dt.timedelta(days=2, hours=3)
    late = week.store(7)  # KW7 comes out on Wednesday (as KW42 2025 and KW5 2026 did)
    await week.tick(dt.timedelta(days=2, hours=3, minutes=1))
    broadcast = week.db.run_sync(broadcast_for_issue, issue_id=late)
    assert week.sent(late) and broadcast.anchor_at == SLOT
    await week.tick(dt.timedelta(days=2, hours=4))
    assert len(week.runs.started) == 1 and len(week.told) == 2


async def test_a_late_issue_waits_for_its_approval_then_goes_out(engine) -> None:
    week = Week(engine, feed_url=FEED, approval_required=True)
    week.now = SLOT + dt.timedelta(days=2)
    late = week.store(7)
    await week.tick(dt.timedelta(days=2, minutes=1))
    assert week.runs.started == []
    week.now = SLOT + dt.timedelta(days=3)
    answer = await approval.approve(week.publishing(), week.notify, ADMIN, late)
    await week.settle()
    assert week.sent(late) and answer.startswith("✅ KW7 - Test ist freigegeben. Der Versand")


async def test_an_issue_stored_before_a_missed_slot_keeps_the_grace(engine) -> None:
    week = Week(engine, feed_url=FEED)
    this_week = week.store(7)  # stored before the slot; the bot was down until Wednesday
    await week.tick(dt.timedelta(days=2))
    assert week.runs.started == [] and not week.sent(this_week)


async def test_an_issue_of_a_past_week_is_never_sent_by_itself(engine) -> None:
    week = Week(engine, feed_url=FEED)
    week.now = SLOT + dt.timedelta(days=1)
    last_week = week.store(6)  # found on Tuesday of KW7 (the backfill, a late feed item)
    for after in (dt.timedelta(days=1, minutes=1), dt.timedelta(days=7)):
        await week.tick(after)
    assert week.runs.started == [] and not week.sent(last_week)


async def test_without_a_feed_a_past_weeks_issue_is_not_the_slots(engine) -> None:
    week = Week(engine)
    week.now = SLOT - dt.timedelta(days=3)
    old = week.store(6)  # e.g. the newest issue a backfill found, never sent here
    week.now = SLOT
    await week.at_slot()
    await week.tick(dt.timedelta(minutes=5))
    assert week.runs.started == [] and not week.sent(old)
    assert week.told == [
        "📭 Kein Versand: die neueste Ausgabe (KW6 - Test) ist aus einer früheren Woche und geht "
        "nicht von selbst raus. Senden nur mit /broadcast."
    ]


async def test_without_approval_the_slot_reminds_once_and_the_approval_starts_it(engine) -> None:
    week = Week(engine, approval_required=True)
    issue_id = week.store(7)
    await week.at_slot()
    assert week.runs.started == []
    assert week.told == [
        "⏳ Versandzeit für KW7 - Test, aber sie ist noch nicht freigegeben (APPROVAL_REQUIRED).\n"
        "Sobald sie freigegeben ist (✅ Freigeben oder /approve), geht sie raus – bis Montag, "
        "10. Februar, 19:00 Uhr. Danach nur noch mit /broadcast."
    ]
    await week.tick(dt.timedelta(minutes=30))
    assert len(week.told) == 1 and week.runs.started == []
    week.now = SLOT + dt.timedelta(hours=2)
    publishing = week.publishing()
    answer = await approval.approve(publishing, week.notify, ADMIN, issue_id)
    await week.settle()
    assert answer == "✅ KW7 - Test ist freigegeben. Der Versand läuft jetzt an."
    assert week.sent(issue_id)


async def test_two_admins_approving_at_once_start_one_broadcast(engine) -> None:
    week = Week(engine, approval_required=True)
    issue_id = week.store(7)
    await week.at_slot()
    publishing = week.publishing()
    answers = await asyncio.gather(
        approval.approve(publishing, week.notify, ADMIN, issue_id),
        approval.approve(publishing, week.notify, ADMIN + 1, issue_id),
    )
    await week.settle()
    assert len(week.runs.started) == 1 and week.sent(issue_id)
    assert all(a.startswith("✅ KW7 - Test ist freigegeben") for a in answers)


async def test_a_held_issue_is_not_sent_until_approved(engine) -> None:
    week = Week(engine)
    issue_id = week.store(7)
    publishing = week.publishing()
    assert await approval.hold(publishing, ADMIN, None) == (
        "⏸ KW7 - Test wird zurückgehalten, bis sie jemand freigibt (✅ Freigeben, /approve)."
    )
    await week.at_slot()
    assert week.runs.started == [] and "von einem Admin zurückgehalten" in week.told[0]
    await approval.approve(publishing, week.notify, ADMIN, None)
    await week.settle()
    assert week.sent(issue_id)
    with pytest.raises(approval.ApprovalError, match="ist schon im Versand"):
        await approval.hold(publishing, ADMIN, issue_id)


async def test_an_issue_with_blocking_problems_waits_for_an_admin(engine) -> None:
    week = Week(engine)
    issue = small_issue(7)
    blocked = week.store(7, sections=[s for s in issue.sections if s.kind != "lead"])
    await week.at_slot()
    assert (
        week.runs.started == []
        and "blockiert: Kein Leitartikel erkannt; Nur 1 Abschnitt" in week.told[0]
    )
    week.now = SLOT + dt.timedelta(hours=13)
    publishing = week.publishing()
    answer = await approval.approve(publishing, week.notify, ADMIN, blocked)
    assert answer == "✅ KW7 - Test ist freigegeben."  # the window closed: /broadcast it is
    assert week.runs.started == []


async def test_without_a_feed_the_slot_sends_the_newest_unsent_issue_as_before(engine) -> None:
    week = Week(engine)
    issue_id = week.store(7)
    await week.at_slot()
    assert week.sent(issue_id) and week.told == []
    week.mark_sent(issue_id)
    await week.at_slot()
    assert len(week.runs.started) == 1 and "schon versendet" in week.told[-1]


async def test_sofort_readers_start_the_coming_slots_broadcast_at_release(engine) -> None:
    from sqlalchemy import update

    from storage.tables import Subscriber
    from tests.bot.broadcast_fixtures import add_readers

    add_readers(engine, [1, 2])
    week = Week(engine, feed_url=FEED)
    week.now = SLOT - dt.timedelta(days=1)  # Sunday: the slot is tomorrow 07:00
    issue_id = week.store(7)
    await week.tick(-dt.timedelta(days=1))
    assert week.runs.started == []  # nobody wants it before the slot yet
    with engine.begin() as connection:
        connection.execute(
            update(Subscriber.__table__).where(Subscriber.chat_id == 2).values(delivery_time="now")
        )
    await week.tick(-dt.timedelta(days=1) + dt.timedelta(minutes=1))
    broadcast = week.db.run_sync(broadcast_for_issue, issue_id=issue_id)
    assert week.sent(issue_id) and broadcast.anchor_at == SLOT
    week.now = SLOT
    await week.at_slot()  # the slot comes: the broadcast is under way, nothing to say
    assert len(week.runs.started) == 1 and week.told == []
