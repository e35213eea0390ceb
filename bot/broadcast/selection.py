"""Which issue a broadcast sends, and its one `broadcast` row.

The broadcast is about the newest issue (by date, then id). If that issue already has a
broadcast, there is nothing new: an older issue that was never sent is never sent late, and an
issue is never broadcast twice (the `broadcast` row is unique per issue, its ledger per message
and chat). An unfinished broadcast of the issue is continued, not started again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from bot.broadcast import texts
from storage.broadcasts import (
    FINAL_STATUSES,
    broadcast_for_issue,
    get_or_create_broadcast,
    newest_issue,
)
from storage.issues import get_issue, issue_messages, load_issue
from storage.tables import Broadcast, BroadcastStatus, IssueRecord


class BroadcastError(Exception):
    """Something a user can fix (no new issue, unknown issue, already sent, sent elsewhere);
    the message is one German line."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The issue to send and its broadcast; `created` when this call made the broadcast."""

    issue: IssueRecord
    broadcast: Broadcast
    created: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    """The issue a broadcast would be about, and its broadcast if there is one already."""

    issue: IssueRecord
    broadcast: Broadcast | None

    @property
    def is_new(self) -> bool:
        """True when the issue was never broadcast."""
        return self.broadcast is None

    @property
    def is_unfinished(self) -> bool:
        """True when its broadcast exists and is not done or cancelled."""
        return self.broadcast is not None and self.broadcast.status not in FINAL_STATUSES


def candidate(
    *, session: Session, issue_id: int | None = None, ingested_before: dt.datetime | None = None
) -> Candidate | None:
    """The issue `issue_id`, else the newest one (ingested by `ingested_before`), with its
    broadcast; None when there is no such issue."""
    if issue_id is not None:
        issue = get_issue(session=session, issue_id=issue_id)
    else:
        issue = newest_issue(session=session, ingested_before=ingested_before)
    if issue is None or issue.id is None:
        return None
    return Candidate(issue, broadcast_for_issue(session=session, issue_id=issue.id))


def prepare_broadcast(
    *,
    session: Session,
    trigger: str,
    issue_id: int | None = None,
    ingested_before: dt.datetime | None = None,
    anchor: dt.datetime | None = None,
) -> Plan:
    """Return the broadcast to run now (creating it, for the slot `anchor`: each reader at
    their time on its day; None: everyone at once), or raise `BroadcastError` saying why there
    is none: no issue, an unknown id, no messages, or already sent."""
    found = candidate(session=session, issue_id=issue_id, ingested_before=ingested_before)
    if found is None:
        if issue_id is not None:
            raise BroadcastError(f"Ausgabe {issue_id} gibt es nicht.")
        raise BroadcastError(texts.NO_ISSUE)
    issue, existing = found.issue, found.broadcast
    assert issue.id is not None
    if existing is not None and existing.status == BroadcastStatus.DONE:
        when = f" am {existing.finished_at:%d.%m.%Y}" if existing.finished_at else ""
        raise BroadcastError(f"Ausgabe {issue.id} ({issue.title}) wurde{when} schon versendet.")
    if existing is not None and existing.status == BroadcastStatus.CANCELLED:
        raise BroadcastError(f"Der Versand von Ausgabe {issue.id} wurde abgebrochen.")
    messages = issue_messages(session=session, issue_id=issue.id)
    if not messages:
        raise BroadcastError(f"Ausgabe {issue.id} hat keine Nachrichten.")
    current = load_issue(session=session, issue_id=issue.id)
    assert current is not None
    broadcast, created = get_or_create_broadcast(
        session=session,
        issue_id=issue.id,
        total_messages=len(messages),
        trigger=trigger,
        snapshot=current.to_dict(),  # what this broadcast sends, whatever changes later
        anchor=anchor,
    )
    return Plan(issue, broadcast, created)
