"""A reader who blocks the bot is marked at once (`my_chat_member`), and pressing Start after
unblocking gives back what they had: an active subscription stays active."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.database import Database
from bot.simulator.objects import make_membership_update
from storage.subscribers import count_active, get_subscriber
from tests.handlers.harness import Harness


def _status(engine: Engine, chat_id: int = 4242) -> str | None:
    subscriber = Database(engine).run_sync(get_subscriber, chat_id=chat_id)
    return None if subscriber is None else subscriber.status


async def test_blocking_marks_the_reader_at_once_and_start_makes_them_active_again(
    bot: Harness,
) -> None:
    await bot.send("/subscribe")
    await bot.process(make_membership_update("kicked", update_id=900))
    assert _status(bot.engine) == "blocked"
    assert Database(bot.engine).run_sync(count_active) == 0
    await bot.process(make_membership_update("member", old_status="kicked", update_id=901))
    assert _status(bot.engine) == "blocked"  # unblocking alone changes nothing
    replies = len(bot.texts())
    await bot.send("/start")
    assert _status(bot.engine) == "active"
    [welcome] = bot.texts()[replies:]
    assert "Schön, dass du wieder da bist." in welcome and "Du bist schon dabei ✅" in welcome


async def test_a_reader_who_had_unsubscribed_comes_back_unsubscribed(bot: Harness) -> None:
    await bot.send("/subscribe")
    await bot.send("/unsubscribe")
    await bot.process(make_membership_update("kicked", update_id=902))
    assert _status(bot.engine) == "blocked"
    await bot.send("/start")
    assert _status(bot.engine) == "unsubscribed"
    assert "Tipp auf „Abonnieren“" in bot.texts()[-1]


async def test_a_chat_that_never_subscribed_comes_back_new(bot: Harness) -> None:
    await bot.send("/start")
    await bot.process(make_membership_update("kicked", update_id=903))
    await bot.send("/start")
    assert _status(bot.engine) == "new"


async def test_a_block_from_an_unknown_chat_stores_nothing_and_sends_nothing(
    bot: Harness,
) -> None:
    await bot.process(make_membership_update("kicked", user_id=777_777, update_id=904))
    assert _status(bot.engine, 777_777) is None
    assert bot.request.calls_to("sendMessage") == []
