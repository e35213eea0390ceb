"""How far a run is: counters, the recent rate and the time left, as one `Snapshot`.

The tracker starts from the counters already in the database (a resumed run), adds each
commit's new rows (`Counts`: sent, blocked — skipped —, failed), and estimates the rows still to
come: recipients × messages, or the plan's rows once the run has one (`plan`: a broadcast's
delivery slots), less the messages a reader found blocked will no longer get (`blocked_at`).
The rate is measured over the last `RATE_WINDOW` seconds of the injected clock.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from dataclasses import dataclass

from bot.delivery.pace import Clock
from bot.runtime.metrics import MESSAGES

RATE_WINDOW = 20.0


@dataclass(frozen=True, slots=True)
class Counts:
    """New ledger rows of one commit, by outcome (rows recorded before are not counted)."""

    sent: int = 0
    blocked: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class SlotPlan:
    """One delivery slot of a broadcast: its name ("07:00", "sofort"), when it is due (None:
    at once), its readers and the messages they get in all."""

    name: str
    due: dt.datetime | None
    readers: int
    messages: int


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The state of a run at one moment, for the progress message and the CLI bar."""

    sent: int
    blocked: int
    failed: int
    expected: int  # ledger rows the whole run will have (an estimate)
    rate: float  # messages per second, recently
    elapsed: float  # seconds since this process started sending
    round: int  # 1-based number of the message being sent to everyone
    messages: int
    paused: bool = False
    slots: tuple[SlotPlan, ...] = ()

    @property
    def processed(self) -> int:
        """Ledger rows so far (sent, skipped for blocked readers, failed)."""
        return self.sent + self.blocked + self.failed

    @property
    def share(self) -> float:
        """Done, from 0 to 1."""
        return min(1.0, self.processed / self.expected) if self.expected else 1.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the recent rate, or None when unknown."""
        if self.rate <= 0:
            return None
        return max(0, self.expected - self.processed) / self.rate


class ProgressTracker:
    """Counts what the ledger writer committed."""

    def __init__(
        self,
        *,
        messages: int,
        recipients: int,
        base: Counts | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self.messages = messages
        self.recipients = recipients
        base = base or Counts()
        self.sent, self.blocked, self.failed = base.sent, base.blocked, base.failed
        self.dropped = 0  # messages blocked readers will not get
        self.clock = clock
        self.started = clock()
        self.round = 0
        self.planned: int | None = None  # ledger rows the plan adds up to
        self.slots: tuple[SlotPlan, ...] = ()
        self._samples: deque[tuple[float, int]] = deque()

    def plan(self, slots: tuple[SlotPlan, ...], messages: int) -> None:
        """Take the slots as the plan: their messages are the expected rows; `messages` is the
        longest reader's number of messages."""
        self.slots = slots
        self.planned = sum(slot.messages for slot in slots)
        self.messages = messages

    def add(self, counts: Counts) -> None:
        """Take one commit's new rows into account (and count them: `metrics.MESSAGES`)."""
        self.sent += counts.sent
        self.blocked += counts.blocked
        self.failed += counts.failed
        for outcome, number in (("sent", counts.sent), ("blocked", counts.blocked),
                                ("failed", counts.failed)):  # fmt: skip
            if number:
                MESSAGES.labels(outcome=outcome).inc(number)

    def blocked_at(self, index: int) -> None:
        """A reader was found blocked at message `index`: the later messages are not to come."""
        self.dropped += max(0, self.messages - index - 1)

    def at_round(self, index: int) -> None:
        """Note that message `index` (0-based) is being sent to everyone now."""
        self.round = max(self.round, index + 1)

    def rate(self) -> float:
        """Messages per second over the last `RATE_WINDOW` seconds (0 until measurable)."""
        now = self.clock()
        samples = self._samples
        samples.append((now, self.sent))
        while len(samples) > 2 and now - samples[1][0] >= RATE_WINDOW:
            samples.popleft()
        first_time, first_sent = samples[0]
        if now - first_time <= 0:
            return 0.0
        return (self.sent - first_sent) / (now - first_time)

    def snapshot(self, *, paused: bool = False) -> Snapshot:
        """The current state."""
        planned = self.recipients * self.messages if self.planned is None else self.planned
        expected = max(self.sent + self.blocked + self.failed, planned - self.dropped)
        return Snapshot(
            sent=self.sent,
            blocked=self.blocked,
            failed=self.failed,
            expected=expected,
            rate=self.rate(),
            elapsed=self.clock() - self.started,
            round=max(1, self.round),
            messages=self.messages,
            paused=paused,
            slots=self.slots,
        )
