"""The leader election on SQLite and PostgreSQL: one leader at a time, takeover once the
lease is stale (at once when the leader's process on this host is gone), stepping down when
renewal fails, leader-only jobs and the election hook; the start-up guard against a second
polling or SQLite instance."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import subprocess
import sys

import pytest
from sqlalchemy import Engine

from bot.app import build_application
from bot.database import Database
from bot.deps import deps_of
from bot.runtime.instance_guard import SecondInstance, guard_start
from bot.runtime.jobs import Job, schedule_jobs
from bot.runtime.leader import ROLE, Leadership
from storage.leader_leases import current_leader, renew_leadership
from tests.bot.broadcast_fixtures import copy_database, settings
from tests.fakes.clock import FakeClock
from tests.fakes.request import RecordingRequest

TTL = dt.timedelta(seconds=30)


class Instance:
    """A `Leadership` with its own wall clock (`later`) and monotonic clock."""

    def __init__(self, db: Database, name: str, mode: str = "webhook") -> None:
        self.clock = FakeClock()
        self.shift = dt.timedelta()
        self.leadership = Leadership(
            db,
            owner=f"{name}:1:abcd",
            mode=mode,
            ttl=TTL,
            now=lambda: dt.datetime.now(dt.UTC) + self.shift,
            monotonic=self.clock,
        )

    def later(self, seconds: float) -> None:
        """This instance's clocks move on (the others' do not)."""
        self.shift += dt.timedelta(seconds=seconds)
        self.clock.advance(seconds)


@pytest.fixture
def db(engine: Engine) -> Database:
    return Database(engine)


async def test_exactly_one_instance_leads(db: Database) -> None:
    a, b = Instance(db, "a"), Instance(db, "b")
    assert await a.leadership.step() is True  # just elected
    assert await b.leadership.step() is False
    assert a.leadership.is_leader and not b.leadership.is_leader
    assert await a.leadership.step() is False  # renewed, not elected again
    holder = db.run_sync(current_leader, name=ROLE)
    assert (holder.owner, holder.mode, holder.term) == ("a:1:abcd", "webhook", 1)


async def test_a_follower_takes_over_once_the_lease_is_stale(db: Database) -> None:
    a, b = Instance(db, "a"), Instance(db, "b")
    await a.leadership.step()
    b.later(TTL.total_seconds() - 5)
    assert await b.leadership.step() is False  # not stale yet
    b.later(10)
    assert await b.leadership.step() is True
    assert db.run_sync(current_leader, name=ROLE).term == 2
    assert await a.leadership.step() is False  # a's renewal finds b: a steps down
    assert not a.leadership.is_leader and a.leadership.term is None


async def test_the_leader_trusts_itself_only_two_thirds_of_the_ttl(db: Database) -> None:
    a = Instance(db, "a")
    await a.leadership.step()
    a.clock.advance(TTL.total_seconds() * 2 / 3 - 1)
    assert a.leadership.is_leader
    a.clock.advance(2)  # no renewal since: another instance may soon take over
    assert not a.leadership.is_leader


class Failing(Database):
    async def run(self, fn, /, **kwargs):
        raise ConnectionError("database gone")


async def test_a_leader_whose_renewal_fails_steps_down_before_anyone_can_take_over(
    db: Database,
) -> None:
    a = Instance(db, "a")
    await a.leadership.step()
    a.leadership.db = Failing(db.engine)
    a.clock.advance(5)
    await a.leadership.step()
    assert a.leadership.is_leader  # one failed renewal: still trusted
    a.clock.advance(TTL.total_seconds() * 2 / 3)
    await a.leadership.step()
    assert not a.leadership.is_leader  # stepped down long before the lease is stale


async def test_released_leadership_is_taken_at_once(db: Database) -> None:
    a, b = Instance(db, "a"), Instance(db, "b")
    await a.leadership.step()
    await a.leadership.release()
    assert await b.leadership.step() is True
    assert not a.leadership.is_leader


async def test_a_dead_leader_on_this_host_is_replaced_at_once(db: Database) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead = Leadership(db, owner=f"{socket.gethostname()}:{finished.stdout.strip()}:x",
                      mode="polling", ttl=TTL)  # fmt: skip
    await dead.step()
    b = Instance(db, "b")
    assert await b.leadership.step() is True


@pytest.fixture
def apps(sqlite_template: Engine, tmp_path):
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    built = [
        build_application(
            settings(lease_ttl=dt.timedelta(seconds=2)),  # a tick every third of a second
            engine=engine,
            request=RecordingRequest(),
            mode="webhook",
        )
        for _ in range(2)
    ]
    yield built
    engine.dispose()


async def test_only_the_leader_runs_leader_jobs_and_a_new_leader_runs_the_election_jobs(
    apps,
) -> None:
    runs: list[int] = []
    three_runs = asyncio.Event()
    elected: list[asyncio.Event] = [asyncio.Event(), asyncio.Event()]
    for number, app in enumerate(apps):

        async def count(context, number=number) -> None:
            runs.append(number)
            if len(runs) >= 3:
                three_runs.set()

        async def elect(context, number=number) -> None:
            elected[number].set()

        schedule_jobs(
            app,
            [
                Job("count", count, every=0.05, first=0.1),
                Job("probe", elect, on_election=True),
            ],
        )
    async with apps[0], apps[1]:
        await apps[0].start()
        await asyncio.wait_for(elected[0].wait(), 5)
        await apps[1].start()
        await asyncio.wait_for(three_runs.wait(), 5)
        assert set(runs) == {0} and not elected[1].is_set()
        await apps[0].stop()
        await deps_of(apps[0]).leadership.release()  # what SIGTERM does (post_stop)
        runs.clear()
        three_runs.clear()
        await asyncio.wait_for(elected[1].wait(), 5)  # at instance 1's next tick
        await asyncio.wait_for(three_runs.wait(), 5)
        assert set(runs) == {1}
        await apps[1].stop()


def test_a_second_polling_instance_is_refused_while_the_first_lives(db: Database) -> None:
    first, second = Instance(db, "erste", "polling"), Instance(db, "zweite", "polling")
    guard_start(first.leadership, exclusive=True, sqlite=False)

    def first_renews(_seconds: float) -> None:
        db.run_sync(renew_leadership, name=ROLE, owner=first.leadership.owner)

    with pytest.raises(SecondInstance, match=r"^Mit dieser Datenbank läuft schon eine Doppelbot"):
        guard_start(second.leadership, exclusive=True, sqlite=False, sleep=first_renews)
    assert db.run_sync(current_leader, name=ROLE).owner == first.leadership.owner


def test_a_second_instance_on_sqlite_is_refused_in_german(db: Database) -> None:
    first, second = Instance(db, "erste", "webhook"), Instance(db, "zweite", "webhook")
    guard_start(first.leadership, exclusive=True, sqlite=True)

    def first_renews(_seconds: float) -> None:
        db.run_sync(renew_leadership, name=ROLE, owner=first.leadership.owner)

    with pytest.raises(SecondInstance) as refused:
        guard_start(second.leadership, exclusive=True, sqlite=True, sleep=first_renews)
    assert str(refused.value).startswith(
        "Auf dieser SQLite-Datenbank läuft schon eine Doppelbot-Instanz (erste, Webhook)."
    )


def test_a_restart_after_a_crash_waits_out_the_silent_lease_and_starts(db: Database) -> None:
    crashed, restarted = Instance(db, "alt", "polling"), Instance(db, "neu", "polling")
    guard_start(crashed.leadership, exclusive=True, sqlite=False)
    waited: list[float] = []

    def time_passes(seconds: float) -> None:
        waited.append(seconds)
        restarted.later(seconds)

    guard_start(restarted.leadership, exclusive=True, sqlite=False, sleep=time_passes)
    assert db.run_sync(current_leader, name=ROLE).owner == restarted.leadership.owner
    assert TTL.total_seconds() <= sum(waited) <= TTL.total_seconds() + 5


def test_webhook_instances_share_the_database_but_not_with_a_polling_one(db: Database) -> None:
    poller, web = Instance(db, "poller", "polling"), Instance(db, "web", "webhook")
    guard_start(poller.leadership, exclusive=True, sqlite=False)

    def poller_renews(_seconds: float) -> None:
        db.run_sync(renew_leadership, name=ROLE, owner=poller.leadership.owner)

    with pytest.raises(SecondInstance, match="im Long Polling"):
        guard_start(web.leadership, exclusive=False, sqlite=False, sleep=poller_renews)
    asyncio.run(poller.leadership.release())
    other = Instance(db, "web2", "webhook")
    guard_start(web.leadership, exclusive=True, sqlite=False)
    guard_start(other.leadership, exclusive=False, sqlite=False)  # beside a webhook leader
