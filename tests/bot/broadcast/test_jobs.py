"""The schedule: Monday 07:00 in Berlin in winter and summer, catch-up after downtime within
the grace, never a second send, resumption of interrupted broadcasts at start-up."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, update

from bot.app import build_application
from bot.broadcast.jobs import RESUME_JOB
from bot.broadcast.service import BroadcastService
from bot.corrections.jobs import RESUME_JOB as CORRECTIONS_JOB
from bot.deps import deps_of
from bot.publishing.jobs import SLOT_JOB, SLOT_WATCH_JOB
from bot.publishing.slot import slot_tick, slot_time
from bot.runtime.leader import LEADER_JOB
from bot.schedule import next_delivery
from storage.broadcast_leases import claim_broadcast
from storage.broadcasts import get_broadcast, set_broadcast_status
from storage.tables import Broadcast
from tests.bot.broadcast_fixtures import (
    Runs,
    copy_database,
    set_ingested_at,
    settings,
    small_issue,
)
from tests.fakes.request import RecordingRequest

UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def database(sqlite_template: Engine, tmp_path) -> Engine:
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield engine
    engine.dispose()


@pytest.fixture
def app(database: Engine):
    return build_application(settings(), engine=database, request=RecordingRequest())


def weekly_trigger(app) -> Any:
    [job] = app.job_queue.get_jobs_by_name(SLOT_JOB)
    return job.job.trigger


@pytest.mark.parametrize(
    ("now", "fires"),
    [
        (utc(2025, 1, 8, 12), utc(2025, 1, 13, 6)),  # winter: 07:00 CET = 06:00Z
        (utc(2025, 7, 2, 12), utc(2025, 7, 7, 5)),  # summer: 07:00 CEST = 05:00Z
        (utc(2025, 3, 26, 12), utc(2025, 3, 31, 5)),  # the Monday after clocks went forward
        (utc(2025, 10, 22, 12), utc(2025, 10, 27, 6)),  # the Monday after they went back
        (utc(2025, 2, 3, 5, 59), utc(2025, 2, 3, 6)),  # a minute before, on Monday itself
    ],
)
def test_broadcast_fires_monday_0700_berlin_whatever_the_season(app, now, fires) -> None:
    trigger = weekly_trigger(app)
    assert trigger.get_next_fire_time(None, now).astimezone(UTC) == fires


async def test_the_started_job_queue_runs_next_at_the_computed_delivery(app) -> None:
    async with app:
        await app.job_queue.start()
        try:
            [job] = app.job_queue.get_jobs_by_name(SLOT_JOB)
            next_run = job.next_t.astimezone(UTC)
        finally:
            await app.job_queue.stop(wait=False)
    s = settings()
    expected = next_delivery(dt.datetime.now(UTC), s.schedule, s.tz).astimezone(UTC)
    assert next_run == expected
    assert (next_run.hour, next_run.minute) in ((5, 0), (6, 0)) and next_run.weekday() == 0


def test_the_app_installs_the_service_and_its_start_up_jobs(app) -> None:
    assert isinstance(deps_of(app).broadcasts, BroadcastService)
    names = {job.name for job in app.job_queue.jobs()}
    assert {SLOT_JOB, RESUME_JOB, SLOT_WATCH_JOB, CORRECTIONS_JOB, LEADER_JOB} <= names
    elected = [name for name, _ in deps_of(app).leadership.elected]
    assert elected[:2] == [RESUME_JOB, SLOT_WATCH_JOB]  # a new leader resumes, then catches up
    assert CORRECTIONS_JOB in elected


class World:
    def __init__(self, engine: Engine, now: dt.datetime, **overrides: Any) -> None:
        from bot.database import Database
        from storage.issues import store_issue

        self.engine = engine
        self.db = Database(engine)
        self.now = now
        self.runs = Runs()
        self.notes: list[str] = []
        self.service = BroadcastService(
            settings(**overrides), self.db, now=lambda: self.now, run=self.runs
        )
        day = now.astimezone(self.service.settings.tz).date()
        issue = small_issue(day.isocalendar().week)  # the issue of `now`'s week
        issue.meta.date, issue.meta.year = day, day.isocalendar().year
        self.issue_id = self.db.run_sync(store_issue, issue=issue).id

    async def notify(self, text: str) -> None:
        self.notes.append(text)

    async def settle(self) -> None:
        await asyncio.gather(*self.service.tasks.values())

    def broadcast(self) -> Broadcast | None:
        from storage.broadcasts import broadcast_for_issue

        return self.db.run_sync(broadcast_for_issue, issue_id=self.issue_id)


# Monday 3 February 2025, 07:00 in Berlin = 06:00Z (winter); 7 July 2025 07:00 = 05:00Z.
WINTER_SLOT = utc(2025, 2, 3, 6)
SUMMER_SLOT = utc(2025, 7, 7, 5)


@pytest.mark.parametrize("slot", [WINTER_SLOT, SUMMER_SLOT])
async def test_catch_up_sends_a_missed_broadcast_within_the_grace(database, slot) -> None:
    world = World(database, slot + dt.timedelta(hours=11, minutes=59))
    set_ingested_at(database, world.issue_id, slot - dt.timedelta(hours=14))
    plan = await slot_tick(world.service)
    await world.settle()
    assert plan is not None and plan.issue.id == world.issue_id
    assert world.runs.started == [plan.broadcast.id]
    assert world.broadcast().trigger == "schedule"


@pytest.mark.parametrize("slot", [WINTER_SLOT, SUMMER_SLOT])
async def test_no_catch_up_after_the_grace(database, slot) -> None:
    world = World(database, slot + dt.timedelta(hours=12, minutes=1))
    set_ingested_at(database, world.issue_id, slot - dt.timedelta(hours=14))
    assert await slot_tick(world.service) is None
    assert world.runs.started == [] and world.broadcast() is None


async def test_catch_up_ignores_an_issue_ingested_after_the_scheduled_time(database) -> None:
    world = World(database, WINTER_SLOT + dt.timedelta(hours=3))
    set_ingested_at(database, world.issue_id, WINTER_SLOT + dt.timedelta(hours=1))
    assert await slot_tick(world.service) is None
    assert world.runs.started == []


async def test_catch_up_never_sends_an_issue_a_second_time(database) -> None:
    world = World(database, WINTER_SLOT + dt.timedelta(hours=1))
    set_ingested_at(database, world.issue_id, WINTER_SLOT - dt.timedelta(days=1))
    first = await slot_tick(world.service)
    await world.settle()
    world.db.run_sync(set_broadcast_status, broadcast_id=first.broadcast.id, status="done")
    world.now += dt.timedelta(hours=2)  # the bot restarts, still within the grace
    assert await slot_tick(world.service) is None
    await slot_time(world.service, world.notify)
    assert world.runs.started == [first.broadcast.id]
    assert "schon versendet" in world.notes[-1]


async def test_the_scheduled_time_without_any_issue_tells_the_admins(
    database,
) -> None:
    world = World(database, WINTER_SLOT)
    with world.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM issue")
    await slot_time(world.service, world.notify)
    assert world.runs.started == []
    assert world.notes == ["📭 Kein Versand: Es ist noch keine Ausgabe gespeichert."]


async def test_the_scheduled_time_sends_the_new_issue(database) -> None:
    world = World(database, WINTER_SLOT)
    await slot_time(world.service, world.notify)
    await world.settle()
    assert world.runs.started == [world.broadcast().id] and world.notes == []


def running_broadcast(world: World, heartbeat: dt.datetime, owner: str | None = None) -> int:
    from bot.broadcast.selection import prepare_broadcast

    plan = world.db.run_sync(prepare_broadcast, trigger="schedule", issue_id=world.issue_id)
    broadcast_id = plan.broadcast.id
    world.db.run_sync(set_broadcast_status, broadcast_id=broadcast_id, status="running")
    if owner is not None:
        world.db.run_sync(
            claim_broadcast,
            broadcast_id=broadcast_id,
            owner=owner,
            stale_before=heartbeat - dt.timedelta(days=1),
        )
    with world.engine.begin() as connection:
        connection.execute(update(Broadcast.__table__).values(heartbeat_at=heartbeat))
    return broadcast_id


async def test_an_interrupted_broadcast_is_resumed_at_start_within_the_grace(database) -> None:
    now = dt.datetime.now(UTC)
    world = World(database, now)
    broadcast_id = running_broadcast(world, now - dt.timedelta(hours=2), owner="gone:1:x")
    assert await world.service.resume_interrupted(world.notify) == [broadcast_id]
    await world.settle()
    assert world.runs.started == [broadcast_id] and world.notes == []


async def test_an_interrupted_broadcast_older_than_the_grace_is_paused_and_reported(
    database,
) -> None:
    now = dt.datetime.now(UTC)
    world = World(database, now)
    broadcast_id = running_broadcast(world, now - dt.timedelta(hours=13))
    assert await world.service.resume_interrupted(world.notify) == []
    assert world.db.run_sync(get_broadcast, broadcast_id=broadcast_id).status == "paused"
    assert "unterbrochen" in world.notes[0] and "/broadcast resume" in world.notes[0]
    assert await world.service.resume_interrupted(world.notify) == []  # paused stays paused
    assert len(world.notes) == 1


async def test_a_broadcast_another_live_process_sends_is_left_alone(database) -> None:
    now = dt.datetime.now(UTC)
    world = World(database, now)
    running_broadcast(world, now, owner="some-other-host:4242:abcd")
    assert await world.service.resume_interrupted(world.notify) == []
    assert world.runs.started == []
