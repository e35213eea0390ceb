"""409 Conflict while polling: the instance that serves holds its ground, a newcomer yields.

Telegram serves `getUpdates` to one poller per token: a second poller's call ends the first
one's long poll with 409 "terminated by other getUpdates request", and while a webhook is set
every call gets 409 "can't use getUpdates method while webhook is active". Each poller then
retries, and if both stayed they would end each other's polls forever.

`PollWatch` decides, and `WatchedRequest` (PTB's request layer for getUpdates, wrapped) tells
it what happens: a poller that meets 409 before it has served (no getUpdates answered yet, and
polling for less than `SERVING_AFTER` seconds) yields: it makes no further call (a last
getUpdates would end the other one's poll; the wrapper answers it with nothing) and stops with
one German line, exit 2. A poller that has served keeps polling (PTB's retry loop backs off
from 1 s to 30 s) and the admins are told once per kind of conflict (another poller, a
webhook); after `QUIET` seconds without a conflict a new one is told again.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from enum import Enum
from typing import Any

from telegram.request import BaseRequest

log = logging.getLogger(__name__)

SERVING_AFTER = 30.0  # seconds of polling after which an instance holds its ground anyway
QUIET = 3600.0  # seconds without a conflict after which the admins hear of a new one
NOTHING = json.dumps({"ok": True, "result": []}).encode()

YIELDED = (
    "Telegram meldet 409 Conflict: ein anderer Prozess holt schon die Updates dieses Bots "
    "(Long Polling mit demselben Token, oder ein Webhook). Diese Instanz weicht ihm: die andere "
    "beenden, oder für mehrere Instanzen WEBHOOK_URL setzen."
)
OTHER_POLLER = (
    "⚠️ Ein zweiter Prozess holt die Updates dieses Bots mit demselben Token (Telegram meldet "
    "409 Conflict). Ich bleibe dran und frage weiter, mit wachsenden Pausen; solange beide "
    "laufen, können Antworten an die Leser:innen sich verzögern. Bitte den anderen Prozess "
    "beenden (ein Laptop, ein zweites Deployment mit eigener Datenbank?)."
)
WEBHOOK_SET = (
    "⚠️ Für diesen Bot ist ein Webhook gesetzt, während ich per Long Polling laufe (Telegram "
    "meldet 409 Conflict). Solange er gesetzt ist, bekomme ich keine Updates; ich frage weiter, "
    "mit wachsenden Pausen. Den Webhook löschen (deleteWebhook) oder die Instanzen auf "
    "WEBHOOK_URL umstellen."
)


class Kind(Enum):
    """Who polls in our place."""

    POLLER = "poller"
    WEBHOOK = "webhook"


def kind_of(description: str) -> Kind:
    """The kind of conflict Telegram's 409 text names."""
    return Kind.WEBHOOK if "webhook" in description.lower() else Kind.POLLER


class PollWatch:
    """This instance's polling: whether it has served, whether it yielded, what to tell."""

    def __init__(
        self,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        serving_after: float = SERVING_AFTER,
        quiet: float = QUIET,
    ) -> None:
        self.monotonic, self.serving_after, self.quiet = monotonic, serving_after, quiet
        self.started: float | None = None  # the first getUpdates call
        self.served = False  # a getUpdates call was answered
        self.yielded = False
        self.conflicts = 0
        self._told: dict[Kind, float] = {}  # kind -> last conflict of an episode already told
        self._notices: list[str] = []

    def calling(self) -> None:
        """A getUpdates call starts."""
        if self.started is None:
            self.started = self.monotonic()

    def answered(self) -> None:
        """A getUpdates call was answered: this instance serves."""
        self.served = True

    @property
    def serving(self) -> bool:
        """Whether this instance holds its ground at a conflict."""
        if self.served:
            return True
        return self.started is not None and self.monotonic() - self.started >= self.serving_after

    def conflict(self, description: str) -> None:
        """Telegram answered 409 with `description`: yield, or hold and note a notice."""
        self.conflicts += 1
        if not self.serving:
            if not self.yielded:
                log.info("409 Conflict before serving, this instance yields: %s", description)
            self.yielded = True
            return
        kind, now = kind_of(description), self.monotonic()
        last = self._told.get(kind)
        self._told[kind] = now
        if last is None or now - last >= self.quiet:
            log.warning("409 Conflict while serving, polling on: %s", description)
            self._notices.append(WEBHOOK_SET if kind is Kind.WEBHOOK else OTHER_POLLER)
        else:
            log.info("409 Conflict again (%d so far), polling on: %s", self.conflicts, description)

    def notices(self) -> list[str]:
        """The admins' notices due since the last call."""
        due, self._notices = self._notices, []
        return due


class WatchedRequest(BaseRequest):
    """The getUpdates request layer (`inner`), reporting to a `PollWatch`; once the watch
    yielded, getUpdates is answered with nothing, without a call to Telegram."""

    def __init__(self, inner: BaseRequest, watch: PollWatch) -> None:
        self.inner, self.watch = inner, watch

    @property
    def read_timeout(self) -> float | None:
        """The inner layer's."""
        return self.inner.read_timeout

    async def initialize(self) -> None:
        """Initialize the inner layer."""
        await self.inner.initialize()

    async def shutdown(self) -> None:
        """Shut the inner layer down."""
        await self.inner.shutdown()

    async def do_request(
        self, url: str, method: str, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:  # the rest of BaseRequest.do_request's arguments, passed on
        """Pass the call on (unless yielded) and tell the watch how getUpdates went."""
        polling = url.endswith("/getUpdates")
        if polling and self.watch.yielded:
            return 200, NOTHING
        if polling:
            self.watch.calling()
        status, body = await self.inner.do_request(url, method, *args, **kwargs)
        if polling and status == 200:
            self.watch.answered()
        elif polling and status == 409:
            self.watch.conflict(_description(body))
        return status, body


def _description(body: bytes) -> str:
    try:
        return str(json.loads(body).get("description", ""))
    except (ValueError, AttributeError):
        return ""
