"""Groups and supergroups that subscribed: the forum topic a subscription is for, and how many
there are (their members are no readers; `storage.subscribers` keeps them like any chat, of kind
`group` or `supergroup`)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import func, select
from sqlmodel import Session, col

from storage.tables import GROUP_KINDS, Subscriber, SubscriberStatus
from storage.tables.timestamps import utcnow


class GroupCounts(NamedTuple):
    """Groups and supergroups that receive the newsletter, and how many of them in a forum
    topic (their members are no readers)."""

    groups: int
    topics: int


def count_groups(*, session: Session) -> GroupCounts:
    """Return how many groups are subscribed, and how many of those for a forum topic."""
    query = select(func.count(), func.count(col(Subscriber.message_thread_id))).where(
        col(Subscriber.status) == SubscriberStatus.ACTIVE.value,
        col(Subscriber.kind).in_(GROUP_KINDS),
    )
    groups, topics = session.execute(query).one()
    return GroupCounts(groups or 0, topics or 0)


def set_thread(*, session: Session, chat_id: int, thread: int | None) -> bool:
    """Make the chat's subscription one for forum topic `thread` (None: General, or no forum);
    return whether this changed it."""
    subscriber = session.get(Subscriber, chat_id)
    if subscriber is None or subscriber.message_thread_id == thread:
        return False
    subscriber.message_thread_id = thread
    subscriber.updated_at = utcnow()
    session.flush()
    return True
