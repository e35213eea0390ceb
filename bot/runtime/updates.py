"""Handling updates concurrently across chats, in order within one chat.

With PTB's default (one update at a time) a `/latest` that sends seven paced messages would
make every other reader wait. `ChatOrderedUpdateProcessor` runs updates of different chats at
the same time but keeps each chat's updates in the order they arrived, so a reader's replies
come in the order of their commands. Every update is counted, and the time its handlers take
measured (`metrics.UPDATES`, `metrics.UPDATE_SECONDS`), in polling and webhook mode alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.runtime.metrics import UPDATE_SECONDS, UPDATES

MAX_CONCURRENT_UPDATES = 256


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """One lock per chat with updates in flight; updates without a chat run right away."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await `coroutine` once earlier updates of the same chat are done."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await _measured(coroutine)
            return
        key = chat.id
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await _measured(coroutine)
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:
                del self._users[key], self._locks[key]

    @property
    def chats_in_flight(self) -> int:
        """How many chats have updates being handled or waiting."""
        return len(self._locks)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


async def _measured(coroutine: Awaitable[Any]) -> None:
    """Handle one update, counted and timed."""
    UPDATES.inc()
    with UPDATE_SECONDS.time():
        await coroutine
