"""The fake Bot API server, driven by a real PTB `Bot` over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import datetime as dt

import aiohttp
import pytest
from telegram import Bot, BotCommand, MessageEntity, Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import Application, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from bot.simulator import rules
from bot.simulator.bot_api import FakeBotAPI
from bot.simulator.objects import BOT_TOKEN, USER_ID, make_command_update
from bot.simulator.params import Upload
from tests.fakes.clock import FakeClock

UNLIMITED = {"rate": None, "per_chat_rate": None}


@pytest.fixture
async def api():
    async with FakeBotAPI(**UNLIMITED, blocked={13}, not_found={14}, migrated={-15: -10015}) as api:
        yield api


@pytest.fixture
async def bot(api: FakeBotAPI):
    async with Bot(BOT_TOKEN, base_url=api.base_url) as bot:
        yield bot


async def test_sent_message_is_recorded_with_its_entities(api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(USER_ID, "🇨🇳 Alibaba", entities=[MessageEntity("bold", 5, 7)])
    [message] = api.messages
    assert (message.chat_id, message.method, message.message_id) == (
        USER_ID,
        "sendMessage",
        sent.message_id,
    )
    assert message.text == "🇨🇳 Alibaba"
    assert message.entities == [{"type": "bold", "offset": 5, "length": 7}]
    assert api.stats()["accepted"] == 1 and not api.violations


@pytest.mark.parametrize(
    ("text", "entities", "error"),
    [
        ("x" * 4097, [], "Message is too long"),
        ("Hallo", [MessageEntity("bold", 3, 4)], "Can't parse entities: entity 0 \\(bold\\)"),
        ("  \n ", [], "Message text is empty"),
    ],
)
async def test_broken_message_is_rejected_and_recorded_as_violation(
    api: FakeBotAPI, bot: Bot, text: str, entities: list, error: str
) -> None:
    with pytest.raises(BadRequest, match=error):
        await bot.send_message(USER_ID, text, entities=entities)
    assert len(api.violations) == 1 and api.messages == []


async def test_chat_fates_raise_ptb_errors(api: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(13, "Hallo")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(14, "Hallo")
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(-15, "Hallo")
    assert migrated.value.new_chat_id == -10015
    assert api.stats()["errors"] == {403: 1, 400: 2}


async def test_blocked_share_picks_a_stable_share_of_chats() -> None:
    api = FakeBotAPI(blocked_share=0.05)
    blocked = [chat for chat in range(1, 2001) if api.backend.is_blocked(chat)]
    assert 80 <= len(blocked) <= 120
    assert blocked == [chat for chat in range(1, 2001) if api.backend.is_blocked(chat)]


async def test_exceeding_the_global_rate_answers_retry_after() -> None:
    clock = FakeClock()
    async with (
        FakeBotAPI(rate=0.2, per_chat_rate=None, global_burst=2, clock=clock) as api,
        Bot(BOT_TOKEN, base_url=api.base_url) as bot,
    ):
        await bot.send_message(1, "eins")
        await bot.send_message(2, "zwei")
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(3, "drei")
        clock.advance(5)
        await bot.send_message(3, "drei")
    assert flood.value.retry_after == dt.timedelta(seconds=5)
    assert api.stats()["rate_limited"] == 1 and api.stats()["sends"] == 3


async def test_per_chat_burst_is_three_and_chat_spacing_is_recorded() -> None:
    clock = FakeClock()
    async with (
        FakeBotAPI(rate=None, per_chat_rate=1.0, burst=3, clock=clock) as api,
        Bot(BOT_TOKEN, base_url=api.base_url) as bot,
    ):
        for _ in range(3):
            await bot.send_message(1, "Teil")
            clock.advance(0.25)
        with pytest.raises(RetryAfter):
            await bot.send_message(1, "Teil")
        await bot.send_message(2, "Teil")
    stats = api.stats()
    assert stats["min_chat_gap"] == pytest.approx(0.25)
    assert stats["duplicates"] == 2
    assert stats["first_message_at"] == {1: 1000.0, 2: 1000.75}


async def test_long_polling_returns_an_update_pushed_while_waiting(
    api: FakeBotAPI, bot: Bot
) -> None:
    polling = asyncio.create_task(bot.get_updates(timeout=30))
    await api.wait_for(lambda a: a.stats()["per_method"].get("getUpdates") == 1, timeout=5)
    assert not polling.done()
    update_id = api.push_update(make_command_update("start"))
    [update] = await asyncio.wait_for(polling, 5)
    assert update.update_id == update_id and update.message.text == "/start"
    assert await bot.get_updates(offset=update_id + 1, timeout=0) == ()


async def test_one_off_server_error_then_success(api: FakeBotAPI, bot: Bot) -> None:
    api.fail_for(None, rules.server_error(502))
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(1, "Hallo")
    await bot.send_message(1, "Hallo")
    assert api.texts(1) == ["Hallo"]


async def test_scripted_timeout_delivers_then_answers_late() -> None:
    clock = FakeClock()
    async with (
        FakeBotAPI(**UNLIMITED, clock=clock, sleep=clock.sleep) as api,
        Bot(BOT_TOKEN, base_url=api.base_url) as bot,
    ):
        api.fail_for(1, rules.Timeout(delivered=True, seconds=30))
        await bot.send_message(1, "Hallo")
    assert clock.slept == [30] and api.texts(1) == ["Hallo"]


async def test_latency_overlaps_requests_in_flight() -> None:
    entered, gate = 0, asyncio.Event()

    async def sleep(seconds: float) -> None:
        nonlocal entered
        entered += 1
        if entered == 3:
            gate.set()
        await gate.wait()

    async with (
        FakeBotAPI(**UNLIMITED, sleep=sleep) as api,
        Bot(BOT_TOKEN, base_url=api.base_url, request=HTTPXRequest(connection_pool_size=3)) as bot,
    ):
        api.latency = 0.1  # from here on: each request sleeps until all three are in flight
        await asyncio.wait_for(
            asyncio.gather(*(bot.send_message(chat, "Hallo") for chat in (1, 2, 3))), 10
        )
    assert api.stats()["sends"] == 3


async def test_commands_round_trip_and_wrong_token_is_refused() -> None:
    async with FakeBotAPI(token=BOT_TOKEN) as api:
        async with Bot(BOT_TOKEN, base_url=api.base_url) as bot:
            await bot.set_my_commands([BotCommand("start", "Anmelden")])
            assert await bot.get_my_commands() == (BotCommand("start", "Anmelden"),)
        with pytest.raises(InvalidToken):
            async with Bot("1:wrong", base_url=api.base_url):
                pass


async def test_json_bodies_and_admin_routes(api: FakeBotAPI) -> None:
    async with aiohttp.ClientSession(api.url) as http:
        message = {"chat_id": 5, "text": "per JSON", "entities": []}
        async with http.post(f"/bot{BOT_TOKEN}/sendMessage", json=message) as resp:
            assert (await resp.json())["result"]["text"] == "per JSON"
        async with http.post("/_update", json=make_command_update("start")) as resp:
            assert (await resp.json())["update_id"] == 1
        fail = {"chat_id": 5, "status": 403, "description": "Forbidden: user is deactivated"}
        async with http.post("/_fail", json=fail):
            pass
        async with http.post(f"/bot{BOT_TOKEN}/sendMessage", json=message) as resp:
            assert resp.status == 403
        async with http.get("/_stats") as resp:
            stats = await resp.json()
        async with http.get("/_messages") as resp:
            messages = await resp.json()
        async with http.post("/_reset"):
            pass
    assert stats["accepted"] == 1 and stats["errors"] == {"403": 1}
    assert messages[0]["text"] == "per JSON" and messages[0]["chat_id"] == 5
    assert api.stats()["requests"] == 0 and api.messages == []


async def test_polling_application_answers_a_pushed_command(api: FakeBotAPI) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text("Willkommen beim Doppelgänger!")

    app = Application.builder().token(BOT_TOKEN).base_url(api.base_url).build()
    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=5)
        api.push_update(make_command_update("start"))
        await api.wait_for(lambda a: bool(a.texts(USER_ID)), timeout=10)
        await app.updater.stop()
        await app.stop()
    assert api.texts(USER_ID) == ["Willkommen beim Doppelgänger!"]
    assert {"deleteWebhook", "getUpdates"} <= set(api.stats()["per_method"])


async def test_uploaded_photo_arrives_as_multipart_and_is_recorded(
    api: FakeBotAPI, bot: Bot
) -> None:
    sent = await bot.send_photo(USER_ID, b"\x89PNG" + bytes(96), caption="Chart der Woche")
    [message] = api.sent_to(USER_ID)
    assert sent.caption == "Chart der Woche" and message.method == "sendPhoto"
    assert isinstance(message.photo, Upload) and message.photo.size == 100


async def test_uploaded_photo_keeps_its_bytes_and_a_non_image_is_refused(
    api: FakeBotAPI, bot: Bot
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(40)
    await bot.send_photo(USER_ID, png, caption="Statistik")
    [message] = api.sent_to(USER_ID)
    assert isinstance(message.photo, Upload) and message.photo.content == png
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(USER_ID, b"not an image", caption="Statistik")
    assert [v.description for v in api.violations] == ["Bad Request: IMAGE_PROCESS_FAILED"]


async def test_uploaded_document_arrives_as_multipart_with_its_bytes(
    api: FakeBotAPI, bot: Bot
) -> None:
    data = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    sent = await bot.send_document(USER_ID, data, filename="earnings.ics", caption="KW 6")
    [message] = api.sent_to(USER_ID)
    assert sent.document.file_name == "earnings.ics" and sent.caption == "KW 6"
    assert isinstance(message.document, Upload) and message.document.content == data
    with pytest.raises(BadRequest, match="File must be non-empty"):
        await bot.send_document(USER_ID, b"", filename="leer.ics")
