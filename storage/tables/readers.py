"""Readers: who talks to the bot, their choices, referrals and the readers' history."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from storage.tables.base import chat_id_field, time_field


class SubscriberStatus(StrEnum):
    """Where a chat stands: `new` pressed /start but never subscribed; `sharer` shared the
    newsletter in inline mode (`@bot …`) without ever starting the bot: it has an invite code
    and nothing else, and is no reader (/start makes it `new`, as if it had just come)."""

    NEW = "new"
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    BLOCKED = "blocked"
    SHARER = "sharer"


class ChatKind(StrEnum):
    """What a chat is: a reader's private chat, a group or supergroup that subscribed (its
    members are no readers), or the publisher's channel."""

    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"


GROUP_KINDS = frozenset({ChatKind.GROUP.value, ChatKind.SUPERGROUP.value})
# The broadcast reads the chats of one delivery group (same time, zone, format, sections and
# forum topic) by chat id (migrations 0008, 0011).
AUDIENCE_COLUMNS = (
    "status",
    "delivery_time",
    "timezone",
    "delivery_format",
    "sections",
    "message_thread_id",
    "chat_id",
)


class Subscriber(SQLModel, table=True):
    """A chat that talked to the bot; `referred_by` is who invited it (set only at creation)."""

    __tablename__ = "subscriber"
    __table_args__ = (
        Index(None, "status", "chat_id"),
        Index("ix_subscriber_audience", *AUDIENCE_COLUMNS),
    )

    chat_id: int = chat_id_field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    first_name: str | None = Field(default=None, max_length=128)
    username: str | None = Field(default=None, max_length=64)
    language_code: str | None = Field(default=None, max_length=16)
    status: str = Field(default=SubscriberStatus.NEW.value, max_length=16)
    kind: str = Field(default=ChatKind.PRIVATE.value, max_length=16)  # migration 0003
    referral_code: str = Field(max_length=32, unique=True)
    referred_by: int | None = chat_id_field(default=None, index=True)
    created_at: dt.datetime = time_field()
    updated_at: dt.datetime = time_field()
    subscribed_at: dt.datetime | None = time_field(nullable=True)
    unsubscribed_at: dt.datetime | None = time_field(nullable=True)
    blocked_at: dt.datetime | None = time_field(nullable=True)
    # The reader's choices (migration 0008); None is the default (DEFAULT_FORMAT, every section,
    # BROADCAST_AT, TIMEZONE). `delivery_format` "full" | "compact"; `sections` the chosen
    # section kinds, comma-separated in `newsletter.choices.SECTION_CHOICES` order;
    # `delivery_time` "HH:MM" | "now" (as soon as the issue is released); `timezone` IANA.
    delivery_format: str | None = Field(default=None, max_length=16)
    sections: str | None = Field(default=None, max_length=64)
    delivery_time: str | None = Field(default=None, max_length=8)
    timezone: str | None = Field(default=None, max_length=64)
    # The forum topic a group's subscription is for (migration 0011): every issue goes there
    # (`message_thread_id` of Telegram's topic); None: the General topic, or no forum.
    message_thread_id: int | None = None


class Referral(SQLModel, table=True):
    """A credited referral: the primary key makes a chat count at most once."""

    __tablename__ = "referral"

    referred_chat_id: int = chat_id_field(
        primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    referrer_chat_id: int = chat_id_field(index=True)
    created_at: dt.datetime = time_field()


class ReferralTally(SQLModel, table=True):
    """How many referrals each inviter has (migration 0009), kept with every credit, so the
    leaderboard and a reader's rank never scan all referrals. `reached_at`: when the count was
    reached (the earlier ranks first among equals)."""

    __tablename__ = "referral_tally"
    __table_args__ = (Index(None, "count", "reached_at"),)

    chat_id: int = chat_id_field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    count: int = 0
    reached_at: dt.datetime = time_field()


class ReaderEventKind(StrEnum):
    """A change in who reads the newsletter.

    `joined`: a chat subscribed for the first time; `returned`: a former reader subscribed
    again; `unsubscribed`: a reader stopped the deliveries; `blocked`: a reader blocked the bot
    (or their chat is gone). Changes of chats that were no readers (a `new` chat that blocks
    the bot, a former reader who blocks it later) are not reader events.
    """

    JOINED = "joined"
    RETURNED = "returned"
    UNSUBSCRIBED = "unsubscribed"
    BLOCKED = "blocked"


class ReaderEvent(SQLModel, table=True):
    """The readers' history (migration 0004): one row per reader event, at its time (UTC).

    `last_issue_id` is the issue the reader last received when they left (`unsubscribed`,
    `blocked`), None on arrivals and for readers who never received one: the churn per issue.
    """

    __tablename__ = "reader_event"
    __table_args__ = (Index(None, "at", "kind"), Index(None, "last_issue_id", "at"))

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = chat_id_field(index=True)
    kind: str = Field(max_length=16)
    at: dt.datetime = time_field()
    last_issue_id: int | None = Field(default=None, foreign_key="issue.id", ondelete="SET NULL")
