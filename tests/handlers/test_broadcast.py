"""/broadcast for admins: confirm before sending, status, pause and resume; nobody else."""

from __future__ import annotations

import asyncio

import pytest

from bot.broadcast import texts
from bot.broadcast.service import BroadcastService
from storage.broadcasts import set_broadcast_status
from tests.bot.broadcast_fixtures import Runs, add_readers
from tests.handlers.conftest import ADMIN_ID, store
from tests.handlers.harness import Harness, buttons
from tests.storage.factories import issue as make_issue


@pytest.fixture
def runs(bot: Harness) -> Runs:
    runs = Runs()
    old = bot.deps.broadcasts
    bot.use_broadcasts(BroadcastService(old.settings, old.db, run=runs))
    return runs


async def settle(bot: Harness) -> None:
    await asyncio.gather(*bot.deps.broadcasts.tasks.values())


async def test_only_admins_may_broadcast(bot: Harness, kw06, runs: Runs) -> None:
    await bot.send("/broadcast")
    await bot.press("bc:go:1")
    assert bot.texts()[0] == texts.ONLY_ADMINS
    assert runs.started == []


async def test_broadcast_asks_before_sending_the_newest_issue(
    bot: Harness, kw06, runs: Runs
) -> None:
    add_readers(bot.engine, range(1, 4))
    await bot.send("/broadcast", user_id=ADMIN_ID)
    question = bot.last(ADMIN_ID)
    assert question.text.startswith("KW6 - Der Drache erwacht")
    assert "an 3 Abonnent:innen" in question.text
    (send, data), (cancel, no) = buttons(question)
    assert (send, cancel, no) == (texts.BUTTON_SEND, texts.BUTTON_CANCEL, "bc:no")
    assert runs.started == []

    await bot.press(data, user_id=ADMIN_ID, message_id=question.message_id)
    await settle(bot)
    assert len(runs.started) == 1
    assert bot.last(ADMIN_ID).text.startswith("📤 Versand von KW6 - Der Drache erwacht")


async def test_cancel_sends_nothing(bot: Harness, kw06, runs: Runs) -> None:
    await bot.send("/broadcast", user_id=ADMIN_ID)
    await bot.press("bc:no", user_id=ADMIN_ID, message_id=bot.last(ADMIN_ID).message_id)
    assert runs.started == []
    assert bot.last(ADMIN_ID).text == texts.CANCELLED


async def test_an_old_confirmation_does_not_send_an_older_issue(
    bot: Harness, kw06, runs: Runs
) -> None:
    await bot.send("/broadcast", user_id=ADMIN_ID)
    old = buttons(bot.last(ADMIN_ID))[0][1]
    store(bot.engine, make_issue(7))  # KW7 arrives before the admin presses
    await bot.press(old, user_id=ADMIN_ID)
    assert runs.started == []
    assert "neuere Ausgabe" in bot.last(ADMIN_ID).text


async def test_an_issue_is_never_offered_twice(bot: Harness, kw06, runs: Runs) -> None:
    await bot.send("/broadcast", user_id=ADMIN_ID)
    await bot.press(buttons(bot.last(ADMIN_ID))[0][1], user_id=ADMIN_ID)
    await settle(bot)
    service = bot.deps.broadcasts
    [broadcast_id] = runs.started
    service.db.run_sync(set_broadcast_status, broadcast_id=broadcast_id, status="done")
    await bot.send("/broadcast", user_id=ADMIN_ID)
    assert "schon versendet" in bot.last(ADMIN_ID).text
    assert not buttons(bot.last(ADMIN_ID))


async def test_status_pause_and_resume(bot: Harness, kw06, runs: Runs) -> None:
    await bot.send("/broadcast status", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text == texts.NO_BROADCAST_YET
    await bot.send("/broadcast pause", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text == "Es läuft gerade kein Versand."

    await bot.send("/broadcast", user_id=ADMIN_ID)
    await bot.press(buttons(bot.last(ADMIN_ID))[0][1], user_id=ADMIN_ID)
    await settle(bot)
    await bot.send("/broadcast pause", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text.startswith("⏸️ Versand von KW6")
    await bot.send("/broadcast status", user_id=ADMIN_ID)
    assert "pausiert" in bot.last(ADMIN_ID).text
    await bot.send("/broadcast resume", user_id=ADMIN_ID)
    await settle(bot)
    assert bot.last(ADMIN_ID).text.startswith("▶️ Versand von KW6")
    assert len(runs.started) == 2  # nobody held it: resumed in this process
    await bot.send("/broadcast resume", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text == "Es ist kein Versand pausiert."


async def test_unknown_subcommand_shows_the_usage(bot: Harness, runs: Runs) -> None:
    await bot.send("/broadcast now", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text == texts.USAGE


async def test_without_any_issue_there_is_nothing_to_confirm(bot: Harness, runs: Runs) -> None:
    await bot.send("/broadcast", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text == "Es ist noch keine Ausgabe gespeichert."
    assert runs.started == []


async def test_the_offer_counts_what_each_reader_chose(bot: Harness, kw06, runs: Runs) -> None:
    from sqlalchemy import update

    from storage.tables import Subscriber

    add_readers(bot.engine, range(1, 4))
    with bot.engine.begin() as connection:
        connection.execute(
            update(Subscriber.__table__)
            .where(Subscriber.chat_id == 2)
            .values(delivery_format="compact")
        )
    await bot.send("/broadcast", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text.endswith(
        "an 3 Abonnent:innen senden – alle sofort?\nbis zu 7 Nachrichten je Leser:in "
        "(je nach Format und Abschnitten), zusammen ca. 15."
    )
