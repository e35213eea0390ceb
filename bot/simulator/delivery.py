"""Telegram's side of a webhook: pending updates are POSTed to the webhook's URL.

Like Telegram, `WebhookDelivery` sends each pending update as JSON to the URL `setWebhook`
registered, with the header `X-Telegram-Bot-Api-Secret-Token` when a secret was set, one at a
time and in order; a 2xx answer confirms the update, anything else (or no answer within
`timeout`) is retried after `retry_delay` seconds, so the same update_id can arrive twice.
`repeat` makes the next N confirmed deliveries be sent once more anyway (a 200 that Telegram
did not receive in time). Every attempt is kept in `attempts` as (update_id, status or None).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from bot.simulator.backend import TelegramBackend

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
IDLE_WAIT = 3600.0


class WebhookDelivery:
    """Delivers a backend's pending updates to its webhook; `start()` on the server's loop."""

    def __init__(
        self,
        backend: TelegramBackend,
        *,
        retry_delay: float = 0.2,
        timeout: float = 10.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.backend = backend
        self.retry_delay = retry_delay
        self.timeout = timeout
        self.sleep = sleep
        self.repeat = 0
        self.attempts: list[tuple[int, int | None]] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start delivering in the background."""
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Stop delivering."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _due(self) -> bool:
        return self.backend.webhook.active and len(self.backend.updates) > 0

    async def _run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while True:
                with contextlib.suppress(TimeoutError):
                    await self.backend.wait_until(self._due, IDLE_WAIT)
                if not self._due():
                    continue
                [update] = self.backend.updates.take(None, 1)
                if await self._post(session, update):
                    if self.repeat > 0:
                        self.repeat -= 1
                        continue
                    self.backend.updates.take(update["update_id"] + 1, 0)  # confirmed
                else:
                    await self.sleep(self.retry_delay)

    async def _post(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        webhook = self.backend.webhook
        headers = {"Content-Type": "application/json"}
        if webhook.secret_token is not None:
            headers[SECRET_HEADER] = webhook.secret_token
        status: int | None = None
        try:
            async with session.post(
                webhook.url, data=json.dumps(update), headers=headers
            ) as response:
                status = response.status
        except (aiohttp.ClientError, TimeoutError):
            status = None
        self.attempts.append((update["update_id"], status))
        return status is not None and 200 <= status < 300
