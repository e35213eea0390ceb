"""Running storage work from async code: each call is one transaction in a worker thread.

Handlers and jobs never block the event loop on the database: `await db.run(fn, **kwargs)` calls
`fn(session=..., **kwargs)` inside `session_scope` in a thread and returns its result.

A database can go away for a moment (a restart, a managed failover, the network to it drops):
`is_outage` tells such an error from a wrong statement, and `db.patient(...)` is the same
database for work that must not end then (a broadcast): its `run` waits the outage out, trying
again with backoff until the database answers or `give_up()` says to stop waiting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from storage.db import session_scope

T = TypeVar("T")
Sleep = Callable[[float], Coroutine[Any, Any, object]]

log = logging.getLogger(__name__)

OUTAGE_BACKOFF = (0.5, 1.0, 2.0, 3.0, 5.0)  # seconds between tries; then every 5 s


def is_outage(exc: BaseException) -> bool:
    """Whether `exc` says the database is out of reach (refused, dropped, timed out, a pool
    with no connection to give), not that a statement was wrong."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError | PoolTimeout)


def outage_delay(failures: int) -> float:
    """Seconds to wait after the `failures`-th failed try in a row."""
    return OUTAGE_BACKOFF[min(failures, len(OUTAGE_BACKOFF)) - 1]


class Database:
    """The engine plus a way to use it from async code."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def run_sync(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Call `fn(session=..., **kwargs)` in one transaction, in this thread."""
        with session_scope(self.engine) as session:
            return fn(session=session, **kwargs)

    async def run(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Call `fn(session=..., **kwargs)` in one transaction, in a worker thread."""
        return await asyncio.to_thread(self.run_sync, fn, **kwargs)

    def patient(
        self, *, sleep: Sleep = asyncio.sleep, give_up: Callable[[], bool] = lambda: False
    ) -> PatientDatabase:
        """This database for work that waits out an outage (see the module docstring)."""
        return PatientDatabase(self, sleep=sleep, give_up=give_up)


class PatientDatabase(Database):
    """A `Database` whose `run` tries again while the database is out of reach."""

    def __init__(self, db: Database, *, sleep: Sleep, give_up: Callable[[], bool]) -> None:
        super().__init__(db.engine)
        self.inner, self.sleep, self.give_up = db, sleep, give_up

    def run_sync(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """As the inner database's (no waiting in a thread)."""
        return self.inner.run_sync(fn, **kwargs)

    async def run(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Call `fn` as `Database.run` does; while the database is out of reach, try again
        with backoff until it answers (or `give_up()`: then the error is raised)."""
        failures = 0
        while True:
            try:
                result = await self.inner.run(fn, **kwargs)
            except Exception as exc:
                if not is_outage(exc) or self.give_up():
                    raise
                failures += 1
                if failures == 1:
                    log.warning("database not reachable (%s): waiting", type(exc).__name__)
                await self.sleep(outage_delay(failures))
                continue
            if failures:
                log.info("database answers again after %d tries", failures + 1)
            return result
