"""The publisher's channel (CHANNEL_ID) as a chat of the broadcast ledger, like a reader.

It is a `subscriber` row of kind `channel`: active while the bot may post there, so the broadcast
sends it every issue once and records it; blocked while it may not, so the readers still get the
issue. Only one channel is active: switching CHANNEL_ID retires the old one.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from storage.subscribers import new_referral_code
from storage.tables import ChatKind, Subscriber, SubscriberStatus
from storage.tables.timestamps import utcnow


def upsert_channel(*, session: Session, chat_id: int, title: str | None, can_post: bool) -> None:
    """Record the channel and whether the bot may post there; retire other channels."""
    now = utcnow()
    for other in channel_chats(session=session):
        if other.chat_id != chat_id and other.status == SubscriberStatus.ACTIVE:
            other.status, other.unsubscribed_at, other.updated_at = "unsubscribed", now, now
    row = session.get(Subscriber, chat_id)
    if row is None:
        row = Subscriber(chat_id=chat_id, referral_code=new_referral_code(), created_at=now)
        session.add(row)
    row.kind = ChatKind.CHANNEL.value
    row.first_name = (title or "")[:128] or None
    status = SubscriberStatus.ACTIVE if can_post else SubscriberStatus.BLOCKED
    if row.status != status:
        row.status = status.value
        if can_post:
            row.subscribed_at = now
        else:
            row.blocked_at = now
    row.updated_at = now
    session.flush()


def channel_chats(*, session: Session) -> list[Subscriber]:
    """Every channel the bot was ever asked to post to."""
    query = select(Subscriber).where(col(Subscriber.kind) == ChatKind.CHANNEL.value)
    return list(session.scalars(query))
