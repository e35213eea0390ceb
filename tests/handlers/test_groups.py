"""Groups, supergroups and forum topics through the real application: admins subscribe, members
get one short answer, a forum topic gets everything in that topic, /latest and section buttons
work there, the bot stays silent on talk, a migrated group keeps what it had, a removed bot
ends the subscription."""

from __future__ import annotations

from typing import Any

import pytest

from bot.database import Database
from bot.simulator.objects import make_membership_update, make_migration_update
from newsletter.model import Issue
from storage.broadcasts import get_or_create_broadcast
from storage.deliveries import DeliveryRow, last_issue_received, record_deliveries
from storage.groups import count_groups
from storage.issues import latest_issue
from storage.readership import recent_readership
from storage.subscribers import count_by_status, get_subscriber
from tests.handlers.harness import Harness, buttons

FORUM, GROUP, SUPER = -1001234567, -4567, -1004567
OWNER, ADMIN, MEMBER = 1, 2, 3
ONLY_ADMINS = "Das können nur die Admins dieser Gruppe."


@pytest.fixture
def groups(bot: Harness) -> Harness:
    bot.request.backend.groups.add(FORUM, forum=True, creator=OWNER, admins={ADMIN},
                                   topics={7, 9})  # fmt: skip
    bot.request.backend.groups.add(GROUP, creator=OWNER, admins={ADMIN})
    return bot


def row(bot: Harness, chat_id: int) -> Any:
    return Database(bot.engine).run_sync(get_subscriber, chat_id=chat_id)


def sends(bot: Harness, chat_id: int) -> list[dict[str, Any]]:
    return [c for c in bot.request.calls_to("sendMessage") if c["chat_id"] == chat_id]


async def test_an_admin_subscribes_the_group_to_the_compact_issue(groups: Harness) -> None:
    await groups.send("/subscribe", user_id=ADMIN, chat_id=GROUP)
    [answer] = groups.texts(GROUP)
    assert answer.startswith("✅ Abonniert! Jede neue Ausgabe kommt hierher. Nächste Ausgabe:")
    subscriber = row(groups, GROUP)
    assert (subscriber.status, subscriber.kind) == ("active", "group")
    assert subscriber.delivery_format == "compact" and subscriber.first_name == "Gruppe"
    db = Database(groups.engine)
    assert db.run_sync(count_by_status)["active"] == 0  # group members are no readers
    assert tuple(db.run_sync(count_groups)) == (1, 0)
    await groups.send("/subscribe", user_id=OWNER, chat_id=GROUP)
    assert groups.texts(GROUP)[-1].startswith("Ihr seid schon dabei ✅")
    assert not groups.request.violations


async def test_a_member_gets_one_short_answer_and_changes_nothing(groups: Harness) -> None:
    for command in ("/subscribe", "/unsubscribe", "/settings"):
        await groups.send(command, user_id=MEMBER, chat_id=GROUP)
    assert groups.texts(GROUP) == [ONLY_ADMINS] * 3
    assert row(groups, GROUP) is None


async def test_an_anonymous_admin_writes_as_the_group(groups: Harness) -> None:
    await groups.send("/subscribe", chat_id=GROUP, as_group=True)
    assert row(groups, GROUP).status == "active"


async def test_commands_with_the_bots_name_work_and_others_are_not_for_us(
    groups: Harness,
) -> None:
    await groups.send("/subscribe@DoppelTestBot", user_id=ADMIN, chat_id=GROUP)
    await groups.send("/unsubscribe@SomeOtherBot", user_id=ADMIN, chat_id=GROUP)
    await groups.send("Was meint ihr zu Palantir?", user_id=MEMBER, chat_id=GROUP)
    await groups.send("/unsubscribe@doppeltestbot", user_id=ADMIN, chat_id=GROUP)
    texts = groups.texts(GROUP)
    assert len(texts) == 2 and texts[1].startswith("Erledigt: In diese Gruppe kommen keine")
    assert row(groups, GROUP).status == "unsubscribed"


async def test_help_and_start_say_what_works_in_a_group(groups: Harness) -> None:
    await groups.send("/help", user_id=MEMBER, chat_id=GROUP)
    await groups.send("/start", user_id=MEMBER, chat_id=GROUP)
    first, second = groups.texts(GROUP)
    assert first == second and "/subscribe – jede neue Ausgabe hierher (nur Admins" in first
    assert row(groups, GROUP) is None


