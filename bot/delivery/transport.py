"""The sender's own Bot and HTTP connection pool (a broadcast's, a correction's), sized for many
requests in flight.

PTB's default `HTTPXRequest` has a pool of one connection, and on this machine httpx costs
1.5–5 ms of CPU per request (bench/broadcast.py), which caps a broadcast near 300 msg/s.
`AiohttpRequest` is a `telegram.request.BaseRequest` on aiohttp (≈0.3 ms per request): PTB
still builds the request data and turns every error answer into its exception classes
(`RetryAfter`, `ChatMigrated`, `Forbidden`, ...). Without aiohttp installed the broadcaster falls
back to an `HTTPXRequest` with a pool of the same size.

`BroadcastBot.call(endpoint, params)` is the lean send path: one Bot API call with ready-made
JSON parameters, returning the raw result dict (no PTB objects built for 17,700 answers);
`RawBot` is what the senders need of it. On aiohttp it skips PTB's request machinery too
(building `RequestData`, its defaults, its answer parsing: a third of the CPU of a send): the
form body goes out as it is, a 200's result is read directly, and any other answer goes
through PTB's own error mapping (`_Answered`) without being sent again, so the senders see the
same exceptions. `sender_bot` builds it from the settings.
"""

from __future__ import annotations

import functools
import json
import logging
from typing import Any, Protocol
from urllib.parse import quote_plus

from telegram import Bot
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.config import Settings

log = logging.getLogger(__name__)

READ_TIMEOUT = 15.0
CONNECT_TIMEOUT = 10.0
POOL_TIMEOUT = 30.0
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class RawBot(Protocol):
    """What sending needs of a bot: one raw Bot API call (see `BroadcastBot`)."""

    async def call(self, endpoint: str, params: dict[str, Any]) -> Any:
        """Call `endpoint` with JSON-ready `params` and return the raw result."""
        ...


class BroadcastBot(Bot):
    """A plain `Bot` (no rate limiter, no defaults) with a lean path for raw Bot API calls."""

    async def call(self, endpoint: str, params: dict[str, Any]) -> Any:
        """Call Bot API method `endpoint` (e.g. `sendMessage`) with JSON-ready `params`.

        Returns the raw `result`; raises PTB's `TelegramError` subclasses like every Bot method.
        """
        request = self._request[1]
        if not isinstance(request, AiohttpRequest):
            return await self._post(endpoint, api_kwargs=params)
        url = f"{self.base_url}/{endpoint}"
        body = _form({name: _text(value) for name, value in params.items()})
        status, payload = await request.post_form(url, body)
        if status == 200:
            return json.loads(payload)["result"]
        return await _Answered(status, payload).post(url)  # raises PTB's exception


def _text(value: Any) -> str:
    """A JSON-ready parameter as the form carries it (as PTB's `RequestData` does)."""
    return value if isinstance(value, str) else json.dumps(value)


class _Answered(BaseRequest):
    """A request already answered (`status`, `payload`): PTB's `post` on it maps the answer to
    its exceptions (`RetryAfter`, `Forbidden`, `ChatMigrated`, ...) as for any request."""

    def __init__(self, status: int, payload: bytes) -> None:
        self._answer = (status, payload)

    @property
    def read_timeout(self) -> float | None:
        """No timeout: nothing is sent."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """The answer that was given."""
        return self._answer


@functools.lru_cache(maxsize=1024)
def _quoted(value: str) -> str:
    return quote_plus(value)


def _form(parameters: dict[str, str]) -> bytes:
    """URL-encode the parameters. Names and texts repeat for thousands of requests and are
    encoded once; chat ids (digits) need no encoding."""
    parts = []
    for name, value in parameters.items():
        encoded = value if value.lstrip("-").isdigit() else _quoted(value)
        parts.append(f"{_quoted(name)}={encoded}")
    return "&".join(parts).encode("ascii")


class AiohttpRequest(BaseRequest):
    """PTB's request layer on an aiohttp session with `connection_pool_size` connections."""

    def __init__(
        self,
        connection_pool_size: int = 64,
        *,
        read_timeout: float = READ_TIMEOUT,
        connect_timeout: float = CONNECT_TIMEOUT,
    ) -> None:
        self.connection_pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._session: Any = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (idempotent)."""
        import aiohttp

        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.connection_pool_size)
            timeout = aiohttp.ClientTimeout(
                total=None, sock_connect=self._connect_timeout, sock_read=self._read_timeout
            )
            self._session = aiohttp.ClientSession(
                connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def post_form(self, url: str, body: bytes) -> tuple[int, bytes]:
        """POST a ready form body; return the status and payload (the lean path of `call`)."""
        return await self._send("POST", url, data=body, headers=_FORM)

    async def _send(self, method: str, url: str, **kwargs: Any) -> tuple[int, bytes]:
        """One request; aiohttp's errors as PTB's `TimedOut` and `NetworkError`."""
        import aiohttp

        if self._session is None:
            raise RuntimeError("AiohttpRequest is not initialized")
        try:
            async with self._session.request(method, url, **kwargs) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut(f"Timed out: {exc!r}") from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc

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
        """Send one request; map aiohttp's errors to PTB's `TimedOut` and `NetworkError`."""
        import aiohttp

        kwargs: dict[str, Any] = {}
        if request_data is not None and request_data.contains_files:
            form = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                form.add_field(name, value)
            for name, (filename, content, mime) in request_data.multipart_data.items():
                form.add_field(name, content, filename=filename, content_type=mime)
            kwargs["data"] = form
        elif request_data is not None and request_data.parameters:
            kwargs["data"] = _form(request_data.json_parameters)
            kwargs["headers"] = _FORM
        if not isinstance(read_timeout, type(BaseRequest.DEFAULT_NONE)):
            kwargs["timeout"] = aiohttp.ClientTimeout(
                total=None, sock_connect=self._connect_timeout, sock_read=read_timeout
            )
        return await self._send(method, url, **kwargs)


def build_request(connections: int) -> BaseRequest:
    """The fastest request layer available, with a pool of `connections`."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:  # pragma: no cover - aiohttp is installed with the test extra
        log.warning("aiohttp is not installed: broadcasting through httpx (slower)")
        return HTTPXRequest(
            connection_pool_size=connections,
            read_timeout=READ_TIMEOUT,
            connect_timeout=CONNECT_TIMEOUT,
            pool_timeout=POOL_TIMEOUT,
        )
    return AiohttpRequest(connections)


def build_broadcast_bot(
    token: str, base_url: str, *, connections: int, request: BaseRequest | None = None
) -> BroadcastBot:
    """The broadcaster's Bot; `request` replaces the HTTP layer (tests pass a fake)."""
    request = request or build_request(connections)
    return BroadcastBot(token, base_url=base_url, request=request, get_updates_request=request)


def sender_bot(
    settings: Settings, *, connections: int, request: BaseRequest | None = None
) -> BroadcastBot:
    """The Bot of one run (the settings' token and API URL) with a pool of `connections`."""
    return build_broadcast_bot(
        settings.require_token(),
        settings.telegram_api_url,
        connections=connections,
        request=request,
    )
