"""Leader takeover benchmark (run by hand, not a test): how long two instances are leaderless.

    python bench/takeover.py [--lease-ttl 30s] [--rounds 1] [--database-url URL]
    python bench/takeover.py --lease-ttl 30s --readers 300      # and a broadcast under way

Starts the fake Bot API and two real `doppelbot run --webhook` processes on PostgreSQL (in a
schema of their own, dropped afterwards), with different INSTANCE_NAMEs (as on two hosts: no
shortcut for a dead process on this host). Each round kills the leader with SIGKILL, measures
the seconds until the other instance holds the leader lease, and starts the killed one again as
a follower. Prints each round and the mean; the bound is LEASE_TTL + LEASE_TTL/6. With
`--readers N` the KW6 issue is due for N readers (the leader catches up on it at 20 msg/s) and
the leader is killed while sending: also printed is when the broadcast went on again.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import make_url, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import parse_duration  # noqa: E402
from bot.database import Database  # noqa: E402
from bot.simulator.bot_api_thread import FakeBotAPIThread  # noqa: E402
from storage.db import make_engine, migrate  # noqa: E402
from storage.leader_leases import current_leader  # noqa: E402
from tests.bot.instances import bot_env, free_port, start  # noqa: E402

POLL = 0.05  # seconds between two looks at the lease


def parse_args() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lease-ttl", default="30s")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--readers", type=int, default=0, help="a broadcast to N readers")
    return parser.parse_args()


def prepare_broadcast(engine, readers: int) -> str:
    """Store the KW6 issue, due a minute ago, and `readers` readers; return BROADCAST_AT."""
    from newsletter.issue import build_issue
    from storage.issues import store_issue
    from tests.bot.broadcast_fixtures import add_readers
    from tests.bot.instances import ingested_before, just_passed

    fixture = ROOT / "tests" / "fixtures" / "kw06-2025.rss.xml"
    Database(engine).run_sync(store_issue, issue=build_issue(fixture.read_bytes()))
    add_readers(engine, range(9_000_001, 9_000_001 + readers))
    schedule, slot = just_passed()
    ingested_before(engine, slot)
    return schedule


def leader(db: Database) -> str | None:
    """The instance name of the leader whose lease is held, or None."""
    holder = db.run_sync(current_leader, name="main")
    return None if holder is None or holder.owner is None else holder.owner.split(":")[0]


def wait_for(condition, timeout: float) -> float:
    """Poll `condition` until it holds; return the seconds it took."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise TimeoutError("no leader in time")
        time.sleep(POLL)
    return time.monotonic() - began


def main() -> None:
    """Run the rounds and print the figures."""
    args = parse_args()
    ttl = parse_duration(args.lease_ttl, bare="s").total_seconds()
    schema = f"bench_takeover_{uuid.uuid4().hex[:8]}"
    admin = make_engine(args.database_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(admin.url.render_as_string(hide_password=False))
    url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    database = url.render_as_string(hide_password=False)
    engine = make_engine(database)
    migrate(engine)
    db = Database(engine)
    schedule = prepare_broadcast(engine, args.readers) if args.readers else "mon 07:00"
    workdir = Path(tempfile.mkdtemp(prefix="bench-takeover-"))
    processes: dict[str, subprocess.Popen] = {}
    times: list[float] = []
    try:
        with FakeBotAPIThread(allow_local_webhooks=True, keep_calls=False) as api:

            def launch(name: str) -> None:
                env = bot_env(database, api.base_url, free_port(), INSTANCE_NAME=name,
                              LEASE_TTL=args.lease_ttl, BROADCAST_AT=schedule,
                              BROADCAST_GRACE="1h" if args.readers else "1s",
                              BROADCAST_RATE="20", LOG_LEVEL="WARNING")  # fmt: skip
                processes[name] = start(env, workdir / f"{name}.log", "--webhook")

            launch("a")
            wait_for(lambda: leader(db) == "a", 120)
            launch("b")
            time.sleep(ttl / 3)  # b is up and following
            for round_ in range(1, args.rounds + 1):
                old = leader(db)
                assert old is not None
                new = "b" if old == "a" else "a"
                processes[old].send_signal(signal.SIGKILL)
                processes[old].wait(10)
                killed_at, sends = time.monotonic(), api.stats()["sends"]
                took = wait_for(lambda new=new: leader(db) == new, ttl * 3)
                times.append(took)
                print(f"round {round_}: {old} killed, {new} leads after {took:.1f} s", flush=True)
                if args.readers:
                    wait_for(lambda sends=sends: api.stats()["sends"] > sends + 5, ttl * 3)
                    resumed = time.monotonic() - killed_at
                    print(f"  the broadcast went on {resumed:.1f} s after the kill", flush=True)
                launch(old)
                time.sleep(ttl / 3)
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(30)
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    print(
        f"LEASE_TTL {ttl:g} s: leader after {sum(times) / len(times):.1f} s on average "
        f"(min {min(times):.1f}, max {max(times):.1f}; bound {ttl * 7 / 6:.1f} s)"
    )


if __name__ == "__main__":
    main()
