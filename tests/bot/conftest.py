"""Fixtures the bot tests borrow: a database session on SQLite and PostgreSQL (`session`,
from the storage tests) and a fresh SQLite file as DATABASE_URL (`database`, from the CLI
tests)."""

from tests.bot.cli.test_ingest import database  # noqa: F401
from tests.storage.conftest import session  # noqa: F401
