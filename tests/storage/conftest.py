"""Storage test fixtures: a session on the parametrized `engine` (see tests/conftest.py)."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test database; tests commit when they need a committed state."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
