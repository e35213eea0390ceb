"""The chat log: each chat as its people see it (sends, edits in place, deletions, the notes
after a button press, the users' own messages), with revisions to ask for what changed; and the
bytes of the photos and documents the bot sent, served by getFile and the file download."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.simulator.backend import TelegramBackend
from bot.simulator.bot_api import FakeBotAPI
from bot.simulator.objects import BOT_TOKEN, make_callback_update, make_message_update
from bot.simulator.params import Upload

CHART_URL = "https://media.example.com/chart.png"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 8 + b"IHDR" + (40).to_bytes(4, "big") * 2 + b"\0" * 20
KEYS = {"inline_keyboard": [[{"text": "Weiter", "callback_data": "next"}]]}


async def ok(backend: TelegramBackend, method: str, **params: Any) -> Any:
    status, body = await backend.call(method, params)
    assert status == 200, body
    return body["result"]


async def test_the_log_is_off_unless_asked_for() -> None:
    backend = TelegramBackend()
    await ok(backend, "sendMessage", chat_id=1, text="Hallo")
    assert backend.chats is None


async def test_a_chat_shows_the_users_message_then_the_bots_answer_with_its_entities() -> None:
    backend = TelegramBackend(chat_log=True)
    update = make_message_update("/start", user_id=7, message_id=backend.answers.new_message_id())
    backend.push_update(update)
    bold = [{"type": "bold", "offset": 0, "length": 5}]
    await ok(
        backend, "sendMessage", chat_id=7, text="Hallo Erika", entities=bold, reply_markup=KEYS
    )
    assert backend.chats is not None
    you, bot = backend.chats.messages(7)
    assert (you.sender, you.text, you.entities[0]["type"]) == ("user", "/start", "bot_command")
    assert (bot.sender, bot.text, bot.entities, bot.reply_markup) == (
        "bot",
        "Hallo Erika",
        bold,
        KEYS,
    )
    assert you.message_id < bot.message_id
    assert backend.chats.messages(8) == []


async def test_an_edit_changes_the_message_in_place_and_a_deletion_marks_it() -> None:
    backend = TelegramBackend(chat_log=True)
    first = (await ok(backend, "sendMessage", chat_id=1, text="1 %"))["message_id"]
    second = (await ok(backend, "sendMessage", chat_id=1, text="Zweite"))["message_id"]
    assert backend.chats is not None
    seen = backend.chats.revision
    await ok(backend, "editMessageText", chat_id=1, message_id=first, text="50 %")
    await ok(backend, "deleteMessage", chat_id=1, message_id=second)
    shown, toasts = backend.chats.changes(1, since=seen)
    assert [(m.message_id, m.text, m.edited, m.deleted) for m in shown] == [
        (first, "50 %", True, False),
        (second, "Zweite", False, True),
    ]
    assert toasts == []
    assert [m.message_id for m in backend.chats.messages(1)] == [first, second]  # order kept
    assert backend.chats.changes(1, since=backend.chats.revision) == ([], [])


async def test_a_refused_call_changes_nothing() -> None:
    backend = TelegramBackend(chat_log=True)
    status, _ = await backend.call("sendMessage", {"chat_id": 1, "text": "  "})
    assert status == 400
    assert backend.chats is not None and backend.chats.revision == 0


async def test_the_answer_to_a_button_press_shows_as_a_note_in_the_chat_it_came_from() -> None:
    backend = TelegramBackend(chat_log=True)
    sent = await ok(backend, "sendMessage", chat_id=7, text="Knopf", reply_markup=KEYS)
    backend.push_update(
        make_callback_update("next", user_id=7, message_id=sent["message_id"], query_id="q1")
    )
    await ok(backend, "answerCallbackQuery", callback_query_id="q1", text="⭐ Gemerkt")
    await ok(backend, "answerCallbackQuery", callback_query_id="q1", text="zweimal: kein Chat")
    assert backend.chats is not None
    _, [toast] = backend.chats.changes(7)
    assert (toast.chat_id, toast.text, toast.show_alert) == (7, "⭐ Gemerkt", False)
    assert backend.chats.last_change(7) == toast.revision


async def test_wait_returns_once_something_changed_or_after_the_timeout() -> None:
    backend = TelegramBackend(chat_log=True)
    assert backend.chats is not None
    assert await backend.chats.wait(0, timeout=0.01) is False
    waiting = asyncio.create_task(backend.chats.wait(0, timeout=5))
    await asyncio.sleep(0)
    await ok(backend, "sendMessage", chat_id=1, text="Da")
    assert await waiting is True


async def test_an_uploaded_photo_and_a_document_are_kept_under_their_file_ids() -> None:
    backend = TelegramBackend(chat_log=True)
    photo = await ok(backend, "sendPhoto", chat_id=1, photo=Upload("chart.png", len(PNG), PNG))
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    document = await ok(
        backend,
        "sendDocument",
        chat_id=1,
        document=Upload("earnings.ics", len(ics), ics, "text/calendar"),
    )
    largest = photo["photo"][-1]["file_id"]
    assert backend.files.find(largest).content == PNG
    stored = backend.files.find(document["document"]["file_id"])
    assert (stored.content, stored.file_name, stored.mime_type) == (
        ics,
        "earnings.ics",
        "text/calendar",
    )
    assert backend.chats is not None
    shown_photo, shown_document = backend.chats.messages(1)
    assert shown_photo.photo == largest
    assert shown_document.document["file_name"] == "earnings.ics"


async def test_a_second_upload_under_the_same_name_is_a_new_file() -> None:
    backend = TelegramBackend()
    other = PNG[:-1] + b"\1"
    first = await ok(backend, "sendPhoto", chat_id=1, photo=Upload("chart.png", len(PNG), PNG))
    second = await ok(backend, "sendPhoto", chat_id=1, photo=Upload("chart.png", len(PNG), other))
    ids = first["photo"][-1]["file_id"], second["photo"][-1]["file_id"]
    assert ids[0] != ids[1]
    assert [backend.files.find(i).content for i in ids] == [PNG, other]


async def test_a_photo_by_url_shows_what_the_web_has_there_and_its_file_id_the_same() -> None:
    backend = TelegramBackend(web_files={CHART_URL: PNG})
    by_url = await ok(backend, "sendPhoto", chat_id=1, photo=CHART_URL)
    file_id = by_url["photo"][-1]["file_id"]
    again = await ok(backend, "sendPhoto", chat_id=2, photo=file_id)
    assert backend.files.find(again["photo"][-1]["file_id"]).content == PNG
    unknown = await ok(backend, "sendPhoto", chat_id=3, photo="https://elsewhere.example/x.png")
    assert backend.files.find(unknown["photo"][-1]["file_id"]) is None  # accepted, bytes unknown


async def test_the_server_serves_a_sent_photo_through_getfile() -> None:
    async with FakeBotAPI(token=BOT_TOKEN, web_files={CHART_URL: PNG}, chat_log=True) as api:
        status, body = await api.backend.call("sendPhoto", {"chat_id": 1, "photo": CHART_URL})
        file_id = body["result"]["photo"][-1]["file_id"]
        status, body = await api.backend.call("getFile", {"file_id": file_id})
        assert status == 200
        assert api.backend.files.download(body["result"]["file_path"]) == PNG
