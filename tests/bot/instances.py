"""Real `doppelbot run` processes for the process tests: a clean environment, a free port,
a schedule slot that has just passed (so the leader catches up on a broadcast at election),
starting an instance (or any other `doppelbot` command) with its log in a file, killing one
mid-run, a database with the KW6 issue stored, and posting an update to an instance's webhook."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
from sqlalchemy import Engine, update

from bot.database import Database
from newsletter.issue import build_issue
from newsletter.model import Issue
from storage.db import make_engine, migrate
from storage.issues import store_issue
from storage.tables import IssueRecord
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test_secret-42"
_OURS = ("TELEGRAM_", "DATABASE_", "BROADCAST_", "ADMIN_", "WEBHOOK_", "LEASE_", "INSTANCE_")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def just_passed(minutes: int = 2) -> tuple[str, dt.datetime]:
    """A BROADCAST_AT that was `minutes` ago in Berlin, and that moment (UTC)."""
    slot = (dt.datetime.now(ZoneInfo("Europe/Berlin")) - dt.timedelta(minutes=minutes)).replace(
        second=0, microsecond=0
    )
    return f"{_DAYS[slot.weekday()]} {slot:%H:%M}", slot.astimezone(dt.UTC)


def ingested_before(engine: Engine, moment: dt.datetime) -> None:
    """Pretend every issue is the issue of `moment`'s week, ingested an hour before `moment`
    (the catch-up sends it: an issue of an earlier week never goes out by itself)."""
    day = moment.astimezone(ZoneInfo("Europe/Berlin")).date()
    year, week = day.isocalendar()[:2]
    with engine.begin() as connection:
        connection.execute(
            update(IssueRecord.__table__).values(
                ingested_at=moment - dt.timedelta(hours=1), week=week, year=year, date=day
            )
        )


def bot_env(database_url: str, api_base_url: str, port: int, **extra: str) -> dict[str, str]:
    """The environment of one instance in webhook mode (nothing from the developer's)."""
    from bot.simulator.objects import BOT_TOKEN

    clean = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
    return {
        **clean,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_API_URL": api_base_url,
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "WEBHOOK_SECRET": SECRET,
        "PORT": str(port),
        "LISTEN": "127.0.0.1",
        "TIMEZONE": "Europe/Berlin",
        "ADMIN_IDS": "",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def start(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    """`python -m bot run …` with stdout and stderr in `log`."""
    return launch(env, log, "run", *args)


def launch(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    """`python -m bot ARGS` in the folder of `log`, with stdout and stderr in `log`."""
    with log.open("w") as out:  # a file, not a pipe nobody reads: it never blocks
        return subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=log.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stored_issue(url: str, issue: Issue | None = None) -> tuple[Engine, Issue, int]:
    """A migrated database at `url` with `issue` (default: KW6 2025) stored: the engine, the
    issue and its id."""
    engine = make_engine(url)
    migrate(engine)
    issue = issue or build_issue((FIXTURES / "kw06-2025.rss.xml").read_bytes())
    stored = Database(engine).run_sync(store_issue, issue=issue)
    assert stored.id is not None
    return engine, issue, stored.id


def command_env(database_url: str, api_base_url: str, **extra: str) -> dict[str, str]:
    """The environment of a one-off `doppelbot` command (broadcast, correct) against the fake
    Bot API (nothing of ours from the developer's; warnings only)."""
    from bot.simulator.objects import BOT_TOKEN

    clean = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
    return {
        **clean,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_API_URL": api_base_url,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def kill_when(process: subprocess.Popen, done: Callable[[], None]) -> None:
    """SIGKILL `process` once `done()` returns (it waits for what the test waits for), or at
    once when it raises."""
    try:
        done()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)


def command(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    """`python -m bot ARGS` from the repository, its stderr in `log` (stdout dropped)."""
    with log.open("w") as stderr:  # a file, not a pipe nobody reads: it never blocks
        return subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )


def post_update(port: int, update: dict) -> int:
    """POST `update` to the webhook of the instance on `port` (with the secret); its status."""

    async def send() -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"http://127.0.0.1:{port}/telegram", data=json.dumps(update), headers=headers
            ) as response,
        ):
            return response.status

    return asyncio.run(send())
