"""The database schema: one SQLModel table class per stored concept.

Chat ids are `BigInteger`, timestamps `UTCDateTime` (aware UTC), states short strings (no
database enums: adding a state must not need a type migration). Constraint and index names
follow one naming convention so that later Alembic migrations (batch mode on SQLite) can
address them. The migration in `migrations/versions/` must stay equal to this metadata; a test
compares them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from storage.timestamps import UTCDateTime, utcnow

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class SubscriberStatus(StrEnum):
    """Where a chat stands: `new` pressed /start but never subscribed."""

    NEW = "new"
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    BLOCKED = "blocked"


class ChatKind(StrEnum):
    """What a chat is: a reader's private chat (or group), or the publisher's channel."""

    PRIVATE = "private"
    CHANNEL = "channel"


class BroadcastStatus(StrEnum):
    """The life of one issue's broadcast; `done` and `cancelled` are final."""

    SCHEDULED = "scheduled"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


class BroadcastTrigger(StrEnum):
    """Who started a broadcast."""

    SCHEDULE = "schedule"
    ADMIN = "admin"
    CLI = "cli"


class DeliveryStatus(StrEnum):
    """What happened to one message for one chat."""

    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


def _chat_id(**kwargs: Any) -> Any:
    return Field(sa_type=BigInteger, **kwargs)


def _time(nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, nullable=True)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


AUDIENCE_COLUMNS = ("status", "delivery_time", "timezone", "delivery_format", "sections", "chat_id")


class Subscriber(SQLModel, table=True):
    """A chat that talked to the bot; `referred_by` is who invited it (set only at creation)."""

    __tablename__ = "subscriber"
    __table_args__ = (
        Index(None, "status", "chat_id"),
        # The broadcast reads the readers of one delivery group (same time, zone, format and
        # sections) by chat id (migration 0008).
        Index("ix_subscriber_audience", *AUDIENCE_COLUMNS),
    )

    chat_id: int = _chat_id(primary_key=True, sa_column_kwargs={"autoincrement": False})
    first_name: str | None = Field(default=None, max_length=128)
    username: str | None = Field(default=None, max_length=64)
    language_code: str | None = Field(default=None, max_length=16)
    status: str = Field(default=SubscriberStatus.NEW.value, max_length=16)
    kind: str = Field(default=ChatKind.PRIVATE.value, max_length=16)  # migration 0003
    referral_code: str = Field(max_length=32, unique=True)
    referred_by: int | None = _chat_id(default=None, index=True)
    created_at: dt.datetime = _time()
    updated_at: dt.datetime = _time()
    subscribed_at: dt.datetime | None = _time(nullable=True)
    unsubscribed_at: dt.datetime | None = _time(nullable=True)
    blocked_at: dt.datetime | None = _time(nullable=True)
    # The reader's choices (migration 0008); None is the default (DEFAULT_FORMAT, every section,
    # BROADCAST_AT, TIMEZONE). `delivery_format` "full" | "compact"; `sections` the chosen
    # section kinds, comma-separated in `newsletter.choices.SECTION_CHOICES` order;
    # `delivery_time` "HH:MM" | "now" (as soon as the issue is released); `timezone` IANA.
    delivery_format: str | None = Field(default=None, max_length=16)
    sections: str | None = Field(default=None, max_length=64)
    delivery_time: str | None = Field(default=None, max_length=8)
    timezone: str | None = Field(default=None, max_length=64)


class Referral(SQLModel, table=True):
    """A credited referral: the primary key makes a chat count at most once."""

    __tablename__ = "referral"

    referred_chat_id: int = _chat_id(primary_key=True, sa_column_kwargs={"autoincrement": False})
    referrer_chat_id: int = _chat_id(index=True)
    created_at: dt.datetime = _time()


