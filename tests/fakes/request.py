"""`RecordingRequest`: PTB's request layer replaced by an in-memory fake Telegram.

Give it to `ApplicationBuilder().request(r).get_updates_request(r)` (one instance serves both;
set both, or polling would use PTB's real HTTP client) or to `Bot(token, request=r,
get_updates_request=r)`. It records every call with its decoded parameters,
answers with realistic JSON, enforces Telegram's message rules (violations are answered with 400
and recorded) and replays scripted failures::

    request = RecordingRequest()
    request.fail_for(42, rules.BLOCKED)             # next call for chat 42: Forbidden
    request.fail_for(7, rules.TIMED_OUT, times=None) # every call for chat 7: TimedOut
    builder = ApplicationBuilder().token(BOT_TOKEN)
    app = builder.request(request).get_updates_request(request).build()
    await app.process_update(Update.de_json(make_command_update("start"), app.bot))
    assert request.texts(USER_ID) == [...] and not request.violations
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from bot.simulator.backend import TelegramBackend
from bot.simulator.flood import FloodControl
from bot.simulator.objects import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USERNAME,
    USER_ID,
    make_callback_update,
    make_command_update,
    make_message_update,
)
from bot.simulator.params import ParamDecoder, Upload
from bot.simulator.scripts import ScriptedTimeout
from bot.simulator.view import FakeTelegramView

__all__ = [
    "BOT_ID",
    "BOT_TOKEN",
    "BOT_USERNAME",
    "USER_ID",
    "RecordingRequest",
    "make_callback_update",
    "make_command_update",
    "make_message_update",
]


class RecordingRequest(FakeTelegramView, BaseRequest):
    """A `BaseRequest` that talks to an in-memory fake Telegram instead of the network.

    `flood` (a `FloodControl`, built with its own `clock`) turns on flood limits; without it
    nothing is rate limited. `clock` stamps calls and messages.
    `blocked`, `not_found` and `migrated` ({old_id: new_id}) fix chats' fates. `backend` lets two
    instances share one fake Telegram.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        flood: FloodControl | None = None,
        blocked: Iterable[int | str] = (),
        not_found: Iterable[int | str] = (),
        migrated: Mapping[int, int] | None = None,
        backend: TelegramBackend | None = None,
        read_timeout: float | None = 5.0,
    ) -> None:
        self.backend = backend or TelegramBackend(
            clock=clock, flood=flood, blocked=blocked, not_found=not_found, migrated=migrated
        )
        self._read_timeout = read_timeout
        self._decoder = ParamDecoder()
        self.initialized = False

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds it to getUpdates' long-polling timeout)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open."""
        self.initialized = True

    async def shutdown(self) -> None:
        """Nothing to close."""
        self.initialized = False

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer one request as Telegram would; raise `TimedOut` for a scripted timeout."""
        if method == "GET":  # file download: /file/bot<token>/<file_path>
            path = url.split("/file/bot", 1)[-1].split("/", 1)[-1]
            content = self.backend.files.download(path)
            return (200, content) if content is not None else (404, b"Not Found")
        api_method = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = {}
        if request_data is not None:
            params = self._decoder.decode(request_data.json_parameters)
            for name, (filename, content, mime) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else b""
                params[name] = Upload(filename or name, len(data), data, mime)
        try:
            status, body = await self.backend.call(api_method, params)
        except ScriptedTimeout as exc:
            raise TimedOut(f"Timed out (scripted) calling {api_method}") from exc
        return status, json.dumps(body).encode()
