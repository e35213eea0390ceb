"""The broadcaster on a virtual clock: how long a broadcast takes at Telegram's limit, in minutes,
without waiting for them (used by `bench/broadcast.py --clock virtual` and `--compare`).

The real engine runs in this process against the recording fake Telegram, whose flood control
(30/s overall, or 1000/s paid; about 1/s per chat with bursts of 3, 429 with retry_after) runs
on a fake clock: every wait of the engine moves that clock instead of sleeping, so a 69-minute
broadcast takes a minute or two of CPU. The database work is real. What it reports is the
virtual time at which each reader had their last message.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from bot.broadcast.runner import run_broadcast
from bot.config import Settings
from bot.database import Database
from bot.delivery.runner import RunResult
from bot.delivery.tuning import EngineSettings
from bot.simulator.backend import TelegramBackend
from bot.simulator.flood import FloodControl
from tests.fakes.clock import FakeClock
from tests.fakes.request import RecordingRequest


@dataclass(frozen=True, slots=True)
class VirtualRun:
    """What a virtual broadcast did: its result, when each chat had its last message (seconds
    after the slot), the messages each chat got, 429s and repeats."""

    result: RunResult
    finished: dict[int, float]
    received: Counter[int]
    rate_limited: int
    duplicates: int


async def never(_seconds: float) -> None:
    """Status polls never come (no other process changes the broadcast here)."""
    await asyncio.Event().wait()


def run_virtual(
    broadcast_id: int, settings: Settings, db: Database, *, slot: dt.datetime, limit: float
) -> VirtualRun:
    """Run the broadcast on a virtual clock that starts at `slot` (see the module docstring)."""
    clock = FakeClock(start=0.0)
    flood = FloodControl(limit, 1.0, burst=3, clock=clock)
    backend = TelegramBackend(clock=clock, flood=flood, keep_calls=False)
    request = RecordingRequest(backend=backend)

    def wall() -> dt.datetime:
        return slot + dt.timedelta(seconds=clock())

    result = asyncio.run(
        run_broadcast(
            broadcast_id,
            settings=settings,
            db=db,
            request=request,
            engine_settings=EngineSettings.for_rate(settings.rate),
            clock=clock,
            sleep=clock.sleep,
            poll_sleep=never,
            wall=wall,
        )
    )
    finished: dict[int, float] = {}
    received: Counter[int] = Counter()
    for message in request.messages:
        chat = int(message.chat_id)
        finished[chat] = max(finished.get(chat, 0.0), message.time)
        received[chat] += 1
    stats = request.stats()
    return VirtualRun(result, finished, received, stats["rate_limited"], stats["duplicates"])


def report_virtual(
    run: VirtualRun, label: str, times: dict[int, str | None], seconds: float
) -> str:
    """The figures of a virtual run; `times` is each chat's stored delivery time (slots are
    reported when some reader has one)."""
    by_slot: dict[int, float] = {}
    for chat, finished in run.finished.items():
        offset = _minutes_after_seven(times.get(chat))
        by_slot[offset] = max(by_slot.get(offset, 0.0), finished / 60 - offset)
    lines = [
        f"{label}: the last reader had the issue {max(run.finished.values()) / 60:.1f} min "
        f"after 07:00; {sum(run.received.values())} messages, 429s {run.rate_limited}, "
        f"duplicates {run.duplicates}, complete {run.result.complete} "
        f"({seconds:.0f} s of real time)"
    ]
    if any(times.values()):
        for offset, minutes in sorted(by_slot.items()):
            hours, mins = divmod(7 * 60 + offset, 60)
            lines.append(f"  slot {hours:02d}:{mins:02d}: its last reader after {minutes:.1f} min")
    return "\n".join(lines)


def _minutes_after_seven(delivery_time: str | None) -> int:
    """Minutes after 07:00 of a stored delivery time (None: 07:00)."""
    if delivery_time is None:
        return 0
    hours, minutes = map(int, delivery_time.split(":"))
    return (hours - 7) * 60 + minutes
