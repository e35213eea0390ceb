"""The broadcast delivers each reader what they chose: the compact message or their sections,
the earnings times on their clock, at their delivery time on the slot's day (sofort: at once),
slot after slot, each message once. The fake Telegram records everything; time is a fake clock
(the pace's) and a wall clock that moves with it (the slots')."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import Engine, update

from bot.delivery.runner import RunHooks
from bot.readers.compact_issue import section_data
from newsletter.issue import build_issue
from storage.tables import Broadcast, Subscriber
from tests.bot.broadcast_fixtures import ADMIN, World, add_readers, as_sent, copy_database
from tests.conftest import FIXTURES

SLOT = dt.datetime(2025, 2, 3, 6, tzinfo=dt.UTC)  # Monday 3 February, 07:00 in Berlin
KW6 = build_issue((FIXTURES / "kw06-2025.rss.xml").read_bytes())
FULL = [m.text for m in as_sent(KW6)]
COMPACT_START = "KW6 - Der Drache erwacht (Oder schlafen wir nur?)\nDoppelgänger Update (BETA)"


@pytest.fixture
def engine(sqlite_template: Engine, tmp_path) -> Engine:
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield engine
    engine.dispose()


def choose(engine: Engine, chat_id: int, **columns: Any) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(Subscriber.__table__).where(Subscriber.chat_id == chat_id).values(**columns)
        )


def for_slot(world: World, slot: dt.datetime = SLOT) -> None:
    with world.engine.begin() as connection:
        connection.execute(update(Broadcast.__table__).values(anchor_at=slot))


class Wall:
    """The time of day, moving with the world's fake clock from `start`."""

    def __init__(self, world: World, start: dt.datetime) -> None:
        self.clock, self.origin, self.start = world.clock, world.clock(), start

    def __call__(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=self.clock() - self.origin)

    def at(self, clock_time: float) -> dt.datetime:
        """The wall time of a fake-clock reading."""
        return self.start + dt.timedelta(seconds=clock_time - self.origin)


def received(world: World, chat_id: int) -> list[str]:
    return [m.text or "" for m in world.request.messages if m.chat_id == chat_id]


async def test_each_reader_gets_their_format_and_sections_once(engine: Engine) -> None:
    add_readers(engine, [1, 2, 3, 4])
    choose(engine, 2, delivery_format="compact")
    choose(engine, 3, sections="lead,earnings")
    choose(engine, 4, delivery_format="full", sections="chart")
    world = World(engine, issue=KW6)
    result = await world.run()
    assert result.complete and not world.request.violations
    assert received(world, 1) == FULL
    [compact] = [m for m in world.request.messages if m.chat_id == 2]
    assert compact.text.startswith(COMPACT_START)
    buttons = [b for row in compact.reply_markup["inline_keyboard"] for b in row]
    assert [b["callback_data"] for b in buttons] == [
        section_data(world.issue_id, position, button["text"])
        for position, button in enumerate(buttons, start=1)
    ]  # the same keyboard /latest sends (`bot.readers.compact_issue.compact_markup`)
    assert received(world, 3) == [FULL[0], FULL[1], FULL[5], FULL[6]]
    assert received(world, 4) == [FULL[0], FULL[3], FULL[6]]
    ledger = Counter(chat for chat, _, status in world.ledger() if status == "sent")
    assert ledger == {1: 7, 2: 1, 3: 4, 4: 3}  # what each should get: nothing "missing"
    assert world.duplicates() == 0


async def test_earnings_times_are_on_each_readers_clock(engine: Engine) -> None:
    add_readers(engine, [1, 2])
    choose(engine, 2, timezone="Asia/Tokyo")
    world = World(engine, issue=KW6)
    assert (await world.run()).complete
    berlin, tokyo = received(world, 1)[5], received(world, 2)[5]
    assert "PayPal (vor US-Börsenstart, 15:30)" in berlin
    assert "PayPal (vor US-Börsenstart, 23:30)" in tokyo
    assert received(world, 1)[:5] == received(world, 2)[:5]


