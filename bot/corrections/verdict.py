"""What one edit attempt came to: the ONE place where an edit's error becomes a ledger status.

`bot.runtime.outcome.classify` sorts the error like a send's (429, transient, chat gone,
migrated, a 400 of ours); a 400 is then read more closely: "message is not modified" means the
message already shows the new content (done), while a message that is gone or cannot be edited
is skipped, never retried. Only the remaining 400s are failures worth telling the admins.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.runtime.outcome import Kind, classify
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
    """A final status for the ledger (None: try again), why, and a 429's wait."""

    status: EditStatus | None
    error: str | None = None
    retry_after: float = 0.0
    rate_limited: bool = False

    @property
    def reportable(self) -> bool:
        """Whether the admins should hear about it (a bug of ours, not a reader's choice)."""
        return self.status is EditStatus.FAILED


def judge(exc: BaseException) -> Verdict:
    """Map an exception raised by an edit to its verdict (never raises)."""
    outcome = classify(exc)
    kind, error = outcome.kind, outcome.error
    if kind is Kind.RATE_LIMITED:
        return Verdict(None, error, outcome.retry_after, rate_limited=True)
    if kind is Kind.RETRY:
        return Verdict(None, error)
    if kind in (Kind.BLOCKED, Kind.MIGRATED):
        return Verdict(EditStatus.SKIPPED, error)
    lowered = (error or "").lower()
    if NOT_MODIFIED in lowered:
        return Verdict(EditStatus.UNCHANGED)
    if any(marker in lowered for marker in GONE_MESSAGE_MARKERS):
        return Verdict(EditStatus.SKIPPED, error)
    return Verdict(EditStatus.FAILED, error)
