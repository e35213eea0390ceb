"""The reminder ledger and who is due a reminder.

One `reminder` row per chat and day. A sender claims the row before it sends (an insert that
only one process can win) and marks it afterwards: `sent`, `failed` or `blocked` are final, so a
restart never reminds a day twice. A claim whose sender died (still `claimed` after a while) may
be taken over, so a crash does not lose the day either.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import and_, delete, or_, select, update
from sqlmodel import Session, col

from storage.db import insert_ignoring_conflicts, rows_matched
from storage.tables import (
    EarningsEntry,
    Reminder,
    ReminderStatus,
    Subscriber,
    SubscriberStatus,
    WatchlistEntry,
    table_of,
)


class DueCompany(NamedTuple):
    """A followed company on the list of the day it reports (as the list writes it)."""

    chat_id: int
    date: dt.date
    company: str
    timing: str | None


class ReminderPage(NamedTuple):
    """Active readers with a followed company reporting in the window, without a final
    reminder for that day yet: the readers (in chat id order) and their companies."""

    readers: list[Subscriber]
    companies: list[DueCompany]


def reminder_page(
    *,
    session: Session,
    issue_id: int,
    first_day: dt.date,
    last_day: dt.date,
    stale_before: dt.datetime,
    after_chat: int | None = None,
    limit: int = 500,
) -> ReminderPage:
    """Return up to `limit` readers (chat ids above `after_chat`) whose followed companies are
    on issue `issue_id`'s list between `first_day` and `last_day`, for days whose reminder is
    not yet claimed (or whose claim is older than `stale_before`)."""
    matched = (
        select(col(WatchlistEntry.chat_id), EarningsEntry)
        .join(EarningsEntry, col(EarningsEntry.company_folded) == WatchlistEntry.company_folded)
        .join(Subscriber, col(Subscriber.chat_id) == WatchlistEntry.chat_id)
        .outerjoin(
            Reminder,
            and_(
                col(Reminder.chat_id) == WatchlistEntry.chat_id,
                col(Reminder.day) == EarningsEntry.date,
            ),
        )
        .where(
            col(EarningsEntry.issue_id) == issue_id,
            col(EarningsEntry.date).between(first_day, last_day),
            col(Subscriber.status) == SubscriberStatus.ACTIVE.value,
            or_(
                col(Reminder.chat_id).is_(None),
                and_(
                    col(Reminder.status) == ReminderStatus.CLAIMED.value,
                    col(Reminder.claimed_at) < stale_before,
                ),
            ),
        )
    )
    if after_chat is not None:
        matched = matched.where(col(WatchlistEntry.chat_id) > after_chat)
    chats = select(matched.subquery().c.chat_id).distinct().order_by("chat_id").limit(limit)
    chat_ids = list(session.scalars(chats))
    if not chat_ids:
        return ReminderPage([], [])
    rows = session.execute(
        matched.where(col(WatchlistEntry.chat_id).in_(chat_ids)).order_by(
            col(WatchlistEntry.chat_id), col(EarningsEntry.date), col(EarningsEntry.position)
        )
    ).all()
    readers = session.scalars(
        select(Subscriber)
        .where(col(Subscriber.chat_id).in_(chat_ids))
        .order_by(col(Subscriber.chat_id))
    )
    companies = [DueCompany(chat_id, e.date, e.company, e.timing) for chat_id, e in rows]
    return ReminderPage(list(readers), companies)


def claim_reminder(
    *, session: Session, chat_id: int, day: dt.date, now: dt.datetime, stale_before: dt.datetime
) -> bool:
    """Claim the chat's reminder of `day`; False when another claim or a final row has it."""
    table = table_of(Reminder)
    values = {
        "chat_id": chat_id,
        "day": day,
        "status": ReminderStatus.CLAIMED.value,
        "claimed_at": now,
    }
    insert = insert_ignoring_conflicts(session, table).values(**values)
    if session.execute(insert.returning(table.c.chat_id)).first() is not None:
        return True
    taken = session.execute(
        update(Reminder)
        .where(
            col(Reminder.chat_id) == chat_id,
            col(Reminder.day) == day,
            col(Reminder.status) == ReminderStatus.CLAIMED.value,
            col(Reminder.claimed_at) < stale_before,
        )
        .values(claimed_at=now)
    )
    return rows_matched(taken) == 1


def finish_reminder(
    *, session: Session, chat_id: int, day: dt.date, status: ReminderStatus, now: dt.datetime
) -> None:
    """Mark a claimed reminder final: sent (at `now`), failed or blocked."""
    sent_at = now if status == ReminderStatus.SENT else None
    session.execute(
        update(Reminder)
        .where(col(Reminder.chat_id) == chat_id, col(Reminder.day) == day)
        .values(status=status.value, sent_at=sent_at)
    )


def release_reminder(*, session: Session, chat_id: int, day: dt.date) -> None:
    """Give a claim back (the send failed for a passing reason): the next round tries again."""
    session.execute(
        delete(Reminder).where(
            col(Reminder.chat_id) == chat_id,
            col(Reminder.day) == day,
            col(Reminder.status) == ReminderStatus.CLAIMED.value,
        )
    )


def reminder_status(*, session: Session, chat_id: int, day: dt.date) -> str | None:
    """Return the status of the chat's reminder of `day`, None without a row."""
    row = session.get(Reminder, (chat_id, day))
    return None if row is None else row.status


def delete_reminders(*, session: Session, chat_id: int) -> None:
    """Forget the chat's reminder ledger."""
    session.execute(delete(Reminder).where(col(Reminder.chat_id) == chat_id))
