"""Beginning and ending one run of a broadcast, in the database.

`load_start` reads what a run needs (the broadcast, its issue, its content; a fix reaches the
messages nobody has received yet, see `refresh`), makes a scheduled broadcast running and notes
the number of recipients the first time. `finish` marks it done if this process still holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from bot.broadcast.content import Content, broadcast_content
from bot.broadcast.refresh import refresh_unsent
from bot.broadcast.selection import BroadcastError
from storage.broadcast_leases import heartbeat_broadcast, set_recipients
from storage.broadcasts import get_broadcast, set_broadcast_status
from storage.issues import get_issue
from storage.subscribers import count_active
from storage.tables import Broadcast, BroadcastStatus, IssueRecord


@dataclass(frozen=True, slots=True)
class Start:
    """What a run of a broadcast works with."""

    broadcast: Broadcast
    issue: IssueRecord
    content: Content


def load_start(*, session: Session, broadcast_id: int) -> Start:
    """Load what a run needs (see the module docstring)."""
    broadcast = get_broadcast(session=session, broadcast_id=broadcast_id)
    if broadcast is None:
        raise BroadcastError(f"Versand {broadcast_id} gibt es nicht.")
    issue = get_issue(session=session, issue_id=broadcast.issue_id)
    assert issue is not None
    refresh_unsent(session=session, broadcast=broadcast)
    content = broadcast_content(session=session, broadcast=broadcast)
    if broadcast.status == BroadcastStatus.SCHEDULED:
        set_broadcast_status(
            session=session, broadcast_id=broadcast_id, status=BroadcastStatus.RUNNING.value
        )
    set_recipients(
        session=session, broadcast_id=broadcast_id, recipients=count_active(session=session)
    )
    broadcast = get_broadcast(session=session, broadcast_id=broadcast_id)
    assert broadcast is not None
    return Start(broadcast, issue, content)


def finish(*, session: Session, broadcast_id: int, owner: str) -> Broadcast | None:
    """Mark the broadcast done if this process still holds it; return it (None: lost)."""
    if heartbeat_broadcast(session=session, broadcast_id=broadcast_id, owner=owner) is None:
        return None
    set_broadcast_status(
        session=session, broadcast_id=broadcast_id, status=BroadcastStatus.DONE.value
    )
    return get_broadcast(session=session, broadcast_id=broadcast_id)