class IssueRecord(SQLModel, table=True):
    """An ingested issue's metadata; `key` identifies it across re-ingests."""

    __tablename__ = "issue"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    title: str
    subtitle: str | None = None
    author: str | None = None
    date: dt.date | None = Field(default=None, index=True)
    week: int | None = None
    year: int | None = None
    url: str | None = None
    words: int | None = None
    reading_minutes: int | None = None
    warnings: list[str] = Field(default_factory=list, sa_type=JSON)
    content_hash: str = Field(max_length=64)
    ingested_at: dt.datetime = _time()
    updated_at: dt.datetime = _time()
    approved_at: dt.datetime | None = _time(nullable=True)
    approved_by: int | None = _chat_id(default=None)
    # Review (migration 0003): problems that hold the issue until approved, an admin's hold,
    # and the content the admins last got a preview of.
    blocking: list[str] = Field(default_factory=list, sa_type=JSON)
    held_at: dt.datetime | None = _time(nullable=True)
    held_by: int | None = _chat_id(default=None)
    reviewed_hash: str | None = Field(default=None, max_length=64)
    reviewed_snapshot: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class IssueSection(SQLModel, table=True):
    """One rendered section; `messages` holds `Message.to_dict()` forms, in order."""

    __tablename__ = "issue_section"
    __table_args__ = (UniqueConstraint("issue_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", ondelete="CASCADE")
    position: int
    kind: str = Field(max_length=16)
    title: str
    markdown: str = Field(sa_type=Text)
    messages: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    search_text: str = Field(sa_type=Text)


class EarningsEntry(SQLModel, table=True):
    """One company's earnings date as listed in an issue."""

    __tablename__ = "earnings_entry"
    __table_args__ = (UniqueConstraint("issue_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", ondelete="CASCADE")
    position: int
    date: dt.date
    weekday: str = Field(max_length=32)
    company: str
    company_folded: str = Field(index=True)
    timing: str | None = Field(default=None, max_length=8)


class Broadcast(SQLModel, table=True):
    """The one broadcast of an issue (unique `issue_id`), its running totals and its lease."""

    __tablename__ = "broadcast"

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", unique=True, ondelete="CASCADE")
    status: str = Field(default=BroadcastStatus.SCHEDULED.value, max_length=16)
    trigger: str = Field(max_length=16)
    total_messages: int
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    progress_message_ids: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: dt.datetime = _time()
    started_at: dt.datetime | None = _time(nullable=True)
    finished_at: dt.datetime | None = _time(nullable=True)
    # The lease (migration 0002): which process sends, and when it last said it is alive.
    owner: str | None = Field(default=None, max_length=96)
    heartbeat_at: dt.datetime | None = _time(nullable=True)
    recipients: int | None = None  # active subscribers when the broadcast first started
    # What the broadcast sends (migration 0005): the issue's `to_dict()` when the broadcast was
    # created, replaced by the corrected content when a correction completes.
    snapshot: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    # The slot it is for (migration 0008): each reader gets it at their delivery time on this
    # slot's day, in their zone; None: every reader at once (/broadcast, broadcast --now).
    anchor_at: dt.datetime | None = _time(nullable=True)
    # Ledger compaction (migration 0009): when the ledger rows became `delivery_summary` rows,
    # and how many readers got each message (for corrections and statistics).
    compacted_at: dt.datetime | None = _time(nullable=True)
    index_counts: dict[str, int] | None = Field(default=None, sa_type=JSON)
    ids_dropped_at: dt.datetime | None = _time(nullable=True)  # corrections impossible since


class Delivery(SQLModel, table=True):
    """The ledger: one row per (broadcast, message index, chat), written once.

    The primary key's column order serves `pending_chats` (equality on broadcast and index,
    then a lookup by chat); the extra index on `chat_id` serves deleting and moving a chat.
    """

    __tablename__ = "delivery"

    broadcast_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("broadcast.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        )
    )
    message_index: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    chat_id: int = _chat_id(primary_key=True, index=True, sa_column_kwargs={"autoincrement": False})
    status: str = Field(max_length=16)
    telegram_message_id: int | None = _chat_id(default=None)
    error: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = _time()


class FeedState(SQLModel, table=True):
    """What the feed poller knows about FEED_URL between polls (migration 0003).

    `etag`/`last_modified` make the next request conditional; `item_digests` maps each item's
    link to a digest of its content, so an unchanged item is not rendered again; `failing_since`
    is set while the feed cannot be read (the admins were told once) and cleared when it works.
    """

    __tablename__ = "feed_state"

    url: str = Field(primary_key=True, max_length=2048)
    etag: str | None = Field(default=None, max_length=512)
    last_modified: str | None = Field(default=None, max_length=128)
    item_digests: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    polled_at: dt.datetime | None = _time(nullable=True)
    succeeded_at: dt.datetime | None = _time(nullable=True)
    failing_since: dt.datetime | None = _time(nullable=True)
    last_error: str | None = Field(default=None, max_length=300)


class Notice(SQLModel, table=True):
    """A notice the admins got once (e.g. "nothing was sent at the slot of 3 Feb"), by key."""

    __tablename__ = "notice"

    key: str = Field(primary_key=True, max_length=128)
    created_at: dt.datetime = _time()


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
    chat_id: int = _chat_id(index=True)
    kind: str = Field(max_length=16)
    at: dt.datetime = _time()
    last_issue_id: int | None = Field(default=None, foreign_key="issue.id", ondelete="SET NULL")


class Correction(SQLModel, table=True):
    """Editing a sent issue's changed messages in place, for every chat that got them.

    `open_for` holds the broadcast id while the correction is unfinished and NULL afterwards:
    its unique key lets a broadcast have only one unfinished correction (pressing the button
    twice, or two admins at once, start one). `target` is the issue's `to_dict()` the messages
    are corrected to. Status, counters and lease work like the broadcast's.
    """

    __tablename__ = "correction"

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", ondelete="CASCADE")
    broadcast_id: int = Field(foreign_key="broadcast.id", index=True, ondelete="CASCADE")
    open_for: int | None = Field(default=None, unique=True)
    status: str = Field(default=BroadcastStatus.SCHEDULED.value, max_length=16)
    target: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    target_hash: str = Field(max_length=64)
    expected: int | None = None  # delivered messages to edit, counted when it first started
    edited: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    progress_message_ids: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: dt.datetime = _time()
    started_at: dt.datetime | None = _time(nullable=True)
    finished_at: dt.datetime | None = _time(nullable=True)
    owner: str | None = Field(default=None, max_length=96)
    heartbeat_at: dt.datetime | None = _time(nullable=True)


class EditStatus(StrEnum):
    """What happened to one message of one chat in a correction."""

    EDITED = "edited"
    UNCHANGED = "unchanged"  # Telegram: "message is not modified" (already right)
    SKIPPED = "skipped"  # the chat or the message is gone, or it cannot be edited
    FAILED = "failed"


class CorrectionEdit(SQLModel, table=True):
    """The correction's ledger: one row per (correction, message index, chat), written once."""

    __tablename__ = "correction_edit"

    correction_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("correction.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        )
    )
    message_index: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    chat_id: int = _chat_id(primary_key=True, index=True, sa_column_kwargs={"autoincrement": False})
    status: str = Field(max_length=16)
    error: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = _time()


class WatchlistEntry(SQLModel, table=True):
    """A company a reader follows (migration 0007): the name as shown, and folded for matching
    against `earnings_entry.company_folded`; a chat follows each folded name at most once."""

    __tablename__ = "watchlist_entry"
    __table_args__ = (
        UniqueConstraint("chat_id", "company_folded"),
        Index(None, "company_folded"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = _chat_id()
    company: str
    company_folded: str
    created_at: dt.datetime = _time()


class ReminderStatus(StrEnum):
    """Where one day's reminder for one chat stands; only `claimed` may be taken over."""

    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


class Reminder(SQLModel, table=True):
    """The reminder ledger (migration 0007): one row per chat and (local) day, claimed before
    the reminder is sent and marked after, so no day is reminded twice."""

    __tablename__ = "reminder"

    chat_id: int = _chat_id(primary_key=True, sa_column_kwargs={"autoincrement": False})
    day: dt.date = Field(primary_key=True)
    status: str = Field(default=ReminderStatus.CLAIMED.value, max_length=16)
    claimed_at: dt.datetime = _time()
    sent_at: dt.datetime | None = _time(nullable=True)


class LeaderLease(SQLModel, table=True):
    """Which instance leads (migration 0006): one row per role, claimed in one conditional
    UPDATE like the broadcast lease; `term` grows with every change of leader."""

    __tablename__ = "leader_lease"

    name: str = Field(primary_key=True, max_length=32)
    owner: str | None = Field(default=None, max_length=96)
    mode: str | None = Field(default=None, max_length=16)  # "webhook" or "polling"
    term: int = 0
    elected_at: dt.datetime | None = _time(nullable=True)
    heartbeat_at: dt.datetime | None = _time(nullable=True)


class WebhookUpdate(SQLModel, table=True):
    """An update a webhook delivered (migration 0006): Telegram's retry of it, on whichever
    instance, is recognised and processed once. Pruned by age."""

    __tablename__ = "webhook_update"

    update_id: int = _chat_id(primary_key=True, sa_column_kwargs={"autoincrement": False})
    received_at: dt.datetime = Field(
        default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True
    )


class DeliverySummary(SQLModel, table=True):
    """The compacted ledger of a finished broadcast (migration 0009): one row per chat instead of
    one per message. `sent`/`failed` count its messages, `blocked` whether a message found the
    chat gone; `messages` ("index:telegram message id" pairs, comma-separated) lets a correction
    edit them, and is dropped once a correction no longer makes sense."""

    __tablename__ = "delivery_summary"

    broadcast_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("broadcast.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        )
    )
    chat_id: int = _chat_id(primary_key=True, index=True, sa_column_kwargs={"autoincrement": False})
    sent: int = Field(default=0, sa_type=SmallInteger)
    failed: int = Field(default=0, sa_type=SmallInteger)
    blocked: bool = False
    messages: str | None = Field(default=None, sa_type=Text)


class ReferralTally(SQLModel, table=True):
    """How many referrals each inviter has (migration 0009), kept with every credit, so the
    leaderboard and a reader's rank never scan all referrals. `reached_at`: when the count was
    reached (the earlier ranks first among equals)."""

    __tablename__ = "referral_tally"
    __table_args__ = (Index(None, "count", "reached_at"),)

    chat_id: int = _chat_id(primary_key=True, sa_column_kwargs={"autoincrement": False})
    count: int = 0
    reached_at: dt.datetime = _time()
