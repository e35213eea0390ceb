"""Bad input: unknown commands, other messages, edits, groups, channels, old buttons."""

from __future__ import annotations

from typing import Any

from bot.simulator.objects import chat, user
from tests.handlers.harness import Harness

GROUP = -100200300


def _edited(text: str) -> dict[str, Any]:
    return {
        "update_id": 500,
        "edited_message": {
            "message_id": 9,
            "from": user(),
            "chat": chat(4242),
            "date": 1738569600,
            "edit_date": 1738569700,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


def _message(**fields: Any) -> dict[str, Any]:
    base = {"message_id": 9, "from": user(), "chat": chat(4242), "date": 1738569600}
    return {"update_id": 501, "message": {**base, **fields}}


async def test_unknown_command_points_to_help(bot: Harness) -> None:
    await bot.send("/frobnicate")
    await bot.send("/start@SomeOtherBot")
    assert bot.texts() == ["Den Befehl kenne ich nicht. /help zeigt dir, was ich kann."] * 2


async def test_text_sticker_and_photo_get_a_hint(bot: Harness) -> None:
    await bot.send("Hallo Bot, was geht?")
    sticker = {"file_id": "s1", "file_unique_id": "u1", "width": 512, "height": 512,
               "is_animated": False, "is_video": False, "type": "regular"}  # fmt: skip
    await bot.process(_message(sticker=sticker))
    photo = [{"file_id": "p1", "file_unique_id": "q1", "width": 90, "height": 90}]
    await bot.process(_message(photo=photo, caption="/start"))
    assert bot.texts() == ["Ich verstehe nur Befehle. /help zeigt dir, welche."] * 3


async def test_edited_messages_are_ignored(bot: Harness) -> None:
    await bot.process(_edited("/start"))
    assert bot.request.messages == []


async def test_a_private_command_in_a_group_gets_one_note_then_silence(bot: Harness) -> None:
    await bot.send("/search DeepSeek", chat_id=GROUP)
    await bot.send("/archive@DoppelTestBot", chat_id=GROUP)
    await bot.send("Hallo zusammen", chat_id=GROUP)
    await bot.send("/start@SomeOtherBot", chat_id=GROUP)
    assert bot.texts(GROUP) == [
        "Das geht nur im privaten Chat mit mir: @DoppelTestBot. Hier in der Gruppe: "
        "/subscribe, /unsubscribe, /settings (Admins) und /latest."
    ]
    assert bot.texts() == []


async def test_channel_posts_are_ignored(bot: Harness) -> None:
    post = {"message_id": 3, "chat": chat("@kanal"), "date": 1738569600, "text": "/start"}
    await bot.process({"update_id": 502, "channel_post": post})
    assert bot.request.messages == []


async def test_unknown_button_data_gets_a_short_note(bot: Harness) -> None:
    for data in ("old:format", "iss:abc", "arc:-1", "sec:1", "x" * 64):
        await bot.press(data)
    assert bot.answers() == ["Dieser Knopf ist nicht mehr aktuell."] * 5
    assert bot.request.messages == []


async def test_buttons_pressed_in_a_group_are_treated_as_stale(bot: Harness) -> None:
    for data in ("del:yes", "sub", "iss:1", "arc:0"):
        await bot.press(data, chat_id=GROUP)
    assert bot.answers() == ["Dieser Knopf ist nicht mehr aktuell."] * 4
    assert bot.request.messages == []
