"""A real `Application` (built by `build_application`) talking to a `RecordingRequest`, with a
pinned clock, a fake pacing clock and a helper to type commands and press buttons."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine
from telegram import Update
from telegram.ext import Application

from bot.broadcast.service import BroadcastService
from bot.corrections.service import CorrectionService
from bot.deps import Deps, deps_of, install
from bot.publishing.duty import Publishing
from bot.runtime.pacing import ChatPacer
from bot.runtime.throttle import BurstLimiter
from bot.simulator.records import SentMessage
from tests.fakes.clock import FakeClock
from tests.fakes.request import (
    USER_ID,
    RecordingRequest,
    make_callback_update,
    make_message_update,
)

# Tuesday, 4 February 2025, 10:00 in Berlin: the KW6 fixture's week.
NOW = dt.datetime(2025, 2, 4, 9, 0, tzinfo=dt.UTC)


class Harness:
    """Drive the bot like a reader: `await bot.send("/start")`, `await bot.press("sub")`."""

    def __init__(self, app: Application, request: RecordingRequest, engine: Engine) -> None:
        self.app = app
        self.request = request
        self.engine = engine
        self.clock = FakeClock()  # the burst limiter's
        self.pace_clock = FakeClock()  # the per-chat pacing's: its sleeps only move this one
        self.now = NOW
        self._update_id = 0
        deps = deps_of(app)
        install(app, replace(deps, clock=lambda: self.now, throttle=BurstLimiter(clock=self.clock)))
        app.bot.rate_limiter.pacer = ChatPacer(clock=self.pace_clock, sleep=self.pace_clock.sleep)  # type: ignore[union-attr]

    @property
    def deps(self) -> Deps:
        """The application's services."""
        return deps_of(self.app)

    def use_broadcasts(self, service: BroadcastService) -> None:
        """Replace the application's broadcasts (and the publishing cycle that starts them)."""
        deps = self.deps
        publishing = Publishing(deps.settings, deps.db, service)
        install(self.app, replace(deps, broadcasts=service, publishing=publishing))

    def use_corrections(self, service: CorrectionService) -> None:
        """Replace the application's corrections."""
        install(self.app, replace(self.deps, corrections=service))

    def _next_id(self) -> int:
        self._update_id += 1
        return self._update_id

    async def process(self, data: dict[str, Any]) -> None:
        """Feed one raw update to the application."""
        await self.app.process_update(Update.de_json(data, self.app.bot))

    async def send(self, text: str, *, user_id: int = USER_ID, **kwargs: Any) -> None:
        """A reader types `text` (in their private chat unless `chat_id=`)."""
        number = self._next_id()
        kwargs.setdefault("message_id", number)
        await self.process(make_message_update(text, user_id=user_id, update_id=number, **kwargs))

    async def press(self, data: str, *, user_id: int = USER_ID, **kwargs: Any) -> None:
        """A reader presses an inline button with callback `data`."""
        number = self._next_id()
        kwargs.setdefault("query_id", str(9_000_000 + number))
        await self.process(make_callback_update(data, user_id=user_id, update_id=number, **kwargs))

    def texts(self, chat_id: int = USER_ID) -> list[str]:
        """What the chat received (texts and captions), in order."""
        return self.request.texts(chat_id)

    def sent(self, chat_id: int = USER_ID) -> list[SentMessage]:
        """The messages the chat received, in order."""
        return self.request.sent_to(chat_id)

    def last(self, chat_id: int = USER_ID) -> SentMessage:
        """The last message the chat received."""
        return self.sent(chat_id)[-1]

    def answers(self) -> list[str | None]:
        """The texts of every answerCallbackQuery, in order."""
        return [c.get("text") for c in self.request.calls_to("answerCallbackQuery")]


def buttons(message: SentMessage) -> list[tuple[str, str]]:
    """The inline buttons under `message`: (text, callback data or URL), row by row."""
    markup = message.reply_markup or {}
    return [
        (button["text"], button.get("callback_data") or button.get("url", ""))
        for row in markup.get("inline_keyboard", [])
        for button in row
    ]
