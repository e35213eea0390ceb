"""Two real `doppelbot run --webhook` instances on one PostgreSQL database against the fake
Bot API. The one elected leader catches up on a broadcast; it is killed (SIGKILL) in the
middle. The other takes over (LEASE_TTL=3s here, so within seconds; 30 s by default), resumes
the broadcast from the ledger and finishes it: every reader gets every message, repeats are at
most the messages that were in flight (the engine's window), the issue has one broadcast, and
the other instance serves webhook updates all along."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from bot.database import Database
from bot.delivery.tuning import window_for
from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import make_command_update
from storage.leader_leases import current_leader
from storage.tables import Broadcast, Delivery
from tests.bot.broadcast_fixtures import add_readers, as_sent
from tests.bot.instances import (
    bot_env,
    free_port,
    ingested_before,
    just_passed,
    post_update,
    start,
    stored_issue,
)

READERS = range(7_000_001, 7_000_301)
RATE = 200  # the broadcaster's messages per second
KILL_AFTER = 700  # accepted sends (of 7 × 300) before the leader is killed
READER = 4343  # writes to the second instance while the broadcast runs
ADMIN = 999_000_002
DONE = "✅ Versand abgeschlossen"


@pytest.fixture
def postgres(postgres_schema: str) -> str:
    """The URL of a PostgreSQL schema of this test's own; dropped afterwards."""
    return postgres_schema


def test_the_other_instance_takes_over_a_killed_leader_and_finishes_the_broadcast(
    postgres: str, tmp_path: Path
) -> None:
    engine, issue, _ = stored_issue(postgres)
    add_readers(engine, READERS)
    schedule, slot = just_passed()
    ingested_before(engine, slot)
    expected = Counter({(c, m.text): 1 for c in READERS for m in as_sent(issue)})
    ports = free_port(), free_port()
    with FakeBotAPIThread(rate=1000, allow_local_webhooks=True, keep_calls=False) as api:

        def env(n: int) -> dict[str, str]:
            return bot_env(postgres, api.base_url, ports[n], INSTANCE_NAME=f"instanz-{n + 1}",
                           LEASE_TTL="3s", BROADCAST_AT=schedule, BROADCAST_GRACE="1h",
                           BROADCAST_RATE=str(RATE), ADMIN_IDS=str(ADMIN))  # fmt: skip

        names = ("instanz-1", "instanz-2")
        processes = {
            name: start(env(n), tmp_path / f"{name}.log", "--webhook")
            for n, name in enumerate(names)
        }  # both start at once: whichever is elected first catches up on the broadcast
        try:
            api.wait_for(lambda a: a.stats()["per_method"].get("setWebhook", 0) >= 2, 60)
            api.wait_for(lambda a: a.stats()["sends"] >= KILL_AFTER, timeout=60)
            leader = _leader_of(engine)
            assert leader in names
            follower = names[1 - names.index(leader)]
            processes[leader].send_signal(signal.SIGKILL)
            processes[leader].wait(10)
            killed_at, sends_at_kill = time.monotonic(), api.stats()["sends"]
            assert sends_at_kill < len(expected)  # killed in the middle of the broadcast
            port = ports[names.index(follower)]
            assert post_update(port, make_command_update("help", user_id=READER)) == 200
            api.wait_for(lambda a: a.stats()["sends"] > sends_at_kill + 10, timeout=60)
            resumed_after = time.monotonic() - killed_at
            api.wait_for(lambda a: any(t.startswith(DONE) for t in a.texts(ADMIN)), timeout=60)
            assert _leader_of(engine) == follower
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
                    process.wait(30)
        got = Counter((m.chat_id, m.text) for m in api.messages if m.chat_id in READERS)
        helped = api.texts(READER)
        violations = api.violations
    repeats = sum(n - 1 for n in got.values())
    print(f"resumed {resumed_after:.1f} s after the kill; {repeats} messages repeated")
    follower_log = (tmp_path / f"{follower}.log").read_text()
    assert processes[follower].returncode == 0, follower_log
    assert "Traceback" not in follower_log
    assert set(got) == set(expected)  # every reader got every message
    assert repeats <= window_for(RATE)  # repeats: at most those in flight
    with engine.connect() as connection:
        broadcasts = connection.execute(select(Broadcast.__table__)).all()
        rows = connection.execute(select(func.count()).select_from(Delivery)).scalar_one()
    assert [b.status for b in broadcasts] == ["done"]  # one broadcast, finished
    assert rows == len(expected)
    assert len(helped) == 1 and "/latest" in helped[0]  # the follower served its update
    assert not violations
    engine.dispose()


def _leader_of(engine: Engine) -> str | None:
    holder = Database(engine).run_sync(current_leader, name="main")
    return None if holder is None or holder.owner is None else holder.owner.split(":")[0]
