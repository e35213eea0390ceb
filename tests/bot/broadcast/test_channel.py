"""CHANNEL_ID: the channel gets every broadcast once, recorded in the ledger like a reader; a
channel the bot may not post to is reported to the admins, and the readers still get the issue."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from telegram import Bot

from bot.broadcast.channel import UNREADABLE, channel_notice, ensure_channel
from bot.database import Database
from bot.simulator.objects import BOT_TOKEN
from storage.tables import Subscriber
from tests.bot.broadcast_fixtures import ADMIN, TEXTS, World, add_readers, copy_database, settings
from tests.fakes.request import RecordingRequest

CHANNEL = -1001234567890
READERS = [101, 102, 103]


@pytest.fixture
def engine(sqlite_template: Engine, tmp_path) -> Engine:
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield engine
    engine.dispose()


def channel_rows(engine: Engine) -> list[tuple[int, str, str]]:
    with engine.connect() as connection:
        query = select(Subscriber.chat_id, Subscriber.kind, Subscriber.status).where(
            Subscriber.kind == "channel"
        )
        return sorted(tuple(row) for row in connection.execute(query))


async def check(engine: Engine, request: RecordingRequest, channel: str) -> str | None:
    async with Bot(BOT_TOKEN, request=request) as bot:
        return await ensure_channel(bot, settings(channel_id=channel), Database(engine))


async def test_a_channel_the_bot_may_post_to_is_recorded_as_an_active_chat(engine) -> None:
    request = RecordingRequest()
    request.backend.channels.add("@doppelkanal", CHANNEL)
    assert await check(engine, request, "@doppelkanal") is None
    assert channel_rows(engine) == [(CHANNEL, "channel", "active")]


async def test_a_channel_without_rights_or_unknown_is_a_problem_and_not_active(engine) -> None:
    request = RecordingRequest()
    request.backend.channels.add("@doppelkanal", CHANNEL, can_post=False)
    problem = await check(engine, request, "@doppelkanal")
    assert problem == "Ich bin dort kein Admin mit dem Recht, Nachrichten zu senden."
    assert channel_rows(engine) == [(CHANNEL, "channel", "blocked")]
    assert await check(engine, request, "@gibtsnicht") == "Telegram sagt: Chat not found"
    supergroup = await check(engine, request, "-1009999999")
    assert supergroup == "Das ist kein Kanal, sondern eine Gruppe oder ein privater Chat."


async def test_switching_the_channel_retires_the_old_one(engine) -> None:
    request = RecordingRequest()
    request.backend.channels.add("@altkanal", -1001)
    request.backend.channels.add("@neukanal", -1002)
    await check(engine, request, "@altkanal")
    await check(engine, request, "@neukanal")
    assert channel_rows(engine) == [
        (-1002, "channel", "active"),
        (-1001, "channel", "unsubscribed"),
    ]


async def test_the_broadcast_posts_every_message_to_the_channel_once(engine) -> None:
    add_readers(engine, READERS)
    world = World(engine)
    world.settings = settings(channel_id="@doppelkanal")
    world.request.backend.channels.add("@doppelkanal", CHANNEL)
    result = await world.run()
    assert result.complete
    assert world.request.texts(CHANNEL) == list(TEXTS)
    assert [(c, i) for c, i, s in world.ledger() if c == CHANNEL] == [
        (CHANNEL, i) for i in range(4)
    ]
    for reader in READERS:
        assert world.request.texts(reader) == list(TEXTS)
    assert world.duplicates() == 0 and not world.request.violations


async def test_a_channel_the_bot_may_not_post_to_is_reported_and_readers_get_the_issue(
    engine,
) -> None:
    add_readers(engine, READERS)
    world = World(engine)
    world.settings = settings(channel_id="@doppelkanal")
    world.request.backend.channels.add("@doppelkanal", CHANNEL, member=False)
    result = await world.run()
    assert result.complete
    assert world.request.texts(CHANNEL) == []
    assert any(
        t.startswith("⚠️ In den Kanal @doppelkanal kann ich nicht posten")
        for t in world.request.texts(ADMIN)
    )
    for reader in READERS:
        assert world.request.texts(reader) == list(TEXTS)


async def test_an_unreadable_channel_answer_leaves_readers_served_and_admins_told_once(
    engine,
) -> None:
    add_readers(engine, READERS)
    world = World(engine)
    world.settings = settings(channel_id="@doppelkanal")
    world.request.backend.channels.add("@doppelkanal", CHANNEL)
    world.request.backend.answers.incomplete_chats = True  # PTB: TypeError in ChatFullInfo
    result = await world.run()
    assert result.complete
    for reader in READERS:
        assert world.request.texts(reader) == list(TEXTS)
    told = [t for t in world.request.texts(ADMIN) if "Kanal" in t]
    assert told == [
        "⚠️ Den Kanal @doppelkanal konnte ich nicht prüfen: Telegrams Antwort auf die Prüfung "
        "(getChat) ließ sich nicht lesen.\nEr bleibt, wie er zuletzt geprüft wurde; die "
        "Leser:innen bekommen die Ausgabe trotzdem. Beim nächsten Versand prüfe ich ihn wieder."
    ]
    async with Bot(BOT_TOKEN, request=world.request) as bot:  # the election's check, same day
        assert await channel_notice(bot, world.settings, world.db) is None


async def test_an_unreadable_answer_keeps_the_channel_as_last_checked(engine) -> None:
    request = RecordingRequest()
    request.backend.channels.add("@doppelkanal", CHANNEL)
    assert await check(engine, request, "@doppelkanal") is None
    request.backend.answers.incomplete_chats = True
    assert await check(engine, request, "@doppelkanal") == UNREADABLE
    assert channel_rows(engine) == [(CHANNEL, "channel", "active")]  # still posted to
