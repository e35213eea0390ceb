"""What one edit attempt came to: the ONE place where an edit's error becomes a ledger status.

`bot.delivery.outcome.classify` sorts the error like a send's (429, transient, chat gone,
migrated, a 400 of ours); a 429 or a passing error is tried again (no status: the run's
`Retrier` decides how often). A 400 is read more closely: "message is not modified" means the
message already shows the new content (done), while a message that is gone or cannot be edited
is skipped, never retried. Only the remaining 400s are failures worth telling the admins.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.delivery.outcome import Kind, Outcome
from storage.tables import EditStatus

NOT_MODIFIED = "message is not modified"
GONE_MESSAGE_MARKERS = (
    "message to edit not found",
    "message can't be edited",
    "message_id_invalid",
    "there is no text in the message to edit",
    "there is no caption in the message to edit",
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A final status for the ledger (None: try again), and why."""

    status: EditStatus | None
    error: str | None = None

    @property
    def reportable(self) -> bool:
        """Whether the admins should hear about it (a bug of ours, not a reader's choice)."""
        return self.status is EditStatus.FAILED


def judge(outcome: Outcome) -> Verdict:
    """The verdict on an edit whose attempt raised the error `classify` made `outcome` of."""
    kind, error = outcome.kind, outcome.error
    if kind in (Kind.RATE_LIMITED, Kind.RETRY):
        return Verdict(None, error)
    if kind in (Kind.BLOCKED, Kind.MIGRATED):
        return Verdict(EditStatus.SKIPPED, error)
    lowered = (error or "").lower()
    if NOT_MODIFIED in lowered:
        return Verdict(EditStatus.UNCHANGED)
    if any(marker in lowered for marker in GONE_MESSAGE_MARKERS):
        return Verdict(EditStatus.SKIPPED, error)
    return Verdict(EditStatus.FAILED, error)
