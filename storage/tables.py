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


class Subscriber(SQLModel, table=True):
    """A chat that talked to the bot; `referred_by` is who invited it (set only at creation)."""

    __tablename__ = "subscriber"
    __table_args__ = (Index(None, "status", "chat_id"),)

    chat_id: int = _chat_id(primary_key=True, sa_column_kwargs={"autoincrement": False})
    first_name: str | None = Field(default=None, max_length=128)
    username: str | None = Field(default=None, max_length=64)
    language_code: str | None = Field(default=None, max_length=16)
    status: str = Field(default=SubscriberStatus.NEW.value, max_length=16)
    referral_code: str = Field(max_length=32, unique=True)
    referred_by: int | None = _chat_id(default=None, index=True)
    created_at: dt.datetime = _time()
    updated_at: dt.datetime = _time()
    subscribed_at: dt.datetime | None = _time(nullable=True)
    unsubscribed_at: dt.datetime | None = _time(nullable=True)
    blocked_at: dt.datetime | None = _time(nullable=True)


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
