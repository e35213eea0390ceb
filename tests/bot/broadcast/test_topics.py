"""Groups in the broadcast: a forum topic's subscription gets every message in its topic, a
deleted topic ends the subscription like a gone chat, a removed bot likewise."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, update
from telegram.error import BadRequest

from bot.delivery.outcome import Kind, classify
from storage.subscribers import get_subscriber
from storage.tables import Subscriber
from tests.bot.broadcast_fixtures import TEXTS, World, add_readers, copy_database

FORUM, GROUP = -1001777, -4777


@pytest.fixture
def world(sqlite_template: Engine, tmp_path):
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield World(engine)
    engine.dispose()


def in_topic(engine: Engine, chat_id: int, thread: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(Subscriber)
            .where(Subscriber.chat_id == chat_id)
            .values(kind="supergroup", message_thread_id=thread)
        )


async def test_a_topic_subscription_gets_the_issue_in_its_topic_only(world: World) -> None:
    world.request.backend.groups.add(FORUM, forum=True, topics={7, 9})
    add_readers(world.engine, [FORUM, 1])
    in_topic(world.engine, FORUM, 7)
    result = await world.run()
    assert result.complete and not world.request.violations
    assert world.request.texts(FORUM) == world.request.texts(1) == list(TEXTS)
    threads = {c.get("message_thread_id") for c in world.request.calls_to("sendMessage")
               if c["chat_id"] == FORUM}  # fmt: skip
    assert threads == {7}
    assert all("message_thread_id" not in c for c in world.request.calls_to("sendMessage")
               if c["chat_id"] == 1)  # fmt: skip


async def test_a_deleted_topic_ends_the_subscription(world: World) -> None:
    world.request.backend.groups.add(FORUM, forum=True, topics={9})
    add_readers(world.engine, [FORUM, 1])
    in_topic(world.engine, FORUM, 7)  # topic 7 is gone
    result = await world.run()
    assert result.complete and world.request.texts(FORUM) == []
    assert world.db.run_sync(get_subscriber, chat_id=FORUM).status == "blocked"
    assert [row for row in world.ledger() if row[0] == FORUM] == [(FORUM, 0, "skipped")]


async def test_a_group_that_removed_the_bot_is_skipped(world: World) -> None:
    world.request.backend.groups.add(GROUP)
    world.request.backend.groups.remove_bot(GROUP)
    add_readers(world.engine, [GROUP, 1])
    await world.run()
    assert world.db.run_sync(get_subscriber, chat_id=GROUP).status == "blocked"
    assert world.request.texts(1) == list(TEXTS)


def test_a_missing_topic_is_a_gone_chat() -> None:
    assert classify(BadRequest("Message thread not found")).kind is Kind.BLOCKED