async def test_a_forum_subscription_is_for_its_topic_and_answers_go_there(
    groups: Harness,
) -> None:
    await groups.send("/subscribe", user_id=ADMIN, chat_id=FORUM, thread_id=7, forum=True)
    assert row(groups, FORUM).message_thread_id == 7
    [answer] = sends(groups, FORUM)
    assert answer["message_thread_id"] == 7 and "in dieses Thema" in answer["text"]
    await groups.send("/subscribe", user_id=ADMIN, chat_id=FORUM, thread_id=9, forum=True)
    assert row(groups, FORUM).message_thread_id == 9
    assert sends(groups, FORUM)[-1]["text"].startswith("✅ Umgezogen")
    await groups.send("/subscribe", user_id=ADMIN, chat_id=FORUM, forum=True)  # General
    assert row(groups, FORUM).message_thread_id is None
    assert "message_thread_id" not in sends(groups, FORUM)[-1]
    assert tuple(Database(groups.engine).run_sync(count_groups)) == (1, 0)
    assert not groups.request.violations


async def test_latest_and_a_section_button_answer_in_the_topic(
    groups: Harness, kw06: Issue
) -> None:
    await groups.send("/subscribe", user_id=ADMIN, chat_id=FORUM, thread_id=7, forum=True)
    await groups.send("/latest", user_id=MEMBER, chat_id=FORUM, thread_id=7, forum=True)
    compact = groups.last(FORUM)
    assert sends(groups, FORUM)[-1]["message_thread_id"] == 7
    label, data = buttons(compact)[0]
    await groups.press(data, user_id=MEMBER, chat_id=FORUM, thread_id=7, forum=True)
    await groups.press(data, user_id=OWNER, chat_id=FORUM, thread_id=7, forum=True)  # in a row
    section = sends(groups, FORUM)[2:]
    assert len(section) == 1 and section[0]["message_thread_id"] == 7
    assert section[0]["text"].startswith(label[:20])
    [issue] = Database(groups.engine).run_sync(recent_readership)
    assert [(s.opened, s.shared) for s in issue.sections] == [(1, 0)]
    assert not groups.request.violations


async def test_admins_choose_the_groups_format_with_settings(groups: Harness) -> None:
    await groups.send("/subscribe", user_id=ADMIN, chat_id=GROUP)
    await groups.send("/settings format voll", user_id=ADMIN, chat_id=GROUP)
    assert row(groups, GROUP).delivery_format == "full"
    await groups.press("set:fmt:compact", user_id=MEMBER, chat_id=GROUP)
    assert groups.answers()[-1] == "Nur die Admins dieser Gruppe können das ändern."
    await groups.press("set:fmt:compact", user_id=ADMIN, chat_id=GROUP)
    assert row(groups, GROUP).delivery_format == "compact"


async def test_a_migrated_group_keeps_its_subscription_choices_and_ledger(
    groups: Harness, kw06: Issue
) -> None:
    await groups.send("/subscribe", user_id=ADMIN, chat_id=GROUP)
    await groups.send("/settings format voll", user_id=ADMIN, chat_id=GROUP)
    db = Database(groups.engine)
    issue_id = db.run_sync(latest_issue).id
    broadcast = db.run_sync(get_or_create_broadcast, issue_id=issue_id, total_messages=1,
                            trigger="cli")[0]  # fmt: skip
    db.run_sync(record_deliveries, rows=[DeliveryRow(broadcast.id, GROUP, 0, "sent", 5)])
    groups.request.backend.migrate_group(GROUP, SUPER)
    await groups.process(make_migration_update(GROUP, SUPER, user_id=OWNER, update_id=700))
    assert row(groups, GROUP) is None
    moved = row(groups, SUPER)
    assert (moved.status, moved.kind, moved.delivery_format) == ("active", "supergroup", "full")
    assert db.run_sync(last_issue_received, chat_id=SUPER) == issue_id  # the ledger moved along
    assert db.run_sync(last_issue_received, chat_id=GROUP) is None
    await groups.send("/latest", user_id=MEMBER, chat_id=SUPER)
    assert groups.texts(SUPER)


async def test_removing_the_bot_ends_the_subscription_and_adding_it_greets(
    groups: Harness,
) -> None:
    await groups.send("/subscribe", user_id=ADMIN, chat_id=GROUP)
    await groups.process(make_membership_update("left", chat_id=GROUP, user_id=ADMIN,
                                                update_id=800))  # fmt: skip
    assert row(groups, GROUP).status == "blocked"
    assert tuple(Database(groups.engine).run_sync(count_groups)) == (0, 0)
    added = make_membership_update("member", old_status="left", chat_id=GROUP, update_id=801)
    await groups.process(added)
    assert groups.texts(GROUP)[-1].startswith("👋 Hallo! Ich bringe euch das Doppelgänger")
    await groups.send("/subscribe", user_id=ADMIN, chat_id=GROUP)
    assert row(groups, GROUP).status == "active"
