"""Pending updates and `getUpdates` long polling, as Telegram serves them.

`offset` confirms every update below it; a call waits up to `timeout` seconds for an update to
arrive; a newer `getUpdates` call ends a waiting older one with 409 Conflict, as Telegram does when
two processes poll one token, and so does `setWebhook` (`end_polls`).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections import deque
from typing import Any

MAX_LIMIT = 100


class PollConflict(Exception):
    """A newer getUpdates call (or, `by`, another method) took over while this one waited."""

    def __init__(self, by: str = "getUpdates") -> None:
        super().__init__(by)
        self.by = by


class UpdateQueue:
    """Updates waiting to be fetched, with Telegram's offset semantics."""

    def __init__(self) -> None:
        self._pending: deque[dict[str, Any]] = deque()
        self._next_id = 1
        self._arrived: asyncio.Event | None = None
        self._generation = 0
        self._ended_by = "getUpdates"

    def __len__(self) -> int:
        return len(self._pending)

    def push(self, update: dict[str, Any]) -> int:
        """Queue a copy of `update` under the next update_id and return that id."""
        update = copy.deepcopy(update)
        update["update_id"] = update_id = self._next_id
        self._next_id += 1
        self._pending.append(update)
        self._wake()
        return update_id

    def clear(self) -> None:
        """Drop every pending update (`deleteWebhook(drop_pending_updates=True)`)."""
        self._pending.clear()

    def take(self, offset: int | None = None, limit: int = MAX_LIMIT) -> list[dict[str, Any]]:
        """Confirm updates below `offset` and return up to `limit` of the rest."""
        pending = self._pending
        if offset is not None and offset < 0:
            while len(pending) > -offset:
                pending.popleft()
        elif offset:
            while pending and pending[0]["update_id"] < offset:
                pending.popleft()
        return [pending[i] for i in range(min(limit, len(pending)))]

    async def get(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Serve one getUpdates call: return at once if updates wait, else wait up to
        `timeout` seconds for one. Raises `PollConflict` if a newer call took over."""
        offset = params.get("offset")
        limit = max(1, min(MAX_LIMIT, int(params.get("limit") or MAX_LIMIT)))
        timeout = float(params.get("timeout") or 0)
        self._generation += 1
        self._ended_by = "getUpdates"
        generation = self._generation
        self._wake()  # an older waiter sees the new generation and gives up
        updates = self.take(offset, limit)
        if updates or timeout <= 0:
            await asyncio.sleep(0)
            return updates
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not updates:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            if self._arrived is None:
                self._arrived = asyncio.Event()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), remaining)
            if generation != self._generation:
                raise PollConflict(self._ended_by)
            updates = self.take(offset, limit)
        return updates

    def end_polls(self, by: str) -> None:
        """End a waiting getUpdates call with 409 (`by`: the method that ended it)."""
        self._generation += 1
        self._ended_by = by
        self._wake()

    def _wake(self) -> None:
        event, self._arrived = self._arrived, None
        if event is not None:
            event.set()
