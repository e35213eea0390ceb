"""Referrals: who brought whom, counted once per invited chat.

The rules, enforced here and in `get_or_create_subscriber`:
- the inviter is noted only when a chat is created by `/start ref_<code>` (first link wins;
  a chat the bot already knew never gets one, so no later link changes anything);
- `credit_referral` counts it when that chat is subscribed, at most once per chat (the
  `referral` table's primary key is the invited chat), never for oneself, and not when the
  inviter has deleted their data meanwhile. Unsubscribing later does not take it back;
- an inviter who blocked or left the bot still gets the credit: the friend did join.
- `delete_chat_data` removes the rows of the deleted chat on both sides, so an invited reader
  who deletes their data no longer counts for the inviter (nothing about them is kept).

Each inviter's count is kept in `referral_tally` (`recount_referrals` after every change), so
a rank and the leaderboard read a few index entries instead of counting every referral.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import func, select
from sqlmodel import Session, col

from storage.tables import Referral, ReferralTally, Subscriber, SubscriberStatus
from storage.tables.timestamps import utcnow


class ReferrerStanding(NamedTuple):
    """One line of the leaderboard; the handler decides how much of the name to show."""

    rank: int
    first_name: str | None
    username: str | None
    count: int  # type: ignore[assignment]  # a field may shadow tuple.count; mypy says no


def credit_referral(*, session: Session, chat_id: int) -> int | None:
    """Credit the chat's inviter once, if the chat is subscribed; return the inviter's chat id.

    Returns None when there is nothing (more) to credit: no inviter, not subscribed, already
    credited, self-invitation, or the inviter's data is gone.
    """
    subscriber = session.get(Subscriber, chat_id)
    if subscriber is None or subscriber.referred_by is None:
        return None
    if subscriber.status != SubscriberStatus.ACTIVE or subscriber.referred_by == chat_id:
        return None
    if session.get(Referral, chat_id) is not None:
        return None
    inviter = session.get(Subscriber, subscriber.referred_by)
    if inviter is None:
        return None
    session.add(Referral(referred_chat_id=chat_id, referrer_chat_id=inviter.chat_id))
    session.flush()
    recount_referrals(session=session, chat_ids=[inviter.chat_id])
    return inviter.chat_id


def recount_referrals(*, session: Session, chat_ids: Iterable[int]) -> None:
    """Bring the tally of these inviters in line with the `referral` table (a changed count
    is reached now; no referrals: no tally row)."""
    for chat_id in set(chat_ids):
        count = (
            session.scalar(select(func.count()).where(col(Referral.referrer_chat_id) == chat_id))
            or 0
        )
        tally = session.get(ReferralTally, chat_id)
        if count == 0:
            if tally is not None:
                session.delete(tally)
        elif tally is None:
            session.add(ReferralTally(chat_id=chat_id, count=count, reached_at=utcnow()))
        elif tally.count != count:
            tally.count, tally.reached_at = count, utcnow()
    session.flush()


def referral_count(*, session: Session, chat_id: int) -> int:
    """Return how many invited chats have been credited to `chat_id`."""
    tally = session.get(ReferralTally, chat_id)
    return tally.count if tally is not None else 0


def referral_rank(*, session: Session, chat_id: int) -> int | None:
    """Return the chat's 1-based place among inviters (ties share it), None without referrals."""
    mine = referral_count(session=session, chat_id=chat_id)
    if mine == 0:
        return None
    better = select(func.count()).where(col(ReferralTally.count) > mine)
    return (session.scalar(better) or 0) + 1


def top_referrers(*, session: Session, limit: int = 10) -> list[ReferrerStanding]:
    """Return the best inviters, most referrals first (earlier to reach the count first).

    Ties share a rank ("1, 1, 3"). Chat ids are not returned.
    """
    query = (
        select(col(Subscriber.first_name), col(Subscriber.username), col(ReferralTally.count))
        .join(Subscriber, col(Subscriber.chat_id) == ReferralTally.chat_id)
        .order_by(
            col(ReferralTally.count).desc(),
            col(ReferralTally.reached_at),
            col(ReferralTally.chat_id),
        )
        .limit(limit)
    )
    standings: list[ReferrerStanding] = []
    for position, (first_name, username, total) in enumerate(session.execute(query), start=1):
        rank = standings[-1].rank if standings and standings[-1].count == total else position
        standings.append(ReferrerStanding(rank, first_name, username, total))
    return standings


def count_referrals(*, session: Session, since: dt.datetime | None = None) -> int:
    """Return how many referrals were credited in total, or since `since`."""
    query = select(func.count()).select_from(Referral)
    if since is not None:
        query = query.where(col(Referral.created_at) >= since)
    return session.scalar(query) or 0
