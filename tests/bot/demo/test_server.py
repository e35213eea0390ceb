"""The web chat's API over the simulator, without a bot: what a person types and presses
arrives as Telegram updates; what the bot sends, edits, deletes and answers shows in their
chat as HTML bubbles, pictures and files served from the simulator; bad input gets a 400 with
a German error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from bot.demo import samples
from bot.demo.people import PUBLISHER, READERS
from bot.demo.server import WebChat
from bot.simulator.bot_api import FakeBotAPI
from bot.simulator.params import Upload

ERIKA = READERS[0].user_id
CHART_URL, CHART_FILE = next(iter(samples.IMAGES.items()))
KEYS = {
    "inline_keyboard": [
        [
            {"text": "📬 Abonnieren", "callback_data": "sub"},
            {"text": "Web", "url": "https://example.org/"},
        ]
    ]
}


class Chat:
    """The web chat and its simulator, with an HTTP client."""

    def __init__(self, api: FakeBotAPI, web: WebChat, client: aiohttp.ClientSession) -> None:
        self.api, self.web, self.client = api, web, client

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.client.get(self.web.url + path) as response:
            body = await response.read()
            is_json = response.content_type == "application/json"
            return response.status, (await response.json()) if is_json else body

    async def post(self, path: str, body: Any) -> tuple[int, Any]:
        async with self.client.post(self.web.url + path, json=body) as response:
            return response.status, await response.json()

    async def bot(self, method: str, **params: Any) -> Any:
        status, body = await self.api.backend.call(method, params)
        assert status == 200, body
        return body["result"]

    async def updates(self) -> list[dict[str, Any]]:
        return await self.bot("getUpdates", offset=-100)


@pytest.fixture
async def chat() -> AsyncIterator[Chat]:
    async with FakeBotAPI(
        chat_log=True, web_files=samples.web_files(), rate=None, per_chat_rate=None
    ) as api:
        web = WebChat(api, ZoneInfo("Europe/Berlin"), port=0)
        await web.start()
        try:
            async with aiohttp.ClientSession() as client:
                yield Chat(api, web, client)
        finally:
            await web.stop()


async def test_the_page_has_the_message_field_and_the_role_switch(chat: Chat) -> None:
    status, page = await chat.get("/")
    assert status == 200
    assert b'<textarea name="message"' in page and b'<select name="role"' in page
    for name in ("chat.css", "chat.js", "bubbles.js"):
        assert (await chat.get(f"/static/{name}"))[0] == 200
    assert (await chat.get("/static/secret.py"))[0] == 404
    status, people = await chat.get("/api/people")
    assert [p["role"] for p in people] == ["reader", "reader", "reader", "publisher"]
    assert people[-1]["id"] == PUBLISHER.user_id


async def test_a_typed_command_reaches_the_bot_as_an_update_and_shows_as_yours(chat: Chat) -> None:
    assert await chat.post(f"/api/chat/{ERIKA}/send", {"text": " /start "}) == (200, {"ok": True})
    [update] = await chat.updates()
    message = update["message"]
    assert (message["text"], message["from"]["first_name"], message["chat"]["id"]) == (
        "/start",
        "Erika",
        ERIKA,
    )
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    _, answer = await chat.get(f"/api/chat/{ERIKA}?since=0")
    [shown] = answer["messages"]
    assert 'data-from="you"' in shown["html"] and 'data-command="/start"' in shown["html"]
    assert answer["activity"][str(ERIKA)] == answer["revision"]


async def test_the_bots_message_shows_with_its_html_and_buttons_and_a_press_is_an_update(
    chat: Chat,
) -> None:
    bold = [{"type": "bold", "offset": 0, "length": 5}]
    sent = await chat.bot(
        "sendMessage", chat_id=ERIKA, text="Hallo Erika", entities=bold, reply_markup=KEYS
    )
    _, answer = await chat.get(f"/api/chat/{ERIKA}?since=0")
    html = answer["messages"][0]["html"]
    assert 'data-from="bot"' in html and "<b>Hallo</b> Erika" in html
    assert '<button type="button" data-callback="sub">📬 Abonnieren</button>' in html
    assert 'data-url="https://example.org/"' in html
    body = {"message_id": sent["message_id"], "data": "sub"}
    assert (await chat.post(f"/api/chat/{ERIKA}/press", body))[0] == 200
    [update] = await chat.updates()
    query = update["callback_query"]
    assert (query["data"], query["message"]["reply_markup"]) == ("sub", KEYS)
    await chat.bot("answerCallbackQuery", callback_query_id=query["id"], text="✅ Abonniert!")
    _, later = await chat.get(f"/api/chat/{ERIKA}?since={answer['revision']}")
    assert later["toasts"] == [{"text": "✅ Abonniert!", "alert": False}]


async def test_a_button_that_is_not_there_is_refused(chat: Chat) -> None:
    sent = await chat.bot("sendMessage", chat_id=ERIKA, text="Ohne Knöpfe")
    for body in (
        {"message_id": sent["message_id"], "data": "sub"},
        {"message_id": 1, "data": "sub"},
    ):
        status, answer = await chat.post(f"/api/chat/{ERIKA}/press", body)
        assert (status, answer["error"]) == (400, "Diesen Knopf gibt es nicht (mehr).")
    assert await chat.updates() == []


async def test_an_edit_replaces_the_bubble_and_a_deletion_removes_it(chat: Chat) -> None:
    sent = await chat.bot("sendMessage", chat_id=ERIKA, text="Versand: 10 %")
    _, first = await chat.get(f"/api/chat/{ERIKA}?since=0")
    await chat.bot(
        "editMessageText", chat_id=ERIKA, message_id=sent["message_id"], text="Versand: 100 %"
    )
    _, edited = await chat.get(f"/api/chat/{ERIKA}?since={first['revision']}")
    [shown] = edited["messages"]
    assert shown["id"] == sent["message_id"]
    assert "Versand: 100 %" in shown["html"] and "bearbeitet" in shown["html"]
    await chat.bot("deleteMessage", chat_id=ERIKA, message_id=sent["message_id"])
    _, deleted = await chat.get(f"/api/chat/{ERIKA}?since={edited['revision']}")
    assert deleted["messages"] == [{"id": sent["message_id"], "deleted": True, "html": ""}]


async def test_a_long_poll_waits_for_the_next_change(chat: Chat) -> None:
    await chat.bot("sendMessage", chat_id=ERIKA, text="Hallo")
    _, now = await chat.get(f"/api/chat/{ERIKA}?since=0")
    waiting = asyncio.create_task(chat.get(f"/api/chat/{ERIKA}?since={now['revision']}"))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    await chat.bot("sendMessage", chat_id=ERIKA, text="Da bin ich")
    _, answer = await asyncio.wait_for(waiting, 5)
    [shown] = answer["messages"]
    assert "Da bin ich" in shown["html"]


async def test_the_pictures_and_files_the_bot_sent_are_served(chat: Chat) -> None:
    await chat.bot("sendPhoto", chat_id=ERIKA, photo=CHART_URL, caption="Chart der Woche")
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    await chat.bot(
        "sendDocument",
        chat_id=ERIKA,
        document=Upload("earnings-kw6.ics", len(ics), ics, "text/calendar"),
    )
    _, answer = await chat.get(f"/api/chat/{ERIKA}?since=0")
    photo_html, document_html = (m["html"] for m in answer["messages"])
    src = photo_html.split('<img class="photo" src="')[1].split('"')[0]
    async with chat.client.get(chat.web.url + src) as response:
        expected = (samples.files("bot.demo") / "data" / "images" / CHART_FILE).read_bytes()
        assert (response.content_type, await response.read()) == ("image/png", expected)
    href = document_html.split('href="')[1].split('"')[0]
    assert 'download="earnings-kw6.ics"' in document_html
    async with chat.client.get(chat.web.url + href) as response:
        assert await response.read() == ics
        assert response.headers["Content-Disposition"].startswith("attachment;")
    assert (await chat.get("/api/files/unknown"))[0] == 404


async def test_a_photo_whose_bytes_are_unknown_shows_a_placeholder(chat: Chat) -> None:
    await chat.bot("sendPhoto", chat_id=ERIKA, photo="https://elsewhere.example/x.png")
    _, answer = await chat.get(f"/api/chat/{ERIKA}?since=0")
    assert '<div class="photo missing"' in answer["messages"][0]["html"]


async def test_the_publisher_sends_the_new_issue_as_a_file_the_bot_can_download(
    chat: Chat,
) -> None:
    assert (await chat.post(f"/api/chat/{PUBLISHER.user_id}/upload", {}))[0] == 200
    [update] = await chat.updates()
    document = update["message"]["document"]
    assert document["file_name"] == samples.UPLOAD
    file = await chat.bot("getFile", file_id=document["file_id"])
    assert chat.api.backend.files.download(file["file_path"]) == samples.sample(samples.UPLOAD)


@pytest.mark.parametrize(
    ("path", "body", "status", "error"),
    [
        (f"/api/chat/{ERIKA}/send", {"text": "   "}, 400, "Die Nachricht ist leer."),
        (f"/api/chat/{ERIKA}/send", {"text": "x" * 4097}, 400,
         "Die Nachricht ist zu lang (höchstens 4096 Zeichen)."),
        (f"/api/chat/{ERIKA}/send", [1], 400, "Erwartet ein JSON-Objekt."),
        (f"/api/chat/{ERIKA}/press", {"message_id": "x"}, 400, "message_id: erwartet eine Zahl."),
        ("/api/chat/99/send", {"text": "hallo"}, 404, "Diese Person gibt es nicht."),
    ],
)  # fmt: skip
async def test_bad_input_is_one_german_error(chat: Chat, path, body, status, error) -> None:
    assert await chat.post(path, body) == (status, {"error": error})
    assert await chat.updates() == []
