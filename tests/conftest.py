"""Shared test helpers: where the fixtures are, and a clean migrated database per test.

`engine` runs a test on in-memory SQLite and, when `TEST_DATABASE_URL` is set, again on
PostgreSQL. Each pytest-xdist worker gets a PostgreSQL schema of its own (`search_path` set in
the URL), migrated once and emptied after every test, so neither workers nor tests see each
other's rows. With `TEST_DATABASE_REQUIRED=1` an unreachable PostgreSQL fails the tests
instead of skipping them. SQLite databases are copies of one migrated template.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

FIXTURES = Path(__file__).parent / "fixtures"

# CI (`.ci/run` sets HYPOTHESIS_PROFILE=ci) replays the same examples every run, so a submission
# never fails on a new random draw; a local run explores fresh examples each time.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def parse_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work the bot hands to a worker process (`bot.runtime.offload`) runs in a thread in tests:
    no process is spawned per upload (tests/bot/runtime/test_offload.py checks the process)."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.runtime import offload

    monkeypatch.setattr(offload, "new_executor", lambda: ThreadPoolExecutor(max_workers=1))


@pytest.fixture
def fixtures() -> Path:
    """The folder with the real KW6 2025 issue in its three forms."""
    return FIXTURES


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An engine on `TEST_DATABASE_URL` (skip if unset; skip or fail if unreachable)."""
    from storage.db import make_engine

    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set")
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        if os.environ.get("TEST_DATABASE_REQUIRED") == "1":
            pytest.fail(f"TEST_DATABASE_REQUIRED=1 but PostgreSQL at {where} is unreachable: {exc}")
        pytest.skip(f"PostgreSQL at {where} is unreachable")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_url(postgres_admin: Engine) -> Iterator[str]:
    """The URL of this worker's own migrated PostgreSQL schema, dropped at the end."""
    from storage.db import make_engine, migrate

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    schema = f"pytest_{worker}_{uuid.uuid4().hex[:12]}"
    with postgres_admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    base = make_url(postgres_admin.url.render_as_string(hide_password=False))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    engine = make_engine(url_text)
    migrate(engine)
    engine.dispose()
    yield url_text
    with postgres_admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def postgres_schema(postgres_admin: Engine) -> Iterator[str]:
    """The URL of an empty PostgreSQL schema of this test's own (not migrated), dropped after."""
    schema = f"pytest_own_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    with postgres_admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    base = make_url(postgres_admin.url.render_as_string(hide_password=False))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with postgres_admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    url: str = request.getfixturevalue("postgres_schema")
    return url


@pytest.fixture(scope="session")
def sqlite_template() -> Iterator[Engine]:
    """A migrated in-memory SQLite database that each test's database is copied from."""
    from storage.db import make_engine, migrate

    engine = make_engine("sqlite://")
    migrate(engine)
    yield engine
    engine.dispose()


def _empty_database(engine: Engine) -> None:
    from sqlmodel import SQLModel

    import storage.tables  # noqa: F401

    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty migrated database: in-memory SQLite, and PostgreSQL when configured."""
    from storage.db import make_engine

    if request.param == "sqlite":
        template: Engine = request.getfixturevalue("sqlite_template")
        engine = make_engine("sqlite://")
        with template.connect() as source, engine.connect() as target:
            source.connection.driver_connection.backup(target.connection.driver_connection)
        yield engine
        engine.dispose()
        return
    engine = make_engine(request.getfixturevalue("postgres_url"))
    yield engine
    engine.dispose()
    _empty_database(engine)
    engine.dispose()
