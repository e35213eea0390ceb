"""The broadcaster's lean send path on aiohttp against the simulator on 127.0.0.1: a 200's result
is read directly, and every other answer raises the same PTB exception as through PTB's own
request path (nothing is sent twice to find out)."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter

from bot.delivery.transport import AiohttpRequest, build_broadcast_bot
from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import BOT_TOKEN


@pytest.fixture
def api():
    with FakeBotAPIThread(rate=None, per_chat_rate=1.0, burst=1, blocked=[5],
                          migrated={-100: -1001}) as api:  # fmt: skip
        yield api


async def test_answers_and_errors_are_those_of_ptb(api) -> None:
    bot = build_broadcast_bot(BOT_TOKEN, api.base_url, connections=4)
    assert isinstance(bot.request, AiohttpRequest)
    async with bot:
        params = {"text": "Guten Morgen", "link_preview_options": '{"is_disabled": true}'}
        sent = await bot.call("sendMessage", {"chat_id": 7, **params})
        assert sent["message_id"] and sent["chat"]["id"] == 7
        assert sent["text"] == "Guten Morgen"
        with pytest.raises(RetryAfter):
            await bot.call("sendMessage", {"chat_id": 7, **params})  # too soon for chat 7
        with pytest.raises(Forbidden):
            await bot.call("sendMessage", {"chat_id": 5, **params})
        with pytest.raises(ChatMigrated) as migrated:
            await bot.call("sendMessage", {"chat_id": -100, **params})
        assert migrated.value.new_chat_id == -1001
        with pytest.raises(BadRequest):
            await bot.call("sendMessage", {"chat_id": 8, "text": ""})
        paid = await bot.call("sendMessage", {"chat_id": 9, "allow_paid_broadcast": True, **params})
        assert paid["chat"]["id"] == 9
    assert api.texts(7) == ["Guten Morgen"] and api.stats()["sends"] == 2
