"""Running storage work from async code: each call is one transaction in a worker thread.

Handlers and jobs never block the event loop on the database: `await db.run(fn, **kwargs)` calls
`fn(session=..., **kwargs)` inside `session_scope` in a thread and returns its result.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine

from storage.db import session_scope

T = TypeVar("T")


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
