"""Edits in the fakes, as Telegram answers them: only a message this bot sent in that chat can
be edited, a text only as text and a photo only by its caption (sent by URL or by file id),
and edits count against the flood limits like sends."""

from __future__ import annotations

from typing import Any

from bot.simulator.backend import TelegramBackend
from bot.simulator.flood import FloodControl
from tests.fakes.clock import FakeClock

CHART = "https://media.example.com/chart.png"


async def call(backend: TelegramBackend, method: str, **params: Any) -> tuple[int, dict]:
    return await backend.call(method, params)


async def sent_id(backend: TelegramBackend, method: str, **params: Any) -> int:
    status, body = await call(backend, method, **params)
    assert status == 200, body
    return body["result"]["message_id"]


async def test_a_message_of_another_chat_or_an_unknown_id_is_not_found() -> None:
    backend = TelegramBackend()
    message_id = await sent_id(backend, "sendMessage", chat_id=1, text="Hallo")
    for chat_id, wanted in ((2, message_id), (1, message_id + 50)):
        status, body = await call(
            backend, "editMessageText", chat_id=chat_id, message_id=wanted, text="Neu"
        )
        assert (status, body["description"]) == (400, "Bad Request: message to edit not found")
    status, _ = await call(backend, "editMessageText", chat_id=1, message_id=message_id, text="Neu")
    assert status == 200
    assert backend.answers.content(1, message_id) == ("Neu", [])


async def test_a_photo_sent_by_url_or_file_id_gets_a_new_caption_and_keeps_its_picture() -> None:
    backend = TelegramBackend()
    by_url = await call(backend, "sendPhoto", chat_id=1, photo=CHART, caption="Alt")
    file_id = by_url[1]["result"]["photo"][-1]["file_id"]
    by_file = await sent_id(backend, "sendPhoto", chat_id=2, photo=file_id, caption="Alt")
    for chat_id, message_id in ((1, by_url[1]["result"]["message_id"]), (2, by_file)):
        entities = [{"type": "bold", "offset": 0, "length": 3}]
        status, body = await call(
            backend, "editMessageCaption", chat_id=chat_id, message_id=message_id,
            caption="Neu", caption_entities=entities,
        )  # fmt: skip
        assert status == 200, body
        assert body["result"]["caption"] == "Neu" and body["result"]["photo"]
        assert backend.answers.content(chat_id, message_id) == ("Neu", entities)
    edits = [m for m in backend.records.messages if m.method == "editMessageCaption"]
    assert [m.photo for m in edits] == [CHART, file_id]


async def test_a_text_has_no_caption_and_a_photo_no_text() -> None:
    backend = TelegramBackend()
    text_id = await sent_id(backend, "sendMessage", chat_id=1, text="Hallo")
    photo_id = await sent_id(backend, "sendPhoto", chat_id=1, photo=CHART, caption="Bild")
    status, body = await call(
        backend, "editMessageCaption", chat_id=1, message_id=text_id, caption="x"
    )
    assert body["description"] == "Bad Request: there is no caption in the message to edit"
    status, body = await call(backend, "editMessageText", chat_id=1, message_id=photo_id, text="x")
    assert body["description"] == "Bad Request: there is no text in the message to edit"
    assert status == 400


async def test_editing_a_photo_to_its_own_caption_is_not_modified() -> None:
    backend = TelegramBackend()
    photo_id = await sent_id(backend, "sendPhoto", chat_id=1, photo=CHART, caption="Bild")
    status, body = await call(
        backend, "editMessageCaption", chat_id=1, message_id=photo_id, caption="Bild"
    )
    assert status == 400 and body["description"].startswith("Bad Request: message is not modified")


async def test_caption_edits_count_against_the_flood_limits() -> None:
    clock = FakeClock()
    backend = TelegramBackend(clock=clock, flood=FloodControl(None, 1.0, burst=1, clock=clock))
    photo_id = await sent_id(backend, "sendPhoto", chat_id=1, photo=CHART, caption="0")
    status, body = await call(
        backend, "editMessageCaption", chat_id=1, message_id=photo_id, caption="1"
    )
    assert status == 429 and body["parameters"]["retry_after"] == 1
    clock.advance(1.0)
    status, _ = await call(
        backend, "editMessageCaption", chat_id=1, message_id=photo_id, caption="1"
    )
    assert status == 200


async def test_a_message_from_before_the_fake_can_still_be_edited() -> None:
    backend = TelegramBackend()  # e.g. the message under a button of an injected update
    status, _ = await call(backend, "editMessageText", chat_id=1, message_id=1, text="Seite 2")
    assert status == 200
