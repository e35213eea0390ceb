"""The change summary and its „✏️ Korrigieren“ button: admins start one correction however
often they press; anyone else is refused; an issue never sent is answered clearly."""

from __future__ import annotations

import asyncio

import pytest

from bot.broadcast.selection import prepare_broadcast
from bot.corrections import texts
from bot.corrections.announce import Announcement, announce_change
from bot.corrections.service import CorrectionService
from bot.database import Database
from bot.delivery.runner import RunResult
from storage.broadcasts import set_broadcast_status
from storage.corrections import unfinished_corrections
from storage.deliveries import DeliveryRow, record_deliveries
from tests.handlers.conftest import ADMIN_ID, kw06_issue, store
from tests.handlers.harness import Harness, buttons
from tests.newsletter.test_diff import changed_kw06

SUMMARY_START = "✏️ Nach dem Versand geändert: KW6 - Der Drache erwacht (Oder schlafen wir nur?)"


class Runs:
    """Stands in for `run_correction`: records which corrections were started."""

    def __init__(self) -> None:
        self.started: list[int] = []

    async def __call__(self, correction_id: int, **_: object) -> RunResult:
        self.started.append(correction_id)
        return RunResult(correction_id, True, None, 8, 0)


@pytest.fixture
def runs(bot: Harness) -> Runs:
    runs = Runs()
    old = bot.deps.corrections
    bot.use_corrections(CorrectionService(old.settings, old.db, run=runs))
    return runs


def sent_and_changed(bot: Harness, *, done: bool = True) -> int:
    """KW6 broadcast to readers 1–3 (ledger rows with message ids), then changed."""
    db = Database(bot.engine)
    issue_id = store(bot.engine, kw06_issue())
    plan = db.run_sync(prepare_broadcast, trigger="cli", issue_id=issue_id)
    rows = [
        DeliveryRow(plan.broadcast.id, c, i, "sent", 100 * c + i)
        for c in (1, 2, 3)
        for i in range(7)
    ]
    db.run_sync(record_deliveries, rows=rows)
    db.run_sync(set_broadcast_status, broadcast_id=plan.broadcast.id, status="running")
    if done:
        db.run_sync(set_broadcast_status, broadcast_id=plan.broadcast.id, status="done")
    store(bot.engine, changed_kw06())
    return issue_id


async def announce(bot: Harness, issue_id: int, **kwargs) -> Announcement:
    deps = bot.deps
    return await announce_change(bot.app.bot, deps.settings, deps.db, issue_id, **kwargs)


async def settle(bot: Harness) -> None:
    await asyncio.gather(*bot.deps.corrections.tasks.values())


async def test_admins_get_the_summary_with_the_button(bot: Harness, runs: Runs) -> None:
    issue_id = sent_and_changed(bot)
    assert await announce(bot, issue_id) is Announcement.OFFER
    summary = bot.last(ADMIN_ID)
    lines = summary.text.splitlines()
    assert lines[0] == SUMMARY_START
    assert "• Abschnitt 2 · 🛗 Der KI Drache erwacht - Waren wir blind?" in lines
    assert "   „…kaum 6 Millionen US-Dollar an…“ → „…kaum 6 Milliarden US-Dollar an…“" in lines
    assert "• Abschnitt 3 · News der Woche – nicht bearbeitbar" in lines
    assert "   ⚠️ Anzahl der Nachrichten geändert (1 → 2)" in lines
    assert "bearbeitet 2 Nachrichten in allen Chats, die sie bekommen haben (6 Bearbeitungen" in (
        summary.text
    )
    assert "Niemand bekommt etwas extra." in summary.text
    ((label, data),) = buttons(summary)
    assert label == texts.BUTTON_CORRECT and data.startswith(f"cor:{issue_id}:")
    assert runs.started == []


async def test_pressing_twice_starts_one_correction(bot: Harness, runs: Runs) -> None:
    issue_id = sent_and_changed(bot)
    await announce(bot, issue_id)
    ((_, data),) = buttons(bot.last(ADMIN_ID))
    await bot.press(data, user_id=ADMIN_ID)
    await bot.press(data, user_id=ADMIN_ID)
    await settle(bot)
    assert len(runs.started) == 1
    answers = bot.texts(ADMIN_ID)[-2:]
    assert answers[0].startswith("✏️ Korrektur von KW6 - Der Drache erwacht")
    assert answers[0].endswith("gestartet. Den Fortschritt zeigt eine eigene Nachricht.")
    assert answers[1].startswith("Die Korrektur von KW6 - Der Drache erwacht")
    assert "läuft schon" in answers[1]


async def test_a_non_admin_is_refused_and_nothing_starts(bot: Harness, runs: Runs) -> None:
    issue_id = sent_and_changed(bot)
    await announce(bot, issue_id)
    ((_, data),) = buttons(bot.last(ADMIN_ID))
    await bot.press(data)
    assert bot.texts()[-1] == texts.ONLY_ADMINS
    assert runs.started == []
    assert Database(bot.engine).run_sync(unfinished_corrections) == []


async def test_an_old_button_never_corrects_to_a_newer_version(bot: Harness, runs: Runs) -> None:
    issue_id = sent_and_changed(bot)
    await bot.press(f"cor:{issue_id}:0123456789", user_id=ADMIN_ID)
    assert "noch einmal geändert" in bot.texts(ADMIN_ID)[-1]
    assert runs.started == []


async def test_a_correction_asked_for_during_the_broadcast_waits_for_it(
    bot: Harness, runs: Runs
) -> None:
    issue_id = sent_and_changed(bot, done=False)
    await announce(bot, issue_id)
    assert "Der Versand läuft noch" in bot.last(ADMIN_ID).text
    ((_, data),) = buttons(bot.last(ADMIN_ID))
    await bot.press(data, user_id=ADMIN_ID)
    assert "vorgemerkt" in bot.texts(ADMIN_ID)[-1]
    assert runs.started == []
    assert await bot.deps.corrections.resume_interrupted() == []


async def test_an_issue_never_sent_gets_a_clear_answer_and_nothing_is_stored(
    bot: Harness, runs: Runs
) -> None:
    issue_id = store(bot.engine, kw06_issue())
    await bot.press(f"cor:{issue_id}:0123456789", user_id=ADMIN_ID)
    assert bot.texts(ADMIN_ID)[-1] == (
        "KW6 - Der Drache erwacht (Oder schlafen wir nur?) wurde noch nicht versendet: "
        "Es gibt nichts zu korrigieren."
    )
    assert Database(bot.engine).run_sync(unfinished_corrections) == []


async def test_a_change_before_the_broadcast_is_summarised_without_a_button(bot: Harness) -> None:
    old = kw06_issue()
    issue_id = store(bot.engine, old)
    store(bot.engine, changed_kw06())
    assert await announce(bot, issue_id, previous=old) is Announcement.CHANGES
    summary = bot.last(ADMIN_ID)
    assert summary.text.startswith("🔄 Ausgabe geändert (noch nicht versendet): KW6")
    assert buttons(summary) == []
    assert await announce(bot, issue_id) is Announcement.NOTHING  # nothing to compare with
