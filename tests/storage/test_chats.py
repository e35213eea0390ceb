"""Moving a chat to a new id (group → supergroup) and erasing a chat's data."""

from sqlalchemy import func, select
from sqlmodel import Session

from storage.audiences import pending_chats
from storage.broadcasts import get_or_create_broadcast
from storage.chats import delete_chat_data, migrate_chat
from storage.deliveries import DeliveryRow, delivery_counts, record_deliveries
from storage.issues import get_issue, store_issue
from storage.referrals import credit_referral, referral_count
from storage.review import approve_issue
from storage.subscribers import (
    get_by_referral_code,
    get_or_create_subscriber,
    get_subscriber,
    subscribe,
    unsubscribe,
)
from storage.tables import Delivery, Referral
from tests.storage.factories import issue

OLD, NEW = -4242, -1004242


def broadcast_id(session: Session) -> int:
    stored = store_issue(session=session, issue=issue())
    return get_or_create_broadcast(
        session=session, issue_id=stored.id, total_messages=3, trigger="cli"
    )[0].id


def ledger(session: Session, chat_id: int) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Delivery.message_index, Delivery.status)
        .where(Delivery.chat_id == chat_id)
        .order_by(Delivery.message_index)
    )
    return [tuple(r) for r in rows]


def invite(session: Session, inviter: int, invited: int) -> None:
    code = get_or_create_subscriber(session=session, chat_id=inviter)[0].referral_code
    get_or_create_subscriber(session=session, chat_id=invited, referral_code=code)
    subscribe(session=session, chat_id=invited)
    assert credit_referral(session=session, chat_id=invited) == inviter


def test_migrating_moves_the_subscriber_and_its_ledger(session: Session) -> None:
    b = broadcast_id(session)
    subscriber, _ = get_or_create_subscriber(session=session, chat_id=OLD, first_name="Gruppe")
    code = subscriber.referral_code
    subscribe(session=session, chat_id=OLD)
    record_deliveries(session=session, rows=[DeliveryRow(b, OLD, 0, "sent")])
    session.commit()
    moved = migrate_chat(session=session, old_id=OLD, new_id=NEW)
    session.commit()
    assert (moved.chat_id, moved.status, moved.first_name, moved.referral_code) == (
        NEW, "active", "Gruppe", code,
    )  # fmt: skip
    assert get_subscriber(session=session, chat_id=OLD) is None
    assert ledger(session, NEW) == [(0, "sent")] and ledger(session, OLD) == []
    assert pending_chats(session=session, broadcast_id=b, message_index=1, previous_index=0) == [
        NEW
    ]


def test_migrating_into_an_existing_chat_merges_both(session: Session) -> None:
    b = broadcast_id(session)
    old, _ = get_or_create_subscriber(session=session, chat_id=OLD, first_name="Alt")
    old_code = old.referral_code
    subscribe(session=session, chat_id=OLD)
    session.commit()
    get_or_create_subscriber(session=session, chat_id=NEW, username="neu")
    unsubscribe(session=session, chat_id=NEW)
    record_deliveries(
        session=session,
        rows=[
            DeliveryRow(b, OLD, 0, "sent"),
            DeliveryRow(b, OLD, 1, "failed"),
            DeliveryRow(b, NEW, 1, "sent"),
        ],
    )
    merged = migrate_chat(session=session, old_id=OLD, new_id=NEW)
    session.commit()
    assert (merged.status, merged.first_name, merged.username) == ("active", "Alt", "neu")
    assert merged.referral_code == old_code  # the older code is the one people have
    assert get_by_referral_code(session=session, code=old_code).chat_id == NEW
    assert ledger(session, NEW) == [(0, "sent"), (1, "sent")]
    assert delivery_counts(session=session, broadcast_id=b) == {
        "failed": 0,
        "sent": 2,
        "skipped": 0,
    }


def test_migrating_moves_referrals_on_both_sides(session: Session) -> None:
    invite(session, inviter=1, invited=OLD)
    invite(session, inviter=OLD, invited=2)
    get_or_create_subscriber(
        session=session,
        chat_id=3,
        referral_code=get_subscriber(session=session, chat_id=OLD).referral_code,
    )  # invited, not yet subscribed
    migrate_chat(session=session, old_id=OLD, new_id=NEW)
    session.commit()
    assert referral_count(session=session, chat_id=1) == 1
    assert session.get(Referral, NEW).referrer_chat_id == 1
    assert referral_count(session=session, chat_id=NEW) == 1
    assert get_subscriber(session=session, chat_id=3).referred_by == NEW
    subscribe(session=session, chat_id=3)
    assert credit_referral(session=session, chat_id=3) == NEW


def test_migrating_never_leaves_a_self_referral(session: Session) -> None:
    invite(session, inviter=NEW, invited=OLD)
    migrate_chat(session=session, old_id=OLD, new_id=NEW)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Referral)) == 0
    assert get_subscriber(session=session, chat_id=NEW).referred_by is None


def test_migrating_an_unknown_chat_or_to_itself_changes_nothing(session: Session) -> None:
    assert migrate_chat(session=session, old_id=OLD, new_id=NEW) is None
    get_or_create_subscriber(session=session, chat_id=OLD)
    assert migrate_chat(session=session, old_id=OLD, new_id=OLD).chat_id == OLD


def test_deleting_a_chat_erases_it_everywhere(session: Session) -> None:
    b = broadcast_id(session)
    invite(session, inviter=1, invited=2)
    invite(session, inviter=2, invited=3)
    code = get_subscriber(session=session, chat_id=2).referral_code
    get_or_create_subscriber(session=session, chat_id=4, referral_code=code)
    record_deliveries(
        session=session, rows=[DeliveryRow(b, 2, 0, "sent"), DeliveryRow(b, 3, 0, "sent")]
    )
    issue_id = store_issue(session=session, issue=issue()).id  # the same issue again
    approve_issue(session=session, issue_id=issue_id, admin_id=2)
    session.commit()
    assert delete_chat_data(session=session, chat_id=2)
    session.commit()
    assert get_subscriber(session=session, chat_id=2) is None
    assert get_by_referral_code(session=session, code=code) is None
    assert ledger(session, 2) == [] and ledger(session, 3) == [(0, "sent")]
    assert referral_count(session=session, chat_id=1) == 0  # the credit goes with the chat
    assert session.get(Referral, 3) is None
    assert get_subscriber(session=session, chat_id=3).status == "active"
    assert get_subscriber(session=session, chat_id=4).referred_by is None
    approved = get_issue(session=session, issue_id=issue_id)
    assert approved.approved_by is None and approved.approved_at is not None


def test_deleting_an_unknown_chat_reports_it(session: Session) -> None:
    assert not delete_chat_data(session=session, chat_id=12345)
