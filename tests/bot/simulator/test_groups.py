"""The fakes' groups: admins through getChatMember, forum topics, a removed bot, a migrated group,
and the group updates PTB reads."""

from __future__ import annotations

import pytest
from telegram import Bot, Update
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, ChatMigrated, Forbidden

from bot.simulator.bot_api import FakeBotAPI
from bot.simulator.objects import (
    BOT_ID,
    BOT_TOKEN,
    make_callback_update,
    make_membership_update,
    make_message_update,
    make_migration_update,
)
from tests.fakes.request import RecordingRequest

FORUM = -1001234567
GROUP = -4567


@pytest.fixture
def with_groups(bot_and_request):
    _, request = bot_and_request
    request.backend.groups.add(FORUM, forum=True, creator=1, admins={2}, topics={7})
    request.backend.groups.add(GROUP, creator=1)
    return bot_and_request


async def test_get_chat_member_tells_creator_admins_and_members(with_groups) -> None:
    bot, _ = with_groups
    status = [(await bot.get_chat_member(FORUM, uid)).status for uid in (1, 2, 3, BOT_ID)]
    assert status == [ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR,
                      ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR]  # fmt: skip
    chat = await bot.get_chat(FORUM)
    assert chat.is_forum is True and chat.type == "supergroup"


async def test_a_send_into_a_topic_carries_it_and_an_unknown_topic_is_refused(
    with_groups,
) -> None:
    bot, request = with_groups
    sent = await bot.send_message(FORUM, "KW 6", message_thread_id=7)
    assert sent.message_thread_id == 7 and sent.is_topic_message is True
    assert (await bot.send_message(FORUM, "General")).message_thread_id is None
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(FORUM, "KW 6", message_thread_id=8)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(GROUP, "KW 6", message_thread_id=7)  # no forum
    assert request.texts(FORUM) == ["KW 6", "General"]


async def test_a_removed_bot_is_refused_with_403(with_groups) -> None:
    bot, request = with_groups
    request.backend.groups.remove_bot(GROUP)
    with pytest.raises(Forbidden, match="kicked from the group chat"):
        await bot.send_message(GROUP, "KW 6")
    assert (await bot.get_chat_member(GROUP, BOT_ID)).status == ChatMemberStatus.LEFT


async def test_a_migrated_group_answers_its_old_id_with_the_new_one(with_groups) -> None:
    bot, request = with_groups
    request.backend.migrate_group(GROUP, -1009999)
    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(GROUP, "KW 6")
    assert raised.value.new_chat_id == -1009999
    assert (await bot.send_message(-1009999, "KW 6")).chat.type == "supergroup"
    assert (await bot.get_chat_member(-1009999, 1)).status == ChatMemberStatus.OWNER


def test_only_a_supergroup_can_be_a_forum() -> None:
    with pytest.raises(ValueError, match="supergroup"):
        RecordingRequest().backend.groups.add(GROUP, forum=True)


async def test_group_updates_are_what_ptb_reads(with_groups) -> None:
    bot, _ = with_groups
    topic = make_message_update("/subscribe@DoppelTestBot", chat_id=FORUM, thread_id=7, forum=True)
    message = Update.de_json(topic, bot).message
    assert message is not None and message.message_thread_id == 7 and message.is_topic_message
    assert message.chat.is_forum and message.entities[0].length == len("/subscribe@DoppelTestBot")
    anonymous = Update.de_json(make_message_update("/x", chat_id=FORUM, as_group=True), bot)
    assert anonymous.message is not None and anonymous.message.sender_chat.id == FORUM
    moved = Update.de_json(make_migration_update(GROUP, -1009999), bot).message
    assert moved is not None and moved.migrate_to_chat_id == -1009999
    left = Update.de_json(make_membership_update("left", chat_id=GROUP), bot).my_chat_member
    assert left is not None and left.chat.id == GROUP and left.new_chat_member.status == "left"
    press = Update.de_json(make_callback_update("sec:1:2", chat_id=FORUM, thread_id=7), bot)
    assert press.callback_query is not None
    assert press.callback_query.message.message_thread_id == 7


async def test_the_server_knows_groups_and_topics() -> None:
    async with FakeBotAPI(token=BOT_TOKEN, rate=None, per_chat_rate=None) as api:
        api.backend.groups.add(FORUM, forum=True, topics={3})
        async with Bot(BOT_TOKEN, base_url=api.base_url) as bot:
            assert (await bot.send_message(FORUM, "x", message_thread_id=3)).is_topic_message
            with pytest.raises(BadRequest, match="thread not found"):
                await bot.send_message(FORUM, "x", message_thread_id=4)
