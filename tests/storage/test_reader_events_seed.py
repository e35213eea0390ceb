"""Migration 0004 seeds the readers' history from what an existing installation knows."""

import datetime as dt

from alembic import command
from sqlalchemy import Engine, insert, select

from storage.db import alembic_config, migrate, session_scope
from storage.deliveries import DeliveryRow, record_deliveries
from storage.tables import Broadcast, ReaderEvent, Subscriber
from tests.storage.factories import issue
from tests.storage.old_schema import store_as_of_old

T = dt.datetime(2025, 2, 3, 6, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _subscriber(chat_id: int, status: str, **stamps: dt.datetime) -> dict:
    return {
        "chat_id": chat_id,
        "status": status,
        "referral_code": f"seed{chat_id}",
        "created_at": T - 30 * DAY,
        "updated_at": T,
        "subscribed_at": None,
        "unsubscribed_at": None,
        "blocked_at": None,
        **stamps,
    }


def _old_broadcast(session, issue_id: int) -> int:
    """A broadcast row as revision 0003 has them (the ORM class knows later columns)."""
    table = Broadcast.__table__
    values = {
        "issue_id": issue_id, "status": "done", "trigger": "cli", "total_messages": 1,
        "sent": 0, "blocked": 0, "failed": 0, "progress_message_ids": {}, "created_at": T,
    }  # fmt: skip
    return session.execute(insert(table).values(values).returning(table.c.id)).scalar_one()


def test_upgrade_seeds_joins_and_leaves_with_the_last_issue_from_the_ledger(
    engine: Engine,
) -> None:
    _downgrade(engine, "0003")  # the revision before 0004
    with session_scope(engine) as session:
        rows = [
            _subscriber(1, "active", subscribed_at=T - 9 * DAY),
            _subscriber(2, "unsubscribed", subscribed_at=T - 20 * DAY, unsubscribed_at=T - DAY),
            _subscriber(3, "blocked", subscribed_at=T - 8 * DAY, blocked_at=T + DAY),
            _subscriber(4, "new"),
            _subscriber(5, "blocked", blocked_at=T),  # never subscribed: no reader
            # came back: only the last subscription is known
            _subscriber(6, "active", subscribed_at=T, unsubscribed_at=T - 2 * DAY),
        ]
        session.execute(insert(Subscriber.__table__), rows)
        ids = {}
        for week in (5, 6):
            ids[week] = store_as_of_old(session, issue(week))
            broadcast_id = _old_broadcast(session, ids[week])
            sent = [DeliveryRow(broadcast_id, chat_id, 0, "sent") for chat_id in (1, 2, 3)]
            record_deliveries(session=session, rows=sent if week == 5 else sent[::2])
    migrate(engine)
    with session_scope(engine) as session:
        query = select(
            ReaderEvent.chat_id, ReaderEvent.kind, ReaderEvent.at, ReaderEvent.last_issue_id
        )
        seeded = sorted(tuple(row) for row in session.execute(query))
    assert seeded == [
        (1, "joined", T - 9 * DAY, None),
        (2, "joined", T - 20 * DAY, None),
        (2, "unsubscribed", T - DAY, ids[5]),  # got KW5 only
        (3, "blocked", T + DAY, ids[6]),
        (3, "joined", T - 8 * DAY, None),
        (6, "joined", T, None),
    ]
