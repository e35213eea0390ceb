"""Handler tests: a real `Application` through the recording fake Telegram, on SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine

from bot.app import build_application
from bot.config import Settings
from bot.database import Database
from newsletter.issue import build_issue
from newsletter.model import Issue
from storage.db import make_engine
from storage.issues import store_issue
from tests.conftest import FIXTURES
from tests.fakes.request import BOT_TOKEN, RecordingRequest
from tests.handlers.harness import Harness

ADMIN_ID = 777


@pytest.fixture
def sqlite_engine(sqlite_template: Engine) -> Engine:
    """A migrated in-memory SQLite database of this test's own."""
    engine = make_engine("sqlite://")
    with sqlite_template.connect() as source, engine.connect() as target:
        source.connection.driver_connection.backup(target.connection.driver_connection)
    yield engine
    engine.dispose()


@pytest.fixture
def settings() -> Settings:
    """Settings as a deployment would have them (no .env, no environment)."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=BOT_TOKEN,
        database_url="sqlite://",
        admin_ids=(ADMIN_ID,),
        timezone="Europe/Berlin",
        broadcast_at="mon 07:00",
    )


@pytest.fixture
async def bot(settings: Settings, sqlite_engine: Engine) -> AsyncIterator[Harness]:
    """The bot, initialised (it knows its username), with an empty database."""
    request = RecordingRequest()
    app = build_application(settings, engine=sqlite_engine, request=request)
    async with app:
        yield Harness(app, request, sqlite_engine)


def kw06_issue() -> Issue:
    """The real KW6 2025 issue, rendered from its RSS form."""
    return build_issue((FIXTURES / "kw06-2025.rss.xml").read_bytes())


def store(engine: Engine, issue: Issue) -> int:
    """Store an issue and return its id."""
    return Database(engine).run_sync(store_issue, issue=issue).id


@pytest.fixture
def kw06(bot: Harness) -> Issue:
    """The KW6 issue, stored."""
    issue = kw06_issue()
    store(bot.engine, issue)
    return issue
