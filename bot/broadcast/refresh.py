"""A fix reaches what nobody has received yet: the broadcast's snapshot follows the stored issue
for its messages that no reader has got.

A broadcast sends its snapshot (what it started with), so a running broadcast stays on one
version and a correction knows what readers have. But when a message was refused for everyone
(the broadcast paused itself) and a corrected issue is ingested, `/broadcast resume` must send
the corrected message. So when a run starts, every message of the snapshot that has no `sent`
ledger row is taken from the stored issue, as long as the issue's layout (sections and their
numbers of messages) is the same; messages readers already have stay as they were (a
correction edits them).
"""

from __future__ import annotations

from sqlmodel import Session

from newsletter.model import Issue
from newsletter.snapshot import issue_from_dict
from storage.deliveries import message_received
from storage.issues import load_issue
from storage.tables import Broadcast


def refresh_unsent(*, session: Session, broadcast: Broadcast) -> bool:
    """Update the snapshot's unreceived messages from the stored issue; True if it changed."""
    if broadcast.snapshot is None or broadcast.id is None:
        return False
    current = load_issue(session=session, issue_id=broadcast.issue_id)
    sent = issue_from_dict(broadcast.snapshot)
    if current is None or _layout(current) != _layout(sent):
        return False
    index, changed = 0, False
    for old, new in zip(sent.sections, current.sections, strict=True):
        for number, message in enumerate(new.messages):
            received = message_received(
                session=session, broadcast_id=broadcast.id, message_index=index
            )
            if not received and old.messages[number] != message:
                old.messages[number] = message
                changed = True
                if old.kind == "earnings":
                    sent.earnings = list(current.earnings)
            index += 1
    if changed:
        broadcast.snapshot = sent.to_dict()
        session.add(broadcast)
        session.flush()
    return changed


def _layout(issue: Issue) -> list[tuple[str, int]]:
    return [(section.kind, len(section.messages)) for section in issue.sections]