async def test_readers_get_the_issue_at_their_time_slot_after_slot(engine: Engine) -> None:
    add_readers(engine, [1, 2, 3, 4, 5])
    choose(engine, 2, delivery_time="12:00")
    choose(engine, 3, delivery_time="now")
    choose(engine, 4, timezone="America/New_York")  # 07:00 in New York = 13:00 in Berlin
    choose(engine, 5, delivery_time="12:00", delivery_format="compact")
    world = World(engine, issue=KW6)
    for_slot(world)
    wall = Wall(world, SLOT - dt.timedelta(hours=2))  # released at 05:00: sofort gets it now
    result = await world.run(wall=wall)
    assert result.complete and not world.request.violations and world.duplicates() == 0
    first_at = {
        chat: wall.at(next(m.time for m in world.request.messages if m.chat_id == chat))
        for chat in (1, 2, 3, 4, 5)
    }
    assert first_at[3] < SLOT  # sofort: at release
    assert SLOT <= first_at[1] < SLOT + dt.timedelta(minutes=1)
    assert SLOT + dt.timedelta(hours=5) <= first_at[2] < SLOT + dt.timedelta(hours=5, minutes=1)
    assert SLOT + dt.timedelta(hours=5) <= first_at[5] < SLOT + dt.timedelta(hours=5, minutes=1)
    assert SLOT + dt.timedelta(hours=6) <= first_at[4] < SLOT + dt.timedelta(hours=6, minutes=1)
    assert [len(received(world, chat)) for chat in (1, 2, 3, 4, 5)] == [7, 7, 7, 7, 1]
    progress = [t for t in world.request.texts(ADMIN) if "Zeitfenster:" in t]
    assert progress and "• sofort – 1 Leser:innen, 7 Nachrichten" in progress[0]
    assert "• 12:00 (03.02.) – 2 Leser:innen, 8 Nachrichten" in progress[0]


async def test_a_stop_in_the_middle_of_a_slot_resumes_with_nothing_lost_or_twice(
    engine: Engine,
) -> None:
    readers = list(range(100, 160))
    add_readers(engine, readers)
    for chat in readers[::3]:
        choose(engine, chat, delivery_format="compact")
    for chat in readers[1::3]:
        choose(engine, chat, sections="news,podcast")
    world = World(engine, issue=KW6)
    for_slot(world)
    wall = Wall(world, SLOT)
    engines: list[Any] = []

    async def stop_midway() -> None:
        while len(world.sends()) < 80 or not engines:
            await asyncio.sleep(0)
        engines[0].stop("Neustart")

    first, _ = await asyncio.gather(
        world.run(wall=wall, hooks=RunHooks(engine=engines.append)), stop_midway()
    )
    assert not first.complete
    before = len([m for m in world.request.messages if m.chat_id != ADMIN])
    assert 0 < before < 20 * 7 + 20 * 1 + 20 * 4
    second = await world.run(wall=Wall(world, SLOT + dt.timedelta(minutes=5)))
    assert second.complete and world.duplicates() == 0
    for chat in readers:
        expected = 1 if chat in readers[::3] else 4 if chat in readers[1::3] else 7
        assert len(received(world, chat)) == expected


async def test_a_correction_reaches_compact_readers_and_every_readers_clock(
    sqlite_template: Engine, tmp_path
) -> None:
    from dataclasses import replace

    from newsletter.model import Message
    from tests.bot.correction_fixtures import CorrectionWorld

    engine = copy_database(sqlite_template, tmp_path / "fix.db")
    add_readers(engine, [1, 2, 3])
    choose(engine, 2, delivery_format="compact")
    choose(engine, 3, timezone="Asia/Tokyo")
    world = CorrectionWorld(engine, issue=KW6)
    sections = []
    for section in KW6.sections:
        first = section.messages[0]
        if section.kind == "lead":
            first = Message(first.text.replace("DeepSeek R1", "DeepSeek-R1"), first.entities)
        if section.kind == "earnings":
            first = Message(first.text.replace("Palantir (AMC)", "Palantir (BMO)"), first.entities)
        sections.append(replace(section, messages=[first, *section.messages[1:]]))
    fixed = replace(KW6, sections=sections)
    await world.broadcast_and_change(fixed)
    result = await world.correct(world.open())
    assert result.complete and not world.request.violations
    sent = {chat: [m for m in world.request.sent_to(chat) if m.method.startswith("send")]
            for chat in (1, 2, 3)}  # fmt: skip
    shows = {chat: [world.shows(chat, m.message_id) for m in sent[chat]] for chat in sent}
    assert shows[1] == [m.text for m in as_sent(fixed)]
    assert shows[3] == [m.text for m in as_sent(fixed, "Asia/Tokyo")]
    assert "Palantir (vor US-Börsenstart, 15:30)" in shows[1][5]
    assert "Palantir (vor US-Börsenstart, 23:30)" in shows[3][5]
    [compact] = shows[2]
    assert "DeepSeek-R1" in compact and compact.startswith(COMPACT_START)
    engine.dispose()
