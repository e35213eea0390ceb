"""What ✅ Freigeben / ⏸ Zurückhalten (and /approve, /hold) do.

Approving releases the issue; inside an open slot window it starts the broadcast at once (two
admins approving at the same moment start one broadcast: there is one per issue, and one
process sends it). Holding keeps the schedule from sending it until someone approves. Each
function returns the German answer for the admin, or raises `ApprovalError` with one.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.publishing import texts
from bot.publishing.duty import Publishing
from bot.runtime.admins import Notify
from newsletter.german import titled_label
from storage.broadcasts import FINAL_STATUSES, broadcast_for_issue
from storage.issues import get_issue, latest_issue
from storage.review import approve_issue, hold_issue
from storage.tables import IssueRecord


class ApprovalError(Exception):
    """The approval or hold cannot be done; the message is one German line."""


async def approve(
    publishing: Publishing, notify: Notify, admin_id: int, issue_id: int | None
) -> str:
    """Release the issue (`issue_id`, else the newest); start it if its slot is open
    (`notify` tells the admins what the slot check has to say)."""
    record = await publishing.db.run(_change, issue_id=issue_id, admin_id=admin_id, hold=False)
    plan = await publishing.catch_up(notify)
    label = titled_label(record)
    if plan is not None and plan.issue.id == record.id:
        return texts.approved_and_started(label)
    return texts.approved(label)


async def hold(publishing: Publishing, admin_id: int, issue_id: int | None) -> str:
    """Hold the issue (`issue_id`, else the newest) back until someone approves it."""
    record = await publishing.db.run(_change, issue_id=issue_id, admin_id=admin_id, hold=True)
    return texts.held(titled_label(record))


def _change(*, session: Session, issue_id: int | None, admin_id: int, hold: bool) -> IssueRecord:
    record = (
        latest_issue(session=session)
        if issue_id is None
        else get_issue(session=session, issue_id=issue_id)
    )
    if record is None or record.id is None:
        raise ApprovalError(texts.NO_ISSUE if issue_id is None else texts.issue_gone(issue_id))
    broadcast = broadcast_for_issue(session=session, issue_id=record.id)
    if broadcast is not None:
        label = titled_label(record)
        if broadcast.status in FINAL_STATUSES:
            raise ApprovalError(texts.already_sent(label))
        if hold:
            raise ApprovalError(texts.too_late_to_hold(label))
    change = hold_issue if hold else approve_issue
    changed = change(session=session, issue_id=record.id, admin_id=admin_id)
    assert changed is not None
    return changed
