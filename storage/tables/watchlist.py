"""The earnings watchlist and the reminder ledger."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.tables.base import chat_id_field, time_field


class WatchlistEntry(SQLModel, table=True):
    """A company a reader follows (migration 0007): the name as shown, and folded for matching
    against `earnings_entry.company_folded`; a chat follows each folded name at most once."""

    __tablename__ = "watchlist_entry"
    __table_args__ = (
        UniqueConstraint("chat_id", "company_folded"),
        Index(None, "company_folded"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = chat_id_field()
    company: str
    company_folded: str
    created_at: dt.datetime = time_field()


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

    chat_id: int = chat_id_field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    day: dt.date = Field(primary_key=True)
    status: str = Field(default=ReminderStatus.CLAIMED.value, max_length=16)
    claimed_at: dt.datetime = time_field()
    sent_at: dt.datetime | None = time_field(nullable=True)
