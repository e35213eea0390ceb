"""The engine end to end against the recording fake Telegram (Telegram's flood limits on a fake
clock): breadth-first rounds, per-chat spacing, the global pace, the photo's file id, resuming."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import Engine

from bot.broadcast.ledger import LedgerEntry
from bot.broadcast.runner import BroadcastBusy
from bot.delivery.tuning import window_for
from storage.broadcasts import get_broadcast
from storage.deliveries import DeliveryRow, record_deliveries
from storage.tables import Broadcast
from tests.bot.broadcast_fixtures import ADMIN, CHART, TEXTS, World, add_readers, copy_database


@pytest.fixture
def world(sqlite_template: Engine, tmp_path):
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield World(engine)
    engine.dispose()


async def test_every_reader_gets_every_message_once_in_order(world: World) -> None:
    add_readers(world.engine, range(1, 41))
    result = await world.run()
    assert result.complete
    for chat_id in range(1, 41):
        assert world.request.texts(chat_id) == list(TEXTS)
    assert world.duplicates() == 0
    assert world.ledger() == [(c, i, "sent") for c in range(1, 41) for i in range(4)]
    broadcast = world.db.run_sync(get_broadcast, broadcast_id=world.broadcast_id)
    assert (broadcast.status, broadcast.sent, broadcast.recipients) == ("done", 160, 40)
    assert not world.request.violations


async def test_rounds_are_breadth_first_message_one_to_everyone_first(world: World) -> None:
    add_readers(world.engine, range(1, 91))
    await world.run()
    order = [world.index_of(m) for m in world.sends()]
    assert order == sorted(order)
    assert order.count(0) == 90


async def test_first_message_reaches_all_readers_in_about_n_over_rate_seconds(
    world: World,
) -> None:
    add_readers(world.engine, range(1, 91))
    await world.run()
    firsts = [m.time for m in world.sends() if m.text == TEXTS[0]]
    spread = max(firsts) - min(firsts)
    assert 85 / 30 <= spread <= 90 / 30 + 0.2  # 30/s: neither faster nor much slower
    assert world.request.stats()["rate_limited"] == 0


async def test_one_chat_never_gets_two_messages_within_a_second(world: World) -> None:
    add_readers(world.engine, [7, 8, 9])  # a round takes 0.1 s: spacing, not rounds, holds
    await world.run()
    for chat_id in (7, 8, 9):
        times = [m.time for m in world.request.sent_to(chat_id)]
        assert len(times) == 4
        assert min(b - a for a, b in itertools.pairwise(times)) >= 1.0
    assert world.request.stats()["rate_limited"] == 0


async def test_global_rate_holds_with_many_readers(world: World) -> None:
    add_readers(world.engine, range(1, 151))
    await world.run(window=16)
    times = [m.time for m in world.sends()]
    assert len(times) == 600
    assert (len(times) - 1) / (times[-1] - times[0]) <= 30.5
    assert world.request.stats()["rate_limited"] == 0


async def test_chart_goes_by_url_once_then_by_telegrams_file_id(world: World) -> None:
    add_readers(world.engine, range(1, 21))
    await world.run()
    photos = [m.photo for m in world.sends() if m.method == "sendPhoto"]
    assert len(photos) == 20
    assert photos[0] == CHART
    assert set(photos[1:]) == {photos[1]} and photos[1] != CHART


async def test_paid_broadcast_sends_with_allow_paid_broadcast(world: World) -> None:
    world.settings = world.settings.model_copy(update={"broadcast_paid": True})
    add_readers(world.engine, [1, 2])
    await world.run()
    sends = [c for c in world.request.calls if c.method in ("sendMessage", "sendPhoto")]
    readers = [c for c in sends if c.params["chat_id"] != ADMIN]
    assert readers and all(c.params.get("allow_paid_broadcast") is True for c in readers)


async def test_a_restart_sends_only_what_the_ledger_lacks(world: World) -> None:
    add_readers(world.engine, range(1, 11))
    rows = [DeliveryRow(world.broadcast_id, c, 0, "sent") for c in range(1, 11)]
    rows += [DeliveryRow(world.broadcast_id, c, 1, "sent") for c in range(1, 6)]
    world.db.run_sync(record_deliveries, rows=rows)
    await world.run()
    assert world.request.texts(1) == list(TEXTS[2:])
    assert world.request.texts(10) == list(TEXTS[1:])
    assert len(world.ledger()) == 40


async def test_a_reader_who_subscribes_mid_broadcast_never_gets_its_middle(world: World) -> None:
    add_readers(world.engine, range(1, 6))
    world.db.run_sync(
        record_deliveries, rows=[DeliveryRow(world.broadcast_id, c, 0, "sent") for c in range(1, 6)]
    )
    add_readers(world.engine, [3_000])  # joined after message 1 went out to everyone
    await world.run()
    assert world.request.texts(3_000) == list(TEXTS)  # gets the whole issue from its start
    assert world.request.texts(1) == list(TEXTS[1:])


async def test_unrecorded_sends_never_exceed_the_window(world: World) -> None:
    add_readers(world.engine, range(1, 61))
    result = await world.run(window=5)
    assert result.window == 5
    assert 1 <= result.peak_unrecorded <= 5


def test_window_grows_with_the_rate_and_stays_bounded() -> None:
    assert window_for(30) == 16
    assert window_for(1000) == 258
    assert window_for(100_000) == 512


async def test_a_second_process_cannot_send_the_same_broadcast(world: World) -> None:
    add_readers(world.engine, [1])
    from bot.delivery.lease import claim

    assert await claim(world.db, Broadcast, world.broadcast_id, "other-host:1:abcd")
    with pytest.raises(BroadcastBusy):
        await world.run()
    assert world.sends() == []


async def test_admins_get_a_progress_message_and_a_final_report(world: World) -> None:
    add_readers(world.engine, range(1, 4))
    await world.run()
    texts = world.request.texts(ADMIN)
    assert texts[0].startswith("📤 Versand läuft: KW6 - Test")
    assert texts[-1].startswith("✅ Versand abgeschlossen: KW6 - Test")
    assert "Gesendet: 12 Nachrichten" in texts[-1]
    edits = world.request.calls_to("editMessageText")
    assert edits and edits[-1]["text"] == texts[-1]


def test_ledger_entries_hold_every_chat_a_delivery_touched() -> None:
    entry = LedgerEntry(DeliveryRow(1, 20, 0, "sent"), holds=(10, 20), migrations=((10, 20),))
    assert entry.holds == (10, 20)
