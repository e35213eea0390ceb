"""Notices the admins get once: a key per notice, written with the notice (insert-or-ignore)."""

from __future__ import annotations

from sqlmodel import Session

from storage.db import insert_ignoring_conflicts
from storage.tables import Notice, table_of
from storage.tables.timestamps import utcnow

KEY_CHARS = 128


def note_once(*, session: Session, key: str) -> bool:
    """Record the notice `key`; True the first time (give the notice), False after that."""
    table = table_of(Notice)
    insert = insert_ignoring_conflicts(session, table).values(
        key=key[:KEY_CHARS], created_at=utcnow()
    )
    return session.execute(insert.returning(table.c.key)).first() is not None


def noted(*, session: Session, key: str) -> bool:
    """Whether the notice `key` was recorded."""
    return session.get(Notice, key[:KEY_CHARS]) is not None
