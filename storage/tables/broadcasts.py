"""Broadcasts: one per issue, its ledger (one row per reader and message) and the compacted
ledger."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, SmallInteger, Text
from sqlmodel import Field, SQLModel

from storage.tables.base import chat_id_field, time_field
from storage.tables.runs import RunColumns, chat_key, index_key, ledger_key


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


class Broadcast(RunColumns, table=True):
    """The one broadcast of an issue (unique `issue_id`), its running totals; its status,
    progress messages and lease are a run's (`RunColumns`)."""

    __tablename__ = "broadcast"

    issue_id: int = Field(foreign_key="issue.id", unique=True, ondelete="CASCADE")
    trigger: str = Field(max_length=16)
    total_messages: int
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    recipients: int | None = None  # active subscribers when the broadcast first started
    # What the broadcast sends (migration 0005): the issue's `to_dict()` when the broadcast was
    # created, replaced by the corrected content when a correction completes.
    snapshot: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    # The slot it is for (migration 0008): each reader gets it at their delivery time on this
    # slot's day, in their zone; None: every reader at once (/broadcast, broadcast --now).
    anchor_at: dt.datetime | None = time_field(nullable=True)
    # Ledger compaction (migration 0009): when the ledger rows became `delivery_summary` rows,
    # and how many readers got each message (for corrections and statistics).
    compacted_at: dt.datetime | None = time_field(nullable=True)
    index_counts: dict[str, int] | None = Field(default=None, sa_type=JSON)
    ids_dropped_at: dt.datetime | None = time_field(nullable=True)  # corrections impossible since


class Delivery(SQLModel, table=True):
    """The ledger: one row per (broadcast, message index, chat), written once.

    The primary key's column order serves `pending_chats` (equality on broadcast and index,
    then a lookup by chat); the extra index on `chat_id` serves deleting and moving a chat.
    """

    __tablename__ = "delivery"

    broadcast_id: int = ledger_key("broadcast")
    message_index: int = index_key()
    chat_id: int = chat_key()
    status: str = Field(max_length=16)
    telegram_message_id: int | None = chat_id_field(default=None)
    error: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = time_field()


class DeliverySummary(SQLModel, table=True):
    """The compacted ledger of a finished broadcast (migration 0009): one row per chat instead of
    one per message. `sent`/`failed` count its messages, `blocked` whether a message found the
    chat gone; `messages` ("index:telegram message id" pairs, comma-separated) lets a correction
    edit them, and is dropped once a correction no longer makes sense."""

    __tablename__ = "delivery_summary"

    broadcast_id: int = ledger_key("broadcast")
    chat_id: int = chat_key()
    sent: int = Field(default=0, sa_type=SmallInteger)
    failed: int = Field(default=0, sa_type=SmallInteger)
    blocked: bool = False
    messages: str | None = Field(default=None, sa_type=Text)
