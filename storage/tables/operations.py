"""Operations: the leader lease and the webhook updates already taken."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from storage.tables.base import chat_id_field, time_field
from storage.tables.timestamps import UTCDateTime, utcnow


class LeaderLease(SQLModel, table=True):
    """Which instance leads (migration 0006): one row per role, claimed in one conditional
    UPDATE like the broadcast lease; `term` grows with every change of leader."""

    __tablename__ = "leader_lease"

    name: str = Field(primary_key=True, max_length=32)
    owner: str | None = Field(default=None, max_length=96)
    mode: str | None = Field(default=None, max_length=16)  # "webhook" or "polling"
    term: int = 0
    elected_at: dt.datetime | None = time_field(nullable=True)
    heartbeat_at: dt.datetime | None = time_field(nullable=True)


class WebhookUpdate(SQLModel, table=True):
    """An update a webhook delivered (migration 0006): Telegram's retry of it, on whichever
    instance, is recognised and processed once. Pruned by age."""

    __tablename__ = "webhook_update"

    update_id: int = chat_id_field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    received_at: dt.datetime = Field(
        default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True
    )
