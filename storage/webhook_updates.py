"""Updates a webhook delivered: the record that makes Telegram's retries harmless.

Telegram delivers an update again when it did not get a 2xx answer in time, and behind a load
balancer the retry may reach another instance. `claim_update` inserts the update_id (insert,
ignore conflicts) and tells whether this call was first: only the first one processes it.
`prune_updates` deletes what is older than Telegram's retrying can be.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlmodel import Session

from storage.db import insert_ignoring_conflicts, rows_matched
from storage.tables import WebhookUpdate, table_of
from storage.tables.timestamps import utcnow


def claim_update(*, session: Session, update_id: int) -> bool:
    """Note that update `update_id` arrived; True when it is new (process it), False for a
    repeated delivery."""
    table = table_of(WebhookUpdate)
    insert = insert_ignoring_conflicts(session, table).values(
        update_id=update_id, received_at=utcnow()
    )
    return session.execute(insert.returning(table.c.update_id)).first() is not None


def forget_update(*, session: Session, update_id: int) -> None:
    """Drop the note again (the update could not be taken: its retry must be processed)."""
    table = table_of(WebhookUpdate)
    session.execute(delete(table).where(table.c.update_id == update_id))


def prune_updates(*, session: Session, before: dt.datetime) -> int:
    """Delete notes of updates received before `before`; return how many."""
    table = table_of(WebhookUpdate)
    return rows_matched(session.execute(delete(table).where(table.c.received_at < before)))
