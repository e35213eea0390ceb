"""A broadcast interrupted late, for `bench/scale.py`: how long its resumption takes to send.

`interrupted_broadcast` writes the ledger a crash in the last round leaves behind: every
active reader has every message of their plan (their delivery group's, `bot.broadcast.groups`)
but the last, and the readers in the lower half of the chat ids have that one too. The
broadcast is `running` without a sender, as after a `kill -9` once the lease is free. A resumed
run (`bench/scale_broadcast.py` on its issue) must look through the ledger, skip everything
done and send the last message to the upper half.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, insert, literal, select, update

from bot.broadcast.groups import delivery_groups
from bot.broadcast.selection import prepare_broadcast
from bot.config import Settings
from bot.database import Database
from storage.audiences import audiences
from storage.issues import issue_messages
from storage.tables import Broadcast, BroadcastStatus, Delivery, Subscriber, SubscriberStatus
from storage.tables.timestamps import utcnow


def interrupted_broadcast(engine: Engine, issue_id: int, settings: Settings) -> tuple[int, int]:
    """Create the issue's broadcast with the ledger of a crash in its last round (see the
    module docstring); return its id and its number of ledger rows."""
    db = Database(engine)
    broadcast_id = db.run_sync(prepare_broadcast, trigger="cli", issue_id=issue_id).broadcast.id
    kinds = [m.section_kind for m in db.run_sync(issue_messages, issue_id=issue_id)]
    groups = delivery_groups(db.run_sync(audiences), kinds, settings, None)
    active = Subscriber.status == SubscriberStatus.ACTIVE.value
    now = utcnow()
    columns = ["broadcast_id", "message_index", "chat_id", "status", "telegram_message_id",
               "created_at"]  # fmt: skip
    with engine.begin() as connection:
        count = connection.scalar(select(func.count()).where(active)) or 0
        middle = connection.scalar(
            select(Subscriber.chat_id).where(active).order_by(Subscriber.chat_id)
            .offset(count // 2).limit(1)
        )  # fmt: skip
        for group in groups:
            for position, index in enumerate(group.plan):
                rows = select(
                    literal(broadcast_id), literal(index), Subscriber.chat_id, literal("sent"),
                    Subscriber.chat_id % 1_000_000 + index, literal(now),
                ).where(active, *group.audience.where())  # fmt: skip
                if position == len(group.plan) - 1:
                    rows = rows.where(Subscriber.chat_id < middle)
                connection.execute(insert(Delivery).from_select(columns, rows))
        connection.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id)  # type: ignore[arg-type]
            .values(status=BroadcastStatus.RUNNING.value, started_at=now, recipients=count)
        )
        rows = connection.scalar(select(func.count()).where(Delivery.broadcast_id == broadcast_id))
    assert broadcast_id is not None
    return broadcast_id, rows or 0
