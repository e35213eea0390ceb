"""The publisher's review of an issue: blocking problems, approval, hold, and the preview sent.

An issue with blocking problems (see `newsletter.checks`) or an admin's hold is not sent by the
schedule until an admin approves it; approving clears a hold and holding withdraws an approval.
`claim_review` lets exactly one process send the admins the preview of new content.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, update
from sqlmodel import Session, col

from storage.db import rows_matched
from storage.tables import IssueRecord, IssueSection
from storage.tables.timestamps import utcnow


def set_blocking(*, session: Session, issue_id: int, problems: list[str]) -> None:
    """Record the issue's blocking problems (empty: none)."""
    record = session.get(IssueRecord, issue_id)
    if record is not None and record.blocking != problems:
        record.blocking = list(problems)
        session.flush()


def approve_issue(*, session: Session, issue_id: int, admin_id: int) -> IssueRecord | None:
    """Record an admin's approval (clearing a hold); None when the issue does not exist."""
    record = session.get(IssueRecord, issue_id)
    if record is None:
        return None
    record.approved_at, record.approved_by = utcnow(), admin_id
    record.held_at = record.held_by = None
    session.flush()
    return record


def hold_issue(*, session: Session, issue_id: int, admin_id: int) -> IssueRecord | None:
    """Hold the issue back (withdrawing an approval); None when it does not exist."""
    record = session.get(IssueRecord, issue_id)
    if record is None:
        return None
    record.held_at, record.held_by = utcnow(), admin_id
    record.approved_at = record.approved_by = None
    session.flush()
    return record


def unreviewed_issues(*, session: Session) -> list[IssueRecord]:
    """Issues whose current content the admins have not had a preview of, oldest first."""
    query = select(IssueRecord).where(
        or_(
            col(IssueRecord.reviewed_hash).is_(None),
            col(IssueRecord.reviewed_hash) != IssueRecord.content_hash,
        )
    )
    return list(session.scalars(query.order_by(col(IssueRecord.id))))


def claim_review(
    *, session: Session, issue_id: int, content_hash: str, snapshot: dict[str, Any] | None = None
) -> bool:
    """Mark `content_hash` (and its `snapshot`, the issue's JSON form) as previewed; True for
    the one caller that did it."""
    result = session.execute(
        update(IssueRecord)
        .where(
            col(IssueRecord.id) == issue_id,
            col(IssueRecord.content_hash) == content_hash,
            or_(
                col(IssueRecord.reviewed_hash).is_(None),
                col(IssueRecord.reviewed_hash) != content_hash,
            ),
        )
        .values(reviewed_hash=content_hash, reviewed_snapshot=snapshot)
    )
    return rows_matched(result) == 1


def lead_messages(
    *, session: Session, exclude_issue: int | None = None
) -> list[tuple[int, list[dict[str, Any]]]]:
    """The stored lead sections' messages of every issue (but `exclude_issue`): (issue id, the
    message dicts), to compare lead stories across issues."""
    query = select(col(IssueSection.issue_id), col(IssueSection.messages)).where(
        col(IssueSection.kind) == "lead"
    )
    if exclude_issue is not None:
        query = query.where(col(IssueSection.issue_id) != exclude_issue)
    return [(issue_id, messages) for issue_id, messages in session.execute(query)]
