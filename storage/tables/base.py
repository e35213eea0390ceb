"""What every table shares: the constraint naming convention and the column helpers.

Chat ids are `BigInteger`, timestamps `UTCDateTime` (aware UTC). Constraint and index names
follow one naming convention so that later Alembic migrations (batch mode on SQLite) can
address them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Table
from sqlmodel import Field, SQLModel

from storage.tables.timestamps import UTCDateTime, utcnow

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def chat_id_field(**kwargs: Any) -> Any:
    """A chat id column (`BigInteger`)."""
    return Field(sa_type=BigInteger, **kwargs)


def time_field(nullable: bool = False) -> Any:
    """An aware UTC time column: now by default, or nullable (None)."""
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, nullable=True)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def table_of(model: type[SQLModel]) -> Table:
    """The model's table (`Model.__table__`, which SQLModel sets but does not declare)."""
    table: Table = model.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass
    return table
