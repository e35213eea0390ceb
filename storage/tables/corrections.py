"""Corrections: editing a sent issue's changed messages in place, with their own ledger."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from storage.tables.base import chat_id_field, time_field
from storage.tables.broadcasts import BroadcastStatus


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
    created_at: dt.datetime = time_field()
    started_at: dt.datetime | None = time_field(nullable=True)
    finished_at: dt.datetime | None = time_field(nullable=True)
    owner: str | None = Field(default=None, max_length=96)
    heartbeat_at: dt.datetime | None = time_field(nullable=True)


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
    chat_id: int = chat_id_field(
        primary_key=True, index=True, sa_column_kwargs={"autoincrement": False}
    )
    status: str = Field(max_length=16)
    error: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = time_field()
