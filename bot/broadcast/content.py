"""What a broadcast sends: its snapshot's messages (numbered 0…n-1, each with its section's
kind), the compact message n with its keyboard, and the earnings section on each reader's clock.

The snapshot is what the broadcast started with (see `refresh` for the one exception); a
broadcast created before snapshots were kept sends the stored issue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bot.readers.compact_issue import compact_message
from bot.readers.localized import localize_messages
from newsletter.model import Issue, Message
from newsletter.snapshot import issue_from_dict
from storage.issues import IssueMessage, load_issue
from storage.tables import Broadcast


@dataclass(frozen=True, slots=True)
class Content:
    """The messages of a broadcast, ready for `IssuePayload`."""

    issue: Issue
    numbered: tuple[IssueMessage, ...]
    compact: tuple[Message, Any]

    @property
    def messages(self) -> list[Message]:
        """The issue's messages, as stored (not localised), in sending order."""
        return [m.message for m in self.numbered]

    @property
    def kinds(self) -> list[str]:
        """The section kind of each message."""
        return [m.section_kind for m in self.numbered]

    def localized(self, zone: dt.tzinfo) -> list[Message]:
        """The issue's messages with the earnings times on `zone`'s clock."""
        local = localize_messages(list(self.numbered), self.issue.earnings, zone)
        return [m.message for m in local]


def broadcast_content(*, session: Session, broadcast: Broadcast) -> Content:
    """The content of `broadcast` (its snapshot, else the stored issue)."""
    if broadcast.snapshot is not None:
        issue = issue_from_dict(broadcast.snapshot)
    else:
        stored = load_issue(session=session, issue_id=broadcast.issue_id)
        assert stored is not None
        issue = stored
    numbered = tuple(
        IssueMessage(0, position, message, section.kind)
        for position, section in enumerate(issue.sections)
        for message in section.messages
    )
    numbered = tuple(m._replace(index=i) for i, m in enumerate(numbered))
    return Content(issue, numbered, compact_message(issue, broadcast.issue_id))
