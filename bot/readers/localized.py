"""An issue's messages as a reader sees them: the earnings section with clock times in the
reader's zone ("PayPal (vor US-Börsenstart, 15:30)"); every other message as stored.

The stored issue is never changed. The number and order of messages stay the same (see
`newsletter.local_earnings`), so the broadcast's message indices mean the same message in the
stored and in the localised issue.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from newsletter.diff import Edit, IssueDiff
from newsletter.local_earnings import localize_earnings
from newsletter.model import EarningsRow
from storage.issues import IssueMessage, issue_earnings, issue_messages


def localize_messages(
    stored: list[IssueMessage], rows: list[EarningsRow], zone: dt.tzinfo
) -> list[IssueMessage]:
    """Return `stored` with the messages of every earnings section localised to `zone`."""
    if not rows:
        return stored
    result = list(stored)
    sections: dict[int, list[int]] = {}
    for place, item in enumerate(stored):
        if item.section_kind == "earnings":
            sections.setdefault(item.section_position, []).append(place)
    for places in sections.values():
        local = localize_earnings([stored[p].message for p in places], rows, zone)
        for place, message in zip(places, local, strict=True):
            result[place] = stored[place]._replace(message=message)
    return result


def localized_issue_messages(
    *, session: Session, issue_id: int, zone: dt.tzinfo | None
) -> list[IssueMessage]:
    """Return the issue's messages in sending order, localised to `zone` (None: as stored)."""
    stored = issue_messages(session=session, issue_id=issue_id)
    if zone is None:
        return stored
    return localize_messages(stored, issue_earnings(session=session, issue_id=issue_id), zone)


def localized_edits(diff: IssueDiff, rows: list[EarningsRow], zone: dt.tzinfo) -> tuple[Edit, ...]:
    """The diff's edits with the earnings sections' new messages localised to `zone`, as the
    broadcast sent them (a correction edits a message into what a reader would get now)."""
    edits: list[Edit] = []
    for change in diff.sections:
        for edit in change.edits:
            if change.kind == "earnings" and rows:
                [local] = localize_earnings([edit.message], rows, zone)
                edit = Edit(edit.index, local)
            edits.append(edit)
    return tuple(sorted(edits, key=lambda e: e.index))
