"""The fake's webhook: setWebhook checks URL and secret as Telegram does, getWebhookInfo shows
it, getUpdates gets 409 while it is set (and a second poller's call ends the first one's with
409, as Telegram does), deleteWebhook (or an empty URL) removes it; with
`deliver_webhooks` pending updates are POSTed to it in order, with the secret, and retried."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest, Conflict

from bot.simulator.bot_api import FakeBotAPI
from bot.simulator.objects import BOT_TOKEN, make_command_update

UNLIMITED = {"rate": None, "per_chat_rate": None}


@pytest.fixture
async def api():
    async with FakeBotAPI(**UNLIMITED) as api:
        yield api


@pytest.fixture
async def bot(api: FakeBotAPI):
    async with Bot(BOT_TOKEN, base_url=api.base_url) as bot:
        yield bot


async def test_a_webhook_is_set_and_shown_and_blocks_get_updates(api, bot) -> None:
    url = "https://bot.example.org/telegram"
    assert await bot.set_webhook(url, secret_token="s3cret_-X", allowed_updates=["message"])
    info = await bot.get_webhook_info()
    assert (info.url, info.max_connections, info.allowed_updates) == (url, 40, ("message",))
    assert api.backend.webhook.secret_token == "s3cret_-X"
    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()


async def test_a_second_get_updates_ends_the_first_long_poll_with_409(api, bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await api.backend.wait_until(lambda: api.stats()["per_method"].get("getUpdates") == 1, 5)
    async with Bot(BOT_TOKEN, base_url=api.base_url) as other:
        second = asyncio.create_task(other.get_updates(timeout=1))
        with pytest.raises(Conflict, match=r"^Conflict: terminated by other getUpdates request; "
                           r"make sure that only one bot instance is running$"):  # fmt: skip
            await first
        assert await second == ()


async def test_setting_a_webhook_ends_a_waiting_long_poll_with_409(api, bot) -> None:
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await api.backend.wait_until(lambda: api.stats()["per_method"].get("getUpdates") == 1, 5)
    async with Bot(BOT_TOKEN, base_url=api.base_url) as other:
        await other.set_webhook("https://bot.example.org/telegram")
    with pytest.raises(Conflict, match=r"^Conflict: terminated by setWebhook request$"):
        await waiting


async def test_delete_webhook_lets_get_updates_work_again(api, bot) -> None:
    await bot.set_webhook("https://bot.example.org:8443/hook")
    api.push_update(make_command_update("start"))
    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    [update] = await bot.get_updates()
    assert update.message.text == "/start"


async def test_an_empty_url_removes_the_webhook(api, bot) -> None:
    await bot.set_webhook("https://bot.example.org/hook")
    assert await bot.set_webhook("")
    assert not api.backend.webhook.active


@pytest.mark.parametrize(
    ("url", "secret", "error"),
    [
        ("http://bot.example.org/hook", None, "An https url must be provided for webhook"),
        ("https://bot.example.org:8080/hook", None, "ports 80, 88, 443 or 8443"),
        ("http://127.0.0.1:8080/hook", None, "An https url must be provided"),
        ("https://bot.example.org/hook", "mit Leerzeichen", "secret token contains unallowed"),
        ("https://bot.example.org/hook", "x" * 257, "secret token contains unallowed"),
    ],
)
async def test_set_webhook_refuses_what_telegram_refuses(api, bot, url, secret, error) -> None:
    with pytest.raises(BadRequest, match=f"(?i){error}"):
        await bot.set_webhook(url, secret_token=secret)
    assert not api.backend.webhook.active


async def test_a_local_http_webhook_needs_the_opt_in() -> None:
    async with (
        FakeBotAPI(**UNLIMITED, allow_local_webhooks=True) as api,
        Bot(BOT_TOKEN, base_url=api.base_url) as bot,
    ):
        assert await bot.set_webhook("http://127.0.0.1:18080/telegram", secret_token="abc")
        with pytest.raises(BadRequest, match=r"(?i)https url"):
            await bot.set_webhook("http://10.0.0.1:18080/telegram")
        assert api.backend.webhook.url == "http://127.0.0.1:18080/telegram"


async def test_pending_updates_are_delivered_in_order_with_the_secret_and_retried() -> None:
    received: list[tuple[str | None, int]] = []
    answers = iter([500, 200, 200, 200])
    got_all = asyncio.Event()

    async def receive(request: web.Request) -> web.Response:
        data = await request.json()
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), data["update_id"]))
        if len(received) == 4:
            got_all.set()
        return web.Response(status=next(answers))

    receiver = web.Application()
    receiver.router.add_post("/telegram", receive)
    runner = web.AppRunner(receiver)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/telegram"

    async def no_wait(_seconds: float) -> None:
        await asyncio.sleep(0)

    try:
        async with (
            FakeBotAPI(**UNLIMITED, allow_local_webhooks=True, deliver_webhooks=True,
                       sleep=no_wait) as api,
            Bot(BOT_TOKEN, base_url=api.base_url) as bot,
        ):  # fmt: skip
            first = api.push_update(make_command_update("start"))  # waits for a webhook
            api.delivery.repeat = 1  # Telegram misses the first 200: that update comes again
            await bot.set_webhook(url, secret_token="abc")
            second = api.push_update(make_command_update("help"))
            await asyncio.wait_for(got_all.wait(), 5)
            attempts, pending = list(api.delivery.attempts), len(api.backend.updates)
    finally:
        await runner.cleanup()
    assert received == [("abc", first)] * 3 + [("abc", second)]
    assert attempts == [(first, 500), (first, 200), (first, 200), (second, 200)]
    assert pending == 0
