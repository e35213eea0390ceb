"""Fixtures for the fakes' own tests."""

import pytest
from telegram import Bot

from bot.simulator.objects import BOT_TOKEN
from tests.fakes.request import RecordingRequest


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB 22's future `RetryAfter.retry_after: timedelta` (and its warning's end)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def bot_and_request():
    """A PTB `Bot` on a fresh recording fake Telegram, and the fake."""
    request = RecordingRequest()
    bot = Bot(BOT_TOKEN, request=request, get_updates_request=request)
    async with bot:
        yield bot, request
