"""Issues: an ingested issue, its rendered sections and its earnings rows."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.tables.base import chat_id_field, time_field


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
    ingested_at: dt.datetime = time_field()
    updated_at: dt.datetime = time_field()
    approved_at: dt.datetime | None = time_field(nullable=True)
    approved_by: int | None = chat_id_field(default=None)
    # Review (migration 0003): problems that hold the issue until approved, an admin's hold,
    # and the content the admins last got a preview of.
    blocking: list[str] = Field(default_factory=list, sa_type=JSON)
    held_at: dt.datetime | None = time_field(nullable=True)
    held_by: int | None = chat_id_field(default=None)
    reviewed_hash: str | None = Field(default=None, max_length=64)
    reviewed_snapshot: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class IssueSection(SQLModel, table=True):
    """One rendered section; `messages` holds `Message.to_dict()` forms, in order;
    `search_length` is its number of words in the search index (`storage.tables.search`)."""

    __tablename__ = "issue_section"
    __table_args__ = (UniqueConstraint("issue_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", ondelete="CASCADE")
    position: int
    kind: str = Field(max_length=16)
    title: str
    markdown: str = Field(sa_type=Text)
    messages: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    search_length: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


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


class ReadershipKind(StrEnum):
    """How a section was read: `opened` (its button under the compact issue was tapped) or
    `shared` (it was picked from an inline answer, `@bot …`, to send into another chat)."""

    OPENED = "opened"
    SHARED = "shared"


class SectionReadership(SQLModel, table=True):
    """How often a section of an issue was opened or shared (migration 0011): a counter per
    (issue, section position, kind), never who: no chat ids are kept."""

    __tablename__ = "section_readership"

    issue_id: int = Field(
        foreign_key="issue.id",
        ondelete="CASCADE",
        primary_key=True,
        sa_column_kwargs={"autoincrement": False},
    )
    section_position: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    kind: str = Field(primary_key=True, max_length=16)
    count: int = 0
