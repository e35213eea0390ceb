"""Corrections: editing a sent issue's changed messages in place, with their own ledger."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.tables.base import time_field
from storage.tables.runs import RunColumns, chat_key, index_key, ledger_key


class Correction(RunColumns, table=True):
    """Editing a sent issue's changed messages in place, for every chat that got them.

    `open_for` holds the broadcast id while the correction is unfinished and NULL afterwards:
    its unique key lets a broadcast have only one unfinished correction (pressing the button
    twice, or two admins at once, start one). `target` is the issue's `to_dict()` the messages
    are corrected to. Status, progress messages and lease are a run's (`RunColumns`), like the
    broadcast's.
    """

    __tablename__ = "correction"

    issue_id: int = Field(foreign_key="issue.id", ondelete="CASCADE")
    broadcast_id: int = Field(foreign_key="broadcast.id", index=True, ondelete="CASCADE")
    open_for: int | None = Field(default=None, unique=True)
    target: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    target_hash: str = Field(max_length=64)
    expected: int | None = None  # delivered messages to edit, counted when it first started
    edited: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0


class EditStatus(StrEnum):
    """What happened to one message of one chat in a correction."""

    EDITED = "edited"
    UNCHANGED = "unchanged"  # Telegram: "message is not modified" (already right)
    SKIPPED = "skipped"  # the chat or the message is gone, or it cannot be edited
    FAILED = "failed"


class CorrectionEdit(SQLModel, table=True):
    """The correction's ledger: one row per (correction, message index, chat), written once."""

    __tablename__ = "correction_edit"

    correction_id: int = ledger_key("correction")
    message_index: int = index_key()
    chat_id: int = chat_key()
    status: str = Field(max_length=16)
    error: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = time_field()
