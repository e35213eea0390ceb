"""Sharers (inline mode without a start), group subscriptions with their forum topic, a migrated
group keeping its choices, and the section readership counters."""

from sqlmodel import Session, select

from storage.audiences import Audience, audiences, pending_chats
from storage.broadcasts import get_or_create_broadcast
from storage.chats import migrate_chat
from storage.groups import count_groups, set_thread
from storage.issues import store_issue
from storage.preferences import set_format
from storage.reader_events import count_events
from storage.readership import earnings_section, note_reading, recent_readership
from storage.referrals import credit_referral, referral_count
from storage.subscribers import (
    count_by_status,
    get_or_create_subscriber,
    get_subscriber,
    sharing_code,
    subscribe,
    unsubscribe,
)
from storage.tables import EarningsEntry, ReadershipKind, SubscriberStatus
from storage.tables.timestamps import utcnow
from tests.storage.factories import issue, section

SHARER, FRIEND, GROUP, FORUM = 11, 12, -4242, -1004243


def test_a_sharer_gets_a_code_and_is_no_reader(session: Session) -> None:
    code = sharing_code(session=session, user_id=SHARER)
    assert sharing_code(session=session, user_id=SHARER) == code  # stable
    row = get_subscriber(session=session, chat_id=SHARER)
    assert row is not None and row.status == SubscriberStatus.SHARER and row.first_name is None
    assert count_by_status(session=session)[SubscriberStatus.NEW.value] == 0
    assert unsubscribe(session=session, chat_id=SHARER).changed is False


def test_a_known_readers_sharing_code_is_their_invite_code(session: Session) -> None:
    reader, _ = get_or_create_subscriber(session=session, chat_id=SHARER, first_name="Erika")
    assert sharing_code(session=session, user_id=SHARER) == reader.referral_code
    assert get_subscriber(session=session, chat_id=SHARER).status == SubscriberStatus.NEW


def test_a_friend_of_a_sharer_counts_for_the_sharer(session: Session) -> None:
    code = sharing_code(session=session, user_id=SHARER)
    get_or_create_subscriber(session=session, chat_id=FRIEND, referral_code=code)
    subscribe(session=session, chat_id=FRIEND)
    assert credit_referral(session=session, chat_id=FRIEND) == SHARER
    assert referral_count(session=session, chat_id=SHARER) == 1


def test_a_sharer_who_starts_arrives_like_a_new_chat(session: Session) -> None:
    inviter, _ = get_or_create_subscriber(session=session, chat_id=FRIEND)
    own = sharing_code(session=session, user_id=SHARER)
    row, arrived = get_or_create_subscriber(
        session=session, chat_id=SHARER, first_name="Erika", referral_code=inviter.referral_code
    )
    assert arrived and row.status == SubscriberStatus.NEW and row.referred_by == FRIEND
    assert row.referral_code == own and row.first_name == "Erika"
    again, arrived = get_or_create_subscriber(session=session, chat_id=SHARER, referral_code=own)
    assert not arrived and again.referred_by == FRIEND  # an existing chat keeps its inviter


def test_a_sharer_opening_their_own_link_is_not_their_own_referral(session: Session) -> None:
    own = sharing_code(session=session, user_id=SHARER)
    row, arrived = get_or_create_subscriber(session=session, chat_id=SHARER, referral_code=own)
    assert arrived and row.referred_by is None


def test_groups_are_no_readers_and_are_counted_apart(session: Session) -> None:
    get_or_create_subscriber(session=session, chat_id=GROUP, first_name="Club", kind="group")
    get_or_create_subscriber(session=session, chat_id=FORUM, kind="supergroup")
    for chat_id in (GROUP, FORUM):
        subscribe(session=session, chat_id=chat_id)
    assert set_thread(session=session, chat_id=FORUM, thread=7)
    assert not set_thread(session=session, chat_id=FORUM, thread=7)
    assert count_by_status(session=session)[SubscriberStatus.ACTIVE.value] == 0
    assert tuple(count_groups(session=session)) == (2, 1)
    events = count_events(session=session, since=utcnow().replace(year=2000), until=utcnow())
    assert sum(events.values()) == 0


def test_a_topic_is_part_of_the_delivery_group(session: Session) -> None:
    for chat_id in (GROUP, FORUM, FRIEND):
        get_or_create_subscriber(session=session, chat_id=chat_id)
        subscribe(session=session, chat_id=chat_id)
    set_thread(session=session, chat_id=FORUM, thread=7)
    found = dict(audiences(session=session))
    assert found == {Audience(): 2, Audience(message_thread_id=7): 1}
    stored = store_issue(session=session, issue=issue())
    broadcast, _ = get_or_create_broadcast(
        session=session, issue_id=stored.id, total_messages=1, trigger="cli"
    )
    topic = Audience(message_thread_id=7)
    assert pending_chats(session=session, broadcast_id=broadcast.id, message_index=0,
                         audience=topic) == [FORUM]  # fmt: skip


def test_a_migrated_group_keeps_its_choices_and_becomes_a_supergroup(session: Session) -> None:
    get_or_create_subscriber(session=session, chat_id=GROUP, kind="group")
    subscribe(session=session, chat_id=GROUP)
    set_format(session=session, chat_id=GROUP, delivery_format="full")
    moved = migrate_chat(session=session, old_id=GROUP, new_id=FORUM)
    assert moved is not None and moved.kind == "supergroup"
    assert moved.delivery_format == "full" and moved.status == SubscriberStatus.ACTIVE
    assert get_subscriber(session=session, chat_id=GROUP) is None


def test_merging_a_migrated_group_keeps_the_old_rows_choices(session: Session) -> None:
    get_or_create_subscriber(session=session, chat_id=GROUP, kind="group")
    set_format(session=session, chat_id=GROUP, delivery_format="full")
    subscribe(session=session, chat_id=GROUP)
    get_or_create_subscriber(session=session, chat_id=FORUM, kind="supergroup")
    merged = migrate_chat(session=session, old_id=GROUP, new_id=FORUM)
    assert merged is not None and merged.delivery_format == "full"
    assert merged.status == SubscriberStatus.ACTIVE


def test_readership_counts_openings_and_shares_without_ids(session: Session) -> None:
    stored = store_issue(session=session, issue=issue())
    for kind in (ReadershipKind.OPENED, ReadershipKind.OPENED, ReadershipKind.SHARED):
        assert note_reading(session=session, issue_id=stored.id, position=1, kind=kind)
    assert not note_reading(session=session, issue_id=stored.id + 99, position=1,
                            kind=ReadershipKind.OPENED)  # fmt: skip
    [found] = recent_readership(session=session)
    [section] = found.sections
    assert (section.position, section.opened, section.shared) == (1, 2, 1)
    assert section.title


def test_an_earnings_row_leads_to_its_earnings_section(session: Session) -> None:
    sections = [section("Header", "Montag.", kind="header"), section("📅 Earnings", "• Palantir",
                kind="earnings")]  # fmt: skip
    with_list = store_issue(session=session, issue=issue(sections=sections))
    without = store_issue(session=session, issue=issue(7))
    entries = session.exec(select(EarningsEntry).order_by(EarningsEntry.id)).all()
    by_issue = {e.issue_id: e.id for e in entries}
    assert earnings_section(session=session, entry_id=by_issue[with_list.id]) == (with_list.id, 1)
    assert earnings_section(session=session, entry_id=by_issue[without.id]) is None
