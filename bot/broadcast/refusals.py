"""A message Telegram refuses for everyone: the same "Bad Request" for its first readers in a row.

One reader's Bad Request is that reader's problem: it is recorded as `failed` and the broadcast
goes on. But when a message gets the same Bad Request for its first `THRESHOLD` (20) readers
of a run in a row (a caption too long, a photo Telegram cannot fetch), Telegram refuses it for
everyone: the broadcast pauses itself, the admins are told which message and why, and those
readers get no `failed` row, so that `/broadcast resume` after a corrected issue sends them the
corrected message.

So a refused reader is held back (no ledger row) while the message is under suspicion. A
success, or a different error, clears the message: the readers held back are recorded as
failed after all, and later refusals are recorded at once. So are readers still held back when
a pass ends (fewer readers than `THRESHOLD` were left to try).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from storage.deliveries import DeliveryRow

THRESHOLD = 20


class Verdict(Enum):
    """What to do with a refused delivery."""

    RECORD = "record"  # an individual failure: write the `failed` row
    HOLD = "hold"  # under suspicion: no row yet
    SYSTEMATIC = "systematic"  # the message is refused for everyone: pause the broadcast


@dataclass(slots=True)
class _Suspicion:
    error: str
    held: list[DeliveryRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Refusal:
    """A message refused for everyone: which (0-based), Telegram's reason, how many readers."""

    index: int
    error: str
    readers: int


class RefusalWatch:
    """Watches the refusals of one broadcast run, message by message."""

    def __init__(self, threshold: int = THRESHOLD) -> None:
        self.threshold = threshold
        self.refusal: Refusal | None = None
        self._suspects: dict[int, _Suspicion] = {}
        self._cleared: set[int] = set()

    def sent(self, index: int) -> list[DeliveryRow]:
        """Message `index` reached a reader: clear it; return the rows held back for it (to be
        recorded as failed now)."""
        if index in self._cleared:
            return []
        self._cleared.add(index)
        suspicion = self._suspects.pop(index, None)
        return suspicion.held if suspicion else []

    def refused(self, row: DeliveryRow) -> tuple[Verdict, list[DeliveryRow]]:
        """A Bad Request for `row` (a `failed` row): its verdict, and rows held back before
        that are to be recorded now."""
        index, error = row.message_index, row.error or ""
        if self.refusal is not None and self.refusal.index == index:
            return Verdict.HOLD, []
        if index in self._cleared:
            return Verdict.RECORD, []
        suspicion = self._suspects.setdefault(index, _Suspicion(error))
        if suspicion.error != error:
            return Verdict.RECORD, self.sent(index)
        suspicion.held.append(row)
        if len(suspicion.held) >= self.threshold:
            self._trip(index)
            return Verdict.SYSTEMATIC, []
        return Verdict.HOLD, []

    def release_open(self) -> list[DeliveryRow]:
        """At the end of a pass: give up the suspicions that did not reach `threshold`; return
        their held rows (to be recorded as failed)."""
        held = [row for suspicion in self._suspects.values() for row in suspicion.held]
        self._cleared.update(self._suspects)
        self._suspects.clear()
        return held

    def _trip(self, index: int) -> None:
        suspicion = self._suspects.pop(index)
        self.refusal = Refusal(index, suspicion.error, len(suspicion.held))
