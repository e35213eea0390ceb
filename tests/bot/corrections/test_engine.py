"""A correction end to end against the recording fake Telegram (flood limits on a fake clock):
every changed message of every chat ends with the new content, nothing else is touched, and
what cannot be edited is left alone."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import Engine

from bot.corrections.runner import CorrectionBusy
from bot.simulator.rules import BLOCKED
from storage.broadcasts import get_broadcast
from storage.corrections import get_correction
from tests.bot.broadcast_fixtures import ADMIN, TEXTS, add_readers, copy_database
from tests.bot.correction_fixtures import (
    CHANNEL,
    NEW_CAPTION,
    NEW_LEAD,
    CorrectionWorld,
    changed_issue,
)


@pytest.fixture
def world(sqlite_template: Engine, tmp_path):
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield CorrectionWorld(engine)
    engine.dispose()


READERS = range(1, 31)


async def test_every_changed_message_is_edited_in_every_chat_and_nothing_else(
    world: CorrectionWorld,
) -> None:
    add_readers(world.engine, [*READERS, CHANNEL])
    await world.broadcast_and_change()
    result = await world.correct(world.open())
    assert result.complete
    for chat_id in [*READERS, CHANNEL]:
        ids = world.message_ids(chat_id)
        assert world.shows(chat_id, ids[TEXTS[0]]) == TEXTS[0]
        assert world.shows(chat_id, ids[TEXTS[1]]) == NEW_LEAD
        assert world.shows(chat_id, ids[TEXTS[2]]) == NEW_CAPTION
        assert world.shows(chat_id, ids[TEXTS[3]]) == TEXTS[3]
        assert world.request.texts(chat_id).count("5 Noch was.") == 0  # nothing extra sent
    edits = [c for c in world.request.calls if c.method.startswith("edit")]
    readers = [c for c in edits if c.params["chat_id"] != ADMIN]
    assert {c.method for c in readers} == {"editMessageText", "editMessageCaption"}
    assert len(readers) == 2 * 31  # two messages per chat, each edited once
    assert all("parse_mode" not in c.params for c in readers)
    assert not world.request.violations
    assert world.request.stats()["rate_limited"] == 0


async def test_edits_keep_the_broadcast_pace_and_the_per_chat_spacing(
    world: CorrectionWorld,
) -> None:
    add_readers(world.engine, [1, 2, 3])  # a round takes 0.1 s: spacing holds, not rounds
    await world.broadcast_and_change()
    await world.correct(world.open())
    for chat_id in (1, 2, 3):
        times = [m.time for m in world.request.sent_to(chat_id) if m.method.startswith("edit")]
        assert len(times) == 2
        assert min(b - a for a, b in itertools.pairwise(times)) >= 1.0
    assert world.request.stats()["rate_limited"] == 0


async def test_the_ledger_has_one_row_per_chat_and_message_and_the_snapshot_follows(
    world: CorrectionWorld,
) -> None:
    add_readers(world.engine, [1, 2])
    await world.broadcast_and_change()
    correction_id = world.open()
    await world.correct(correction_id)
    assert world.edit_rows(correction_id) == [(c, i, "edited") for c in (1, 2) for i in (1, 2)]
    correction = world.db.run_sync(get_correction, correction_id=correction_id)
    assert (correction.status, correction.edited, correction.open_for) == ("done", 4, None)
    broadcast = world.db.run_sync(get_broadcast, broadcast_id=world.broadcast_id)
    assert broadcast.snapshot == changed_issue().to_dict()


async def test_a_resumed_correction_edits_only_what_its_ledger_lacks(
    world: CorrectionWorld,
) -> None:
    add_readers(world.engine, range(1, 11))
    await world.broadcast_and_change()
    correction_id = world.open()
    stopped = await world.correct(correction_id, hooks=_stop_after(world, edits=7))
    assert not stopped.complete
    done = len(world.edit_rows(correction_id))
    assert 0 < done < 20
    result = await world.correct(correction_id)
    assert result.complete
    assert len(world.edit_rows(correction_id)) == 20
    accepted = [
        (m.chat_id, m.message_id) for m in world.request.messages if m.method.startswith("edit")
    ]
    readers = [a for a in accepted if a[0] != ADMIN]
    assert len(readers) == len(set(readers)) == 20  # no message edited twice


async def test_gone_chats_and_messages_are_skipped_and_never_retried(
    world: CorrectionWorld,
) -> None:
    add_readers(world.engine, [1, 2, 3])
    await world.broadcast_and_change()
    world.request.fail_for(2, BLOCKED, times=None, method="editMessageText")
    gone = {"chat_id": 3, "message_id": world.message_ids(3)[TEXTS[1]]}
    assert (await world.request.backend.call("deleteMessage", gone))[0] == 200
    correction_id = world.open()
    await world.correct(correction_id)
    rows = world.edit_rows(correction_id)
    assert (2, 1, "skipped") in rows and (3, 1, "skipped") in rows and (1, 1, "edited") in rows
    assert len(world.request.calls_to("editMessageText")) - _admin_edits(world) == 3
    correction = world.db.run_sync(get_correction, correction_id=correction_id)
    assert (correction.status, correction.skipped) == ("done", 2)


async def test_a_message_already_showing_the_new_content_counts_as_done(
    world: CorrectionWorld,
) -> None:
    add_readers(world.engine, [1, 2])
    await world.broadcast_and_change()
    message_id = world.message_ids(1)[TEXTS[1]]  # edited before a kill, not yet recorded
    params = {"chat_id": 1, "message_id": message_id, "text": NEW_LEAD}
    assert (await world.request.backend.call("editMessageText", params))[0] == 200
    correction_id = world.open()
    await world.correct(correction_id)
    rows = world.edit_rows(correction_id)
    assert (1, 1, "unchanged") in rows and (2, 1, "edited") in rows
    assert world.shows(1, message_id) == NEW_LEAD
    correction = world.db.run_sync(get_correction, correction_id=correction_id)
    assert (correction.status, correction.unchanged, correction.edited) == ("done", 1, 3)


async def test_admins_get_progress_and_a_final_report(world: CorrectionWorld) -> None:
    add_readers(world.engine, [1, 2])
    await world.broadcast_and_change()
    await world.correct(world.open())
    texts = world.request.texts(ADMIN)
    assert any(t.startswith("✏️ Korrektur läuft: KW6 - Test") for t in texts)
    assert texts[-1].startswith("✅ Korrektur abgeschlossen: KW6 - Test")
    assert "Bearbeitet: 4 Nachrichten" in texts[-1]


async def test_a_second_process_cannot_run_the_same_correction(world: CorrectionWorld) -> None:
    add_readers(world.engine, [1])
    await world.broadcast_and_change()
    correction_id = world.open()
    from bot.delivery.lease import claim
    from storage.tables import Correction

    assert await claim(world.db, Correction, correction_id, "other-host:1:abcd")
    with pytest.raises(CorrectionBusy):
        await world.correct(correction_id)


def _admin_edits(world: CorrectionWorld) -> int:
    return sum(1 for c in world.request.calls_to("editMessageText") if c["chat_id"] == ADMIN)


def _stop_after(world: CorrectionWorld, *, edits: int):
    from bot.delivery.runner import RunHooks

    engines = []

    def tick(_snapshot) -> None:
        return None

    def engine(e) -> None:
        engines.append(e)
        original = e.editor.edit

        async def edit(chat_id: int, index: int, message_id: int, zone=None):
            row = await original(chat_id, index, message_id, zone)
            if sum(1 for m in world.request.messages if m.method.startswith("edit")) >= edits:
                e.stop("Test")
            return row

        e.editor.edit = edit

    return RunHooks(engine=engine, tick=tick)
