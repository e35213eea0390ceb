"""A message Telegram refuses for everyone pauses the broadcast: the same Bad Request for its
first 20 readers in a row. The admins are told which message and why, those readers get no
`failed` row, and after a corrected issue `/broadcast resume` sends them the corrected message.
Individual refusals are recorded as before."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.broadcast.refusals import THRESHOLD, RefusalWatch, Verdict
from bot.simulator import rules
from newsletter.model import Message, Section
from storage.broadcast_leases import pause_or_resume
from storage.broadcasts import get_broadcast
from storage.deliveries import DeliveryRow
from storage.issues import store_issue
from tests.bot.broadcast_fixtures import (
    ADMIN,
    TEXTS,
    World,
    add_readers,
    copy_database,
    small_issue,
)

READERS = range(1, 31)
UNFETCHABLE = rules.bad_request("wrong file identifier/HTTP URL specified")


@pytest.fixture
def world(sqlite_template: Engine, tmp_path):
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield World(engine)
    engine.dispose()


def corrected_issue():
    """The same issue (same week) with the chart's broken photo dropped: message 3 as text."""
    issue = small_issue()
    chart = issue.sections[1]
    caption = Message(TEXTS[2] + " (ohne Bild)", chart.messages[0].entities)
    issue.sections[1] = Section(chart.kind, chart.title, chart.markdown, [caption])
    return issue


async def test_a_message_refused_for_everyone_pauses_and_resumes_after_a_fix(
    world: World,
) -> None:
    add_readers(world.engine, READERS)
    world.request.fail_for(None, UNFETCHABLE, times=None, method="sendPhoto")
    first = await world.run()

    assert not first.complete
    broadcast = world.db.run_sync(get_broadcast, broadcast_id=world.broadcast_id)
    assert broadcast.status == "paused" and broadcast.failed == 0
    assert broadcast.last_error.startswith("Telegram lehnt Nachricht 3 für alle ab")
    assert [r for r in world.ledger() if r[2] != "sent"] == []  # nobody finally failed
    assert {r[1] for r in world.ledger()} == {0, 1}  # message 3 recorded for nobody
    tried = len(world.request.calls_to("sendPhoto"))
    assert THRESHOLD <= tried <= THRESHOLD + 8  # the first 20, and the few in flight
    [notice] = [t for t in world.request.texts(ADMIN) if "nacheinander" in t]
    assert notice.startswith("⏸️ Versand pausiert: KW6 - Test\n")
    assert "Nachricht 3 für alle ab (20 Leser:innen nacheinander)" in notice
    assert "Wrong file identifier/http url specified" in notice
    assert not [t for t in world.request.texts(ADMIN) if t.startswith("⚠️")]

    world.db.run_sync(store_issue, issue=corrected_issue())  # doppelbot ingest of the fix
    assert world.db.run_sync(pause_or_resume, broadcast_id=world.broadcast_id, pause=False)
    second = await world.run()  # what /broadcast resume starts

    assert second.complete
    fixed = [TEXTS[0], TEXTS[1], TEXTS[2] + " (ohne Bild)", TEXTS[3]]
    assert all(world.request.texts(chat) == fixed for chat in READERS)
    assert world.duplicates() == 0
    assert len(world.ledger()) == len(READERS) * 4
    done = world.db.run_sync(get_broadcast, broadcast_id=world.broadcast_id)
    assert (done.status, done.failed) == ("done", 0)


async def test_refusals_of_a_few_readers_are_recorded_and_the_broadcast_goes_on(
    world: World,
) -> None:
    add_readers(world.engine, READERS)
    for chat in (3, 4, 5):  # three readers' own problem, not the message's
        world.request.fail_for(chat, UNFETCHABLE, times=1, method="sendPhoto")
    result = await world.run()
    assert result.complete
    failed = sorted(r[0] for r in world.ledger() if r[2] == "failed")
    assert failed == [3, 4, 5]
    assert world.request.texts(3) == [TEXTS[0], TEXTS[1], TEXTS[3]]


def _row(chat: int, error: str = "Bad Request: x", index: int = 2) -> DeliveryRow:
    return DeliveryRow(1, chat, index, "failed", None, error)


def test_the_watch_trips_at_the_threshold_of_identical_refusals() -> None:
    watch = RefusalWatch(threshold=3)
    verdicts = [watch.refused(_row(chat))[0] for chat in (1, 2, 3, 4)]
    assert verdicts == [Verdict.HOLD, Verdict.HOLD, Verdict.SYSTEMATIC, Verdict.HOLD]
    assert (watch.refusal.index, watch.refusal.readers) == (2, 3)


def test_a_success_or_another_error_clears_the_message_and_releases_the_held() -> None:
    watch = RefusalWatch(threshold=3)
    watch.refused(_row(1))
    assert watch.sent(2) == [_row(1)]  # message 2 reached someone: reader 1 failed after all
    assert watch.refused(_row(2)) == (Verdict.RECORD, [])
    watch.refused(_row(1, index=3))
    assert watch.refused(_row(2, "Bad Request: y", index=3)) == (Verdict.RECORD, [_row(1, index=3)])
    watch.refused(_row(1, index=0))
    assert watch.release_open() == [_row(1, index=0)]  # the pass ended below the threshold
    assert watch.refusal is None
