"""What correcting an issue would do: what readers have, what it is now, and the edits.

Readers have the broadcast's snapshot (what it sent, or what the last correction made of it);
the current version is the stored issue. `propose` compares them (`newsletter.diff`) and counts
the delivered copies of the messages to edit. An issue that was never broadcast cannot be
corrected: `CorrectionError` says so in German, and nothing is stored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bot.broadcast import texts as broadcast_texts
from bot.broadcast.selection import BroadcastError
from bot.corrections import texts
from newsletter.diff import IssueDiff, diff_issues
from newsletter.german import titled_label
from newsletter.snapshot import issue_from_dict
from storage.broadcasts import FINAL_STATUSES, broadcast_for_issue, has_started, newest_issue
from storage.corrections import open_correction, open_correction_of
from storage.deliveries import delivery_counts
from storage.issues import get_issue, load_issue
from storage.tables import Broadcast, IssueRecord

HASH_CHARS = 10  # of the target's hash in the button's callback data


class CorrectionError(BroadcastError):
    """Something an admin can fix or should know (never sent, nothing changed, unknown
    issue, already running); the message is one German line. A `BroadcastError`, so the CLI
    answers it like one (one line, exit code 2)."""


class NeverSent(CorrectionError):
    """The issue was never broadcast: there is nothing to correct (it is simply replaced)."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """A possible correction: the issue, its broadcast, the diff from what readers have to the
    current version, that version (`target`, JSON) and how many delivered copies change."""

    issue: IssueRecord
    broadcast: Broadcast
    diff: IssueDiff
    target: dict[str, Any]
    target_hash: str
    copies: int  # delivered messages that the edits touch

    @property
    def label(self) -> str:
        """The issue as admins read it: "KW6 - Der Drache erwacht"."""
        return titled_label(self.issue)

    @property
    def key(self) -> str:
        """The short hash the button carries: pressing it corrects to exactly this version."""
        return self.target_hash[:HASH_CHARS]

    @property
    def waits_for_broadcast(self) -> bool:
        """Whether the broadcast is still unfinished (the correction starts after it)."""
        return self.broadcast.status not in FINAL_STATUSES


def content_hash(data: dict[str, Any]) -> str:
    """The SHA-256 of an issue's JSON form (keys sorted)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def sent_issue(*, session: Session, issue_id: int | None = None) -> tuple[IssueRecord, Broadcast]:
    """The issue (`issue_id`, else the newest) and its broadcast; `CorrectionError` when there
    is no such issue or it was never sent."""
    if issue_id is not None:
        issue = get_issue(session=session, issue_id=issue_id)
        if issue is None:
            raise CorrectionError(f"Ausgabe {issue_id} gibt es nicht.")
    else:
        issue = newest_issue(session=session)
        if issue is None:
            raise CorrectionError(broadcast_texts.NO_ISSUE)
    assert issue.id is not None
    broadcast = broadcast_for_issue(session=session, issue_id=issue.id)
    if broadcast is None or not has_started(broadcast):
        label = titled_label(issue)
        raise NeverSent(f"{label} wurde noch nicht versendet: Es gibt nichts zu korrigieren.")
    return issue, broadcast


def propose(*, session: Session, issue_id: int | None = None) -> Proposal:
    """What a correction of the issue (`issue_id`, else the newest) would do; the diff is empty
    when readers already have the current version. Raises `CorrectionError` (see above)."""
    issue, broadcast = sent_issue(session=session, issue_id=issue_id)
    assert issue.id is not None and broadcast.id is not None
    current = load_issue(session=session, issue_id=issue.id)
    assert current is not None
    target = current.to_dict()
    if broadcast.ids_dropped_at is not None:
        raise CorrectionError(
            f"{titled_label(issue)} ist zu lange her: Welche Nachricht wer "
            "bekommen hat, ist nicht mehr gespeichert. Eine Korrektur ist nicht möglich."
        )
    if broadcast.snapshot is None:
        raise CorrectionError(
            f"Für {titled_label(issue)} ist nicht gespeichert, was versendet "
            "wurde: Eine Korrektur ist nicht möglich."
        )
    diff = diff_issues(issue_from_dict(broadcast.snapshot), current)
    copies = count_copies(session=session, broadcast_id=broadcast.id, diff=diff)
    return Proposal(issue, broadcast, diff, target, content_hash(target), copies)


def count_copies(*, session: Session, broadcast_id: int, diff: IssueDiff) -> int:
    """How many delivered messages the diff's edits touch (one per chat and message)."""
    return sum(
        delivery_counts(session=session, broadcast_id=broadcast_id, message_index=index)["sent"]
        for index in {edit.index for edit in diff.edits}
    )


def prepare_correction(*, session: Session, issue_id: int | None = None) -> int:
    """The correction to run now: the unfinished one of the issue, else a new one to the
    current version. `CorrectionError` when there is nothing to do or it must wait."""
    issue, broadcast = sent_issue(session=session, issue_id=issue_id)
    assert broadcast.id is not None
    label = titled_label(issue)
    if broadcast.status not in FINAL_STATUSES:
        raise CorrectionError(texts.waiting(label))
    existing = open_correction_of(session=session, broadcast_id=broadcast.id)
    if existing is not None:
        assert existing.id is not None
        return existing.id
    proposal = propose(session=session, issue_id=issue.id)
    if not proposal.diff.edits:
        raise CorrectionError(texts.nothing_to_edit(label))
    correction, _ = open_correction(
        session=session,
        broadcast=broadcast,
        target=proposal.target,
        target_hash=proposal.target_hash,
    )
    assert correction.id is not None
    return correction.id
