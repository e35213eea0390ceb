"""What the rows of a long run share (a broadcast, a correction): their state, lease and ledger.

A run's row (`RunColumns`) has a status (`RunStatus`: scheduled → running ⇄ paused → done, or
cancelled), the admins' progress messages, its last error, its times and the lease of the
process that works on it (`owner` + `heartbeat_at`, see `storage.leases`). A run's ledger has
one row per (run, message index, chat), written once; `ledger_key`, `index_key` and `chat_key`
are its key columns, in the order the primary key has them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from storage.tables.base import chat_id_field, time_field


class BroadcastStatus(StrEnum):
    """The life of a run (an issue's broadcast, a correction); `done` and `cancelled` are
    final."""

    SCHEDULED = "scheduled"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


class RunColumns(SQLModel):
    """The columns every run's table has (a mixin: each table gets columns of its own)."""

    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default=BroadcastStatus.SCHEDULED.value, max_length=16)
    progress_message_ids: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: dt.datetime = time_field()
    started_at: dt.datetime | None = time_field(nullable=True)
    finished_at: dt.datetime | None = time_field(nullable=True)
    # The lease (migration 0002): which process works on it, and when it last said it is alive.
    owner: str | None = Field(default=None, max_length=96)
    heartbeat_at: dt.datetime | None = time_field(nullable=True)


def ledger_key(run_table: str) -> Any:
    """A ledger's first key column: the run its row belongs to (deleted with the run)."""
    return Field(
        sa_column=Column(
            Integer,
            ForeignKey(f"{run_table}.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        )
    )


def index_key() -> Any:
    """A ledger's message index key column."""
    return Field(primary_key=True, sa_column_kwargs={"autoincrement": False})


def chat_key() -> Any:
    """A ledger's chat key column (indexed of its own, for deleting and moving a chat)."""
    return chat_id_field(primary_key=True, index=True, sa_column_kwargs={"autoincrement": False})
