"""Everything about one chat across tables: moving it to a new id, and erasing it.

Telegram gives a group a new chat id when it becomes a supergroup (`ChatMigrated`, or the
service message with `migrate_to_chat_id`); `migrate_chat` moves the subscriber (its status
and choices), its ledger rows and its referrals there, merging with a row the new id may
already have. `delete_chat_data` erases a chat (the /delete command).
"""

from __future__ import annotations

from sqlalchemy import Table, delete, exists, or_, select, update
from sqlmodel import Session, col

from storage.referrals import recount_referrals
from storage.reminders import delete_reminders
from storage.tables import (
    ChatKind,
    CorrectionEdit,
    Delivery,
    DeliverySummary,
    IssueRecord,
    ReaderEvent,
    Referral,
    Subscriber,
    SubscriberStatus,
    table_of,
)
from storage.tables.timestamps import utcnow
from storage.watchlist import delete_watchlist

# What the merged chat takes from the old row when the new one has none.
_KEPT = ("first_name", "username", "language_code", "delivery_format", "sections",
         "delivery_time", "timezone")  # fmt: skip
# When both ids have a row, the merged chat takes the first status of this list either has.
_STATUS_PRIORITY = (
    SubscriberStatus.ACTIVE,
    SubscriberStatus.UNSUBSCRIBED,
    SubscriberStatus.BLOCKED,
    SubscriberStatus.NEW,
)


def delete_chat_data(*, session: Session, chat_id: int) -> bool:
    """Erase the chat: its subscriber row, its ledger rows (deliveries and corrections), its
    reader history (joined, left), its referrals on both sides, its watchlist and its reminder
    ledger.

    Chats it invited keep their subscription but lose the link to it (`referred_by`); the
    inviter of this chat loses the credit (no anonymous count is kept). An approval the chat
    gave as admin keeps its time but not its id. Return whether the chat was known.
    """
    session.flush()
    known = session.get(Subscriber, chat_id) is not None
    session.execute(delete(table_of(Delivery)).where(table_of(Delivery).c.chat_id == chat_id))
    session.execute(delete(ReaderEvent).where(col(ReaderEvent.chat_id) == chat_id))
    session.execute(delete(CorrectionEdit).where(col(CorrectionEdit.chat_id) == chat_id))
    inviters = session.scalars(
        select(col(Referral.referrer_chat_id)).where(col(Referral.referred_chat_id) == chat_id)
    ).all()
    session.execute(
        delete(Referral).where(
            or_(
                col(Referral.referred_chat_id) == chat_id, col(Referral.referrer_chat_id) == chat_id
            )
        )
    )
    recount_referrals(session=session, chat_ids=[chat_id, *inviters])
    session.execute(delete(DeliverySummary).where(col(DeliverySummary.chat_id) == chat_id))
    session.execute(
        update(Subscriber).where(col(Subscriber.referred_by) == chat_id).values(referred_by=None)
    )
    session.execute(
        update(IssueRecord).where(col(IssueRecord.approved_by) == chat_id).values(approved_by=None)
    )
    delete_watchlist(session=session, chat_id=chat_id)
    delete_reminders(session=session, chat_id=chat_id)
    session.execute(delete(Subscriber).where(col(Subscriber.chat_id) == chat_id))
    session.flush()
    return known


def migrate_chat(*, session: Session, old_id: int, new_id: int) -> Subscriber | None:
    """Move the chat `old_id` to `new_id` and return the subscriber now at `new_id`.

    Ledger rows move (a row both ids have for the same message keeps the new id's); credited
    referrals move on both sides (a self-referral that would result is dropped); the reader
    history moves. A group becomes a supergroup (no forum yet: no topic). If `new_id` already
    exists the rows merge: the livelier status wins, the older invite code is kept, choices the
    new row lacks come from the old one.
    """
    if old_id == new_id:
        return session.get(Subscriber, new_id)
    session.flush()
    _move_ledger(session, old_id, new_id)
    _move_referrals(session, old_id, new_id)
    session.execute(
        update(ReaderEvent).where(col(ReaderEvent.chat_id) == old_id).values(chat_id=new_id)
    )
    old = session.get(Subscriber, old_id)
    new = session.get(Subscriber, new_id)
    if old is None:
        return new
    if new is None:
        session.expunge(old)
        subscribers = table_of(Subscriber)
        session.execute(
            update(subscribers).where(subscribers.c.chat_id == old_id).values(chat_id=new_id)
        )
        moved = session.get(Subscriber, new_id)
        assert moved is not None
        return _upgraded(session, moved)
    return _upgraded(session, _merge(session, old, new))


def _upgraded(session: Session, subscriber: Subscriber) -> Subscriber:
    """A group that moved is a supergroup now, in no forum topic."""
    if subscriber.kind == ChatKind.GROUP:
        subscriber.kind = ChatKind.SUPERGROUP.value
        subscriber.message_thread_id = None
        session.flush()
    return subscriber


def _move_ledger(session: Session, old_id: int, new_id: int) -> None:
    _move_rows(session, table_of(Delivery), ("broadcast_id", "message_index"), old_id, new_id)
    _move_rows(session, table_of(DeliverySummary), ("broadcast_id",), old_id, new_id)


def _move_rows(
    session: Session, table: Table, keys: tuple[str, ...], old_id: int, new_id: int
) -> None:
    """Give `old_id`'s rows of `table` to `new_id`; where `new_id` has a row with the same
    `keys` already, the old one goes."""
    kept = table.alias("kept")
    same = [kept.c[key] == table.c[key] for key in keys]
    session.execute(
        delete(table).where(
            table.c.chat_id == old_id, exists().where(*same, kept.c.chat_id == new_id)
        )
    )
    session.execute(update(table).where(table.c.chat_id == old_id).values(chat_id=new_id))


def _move_referrals(session: Session, old_id: int, new_id: int) -> None:
    referrals = table_of(Referral)
    for referral in (session.get(Referral, old_id), session.get(Referral, new_id)):
        if referral is not None:
            session.expunge(referral)
    if session.get(Referral, new_id) is not None:
        session.execute(delete(referrals).where(referrals.c.referred_chat_id == old_id))
    session.execute(
        update(referrals)
        .where(referrals.c.referred_chat_id == old_id)
        .values(referred_chat_id=new_id)
    )
    session.execute(
        update(referrals)
        .where(referrals.c.referrer_chat_id == old_id)
        .values(referrer_chat_id=new_id)
    )
    session.execute(
        delete(referrals).where(
            referrals.c.referred_chat_id == new_id, referrals.c.referrer_chat_id == new_id
        )
    )
    session.execute(
        update(Subscriber).where(col(Subscriber.referred_by) == old_id).values(referred_by=new_id)
    )
    session.execute(
        update(Subscriber)
        .where(col(Subscriber.chat_id) == new_id, col(Subscriber.referred_by) == new_id)
        .values(referred_by=None)
    )
    inviter = session.scalar(
        select(col(Referral.referrer_chat_id)).where(col(Referral.referred_chat_id) == new_id)
    )
    session.expire_all()
    recount_referrals(session=session, chat_ids=[old_id, new_id, *([inviter] if inviter else [])])


def _merge(session: Session, old: Subscriber, new: Subscriber) -> Subscriber:
    new.status = next(s.value for s in _STATUS_PRIORITY if s in (old.status, new.status))
    for name in _KEPT:
        if getattr(new, name) is None:
            setattr(new, name, getattr(old, name))
    for name in ("subscribed_at", "unsubscribed_at", "blocked_at"):
        times = [t for t in (getattr(old, name), getattr(new, name)) if t is not None]
        setattr(new, name, max(times) if times else None)
    if new.referred_by is None and old.referred_by != new.chat_id:
        new.referred_by = old.referred_by
    code = old.referral_code if old.created_at <= new.created_at else new.referral_code
    new.created_at = min(old.created_at, new.created_at)
    new.updated_at = utcnow()
    session.delete(old)
    session.flush()
    new.referral_code = code
    session.flush()
    return new
