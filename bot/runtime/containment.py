"""Failures of work that must not take the bot down: contained, retried with growing pauses,
reported to the admins once.

Every scheduled job (`bot.runtime.jobs.schedule_jobs`) and every background run
(`bot.delivery.service.RunService`) goes through one `Streaks`: an exception of any kind is
caught and logged without reader data (`describe`: the type, Telegram's text, or where a bug
happened), the failures in a row are counted per piece of work, and the next try waits
`FIRST_PAUSE` · 2ⁿ⁻¹ seconds (at most `MAX_PAUSE`). The same error `REPORT_AFTER` times in a row
is reported to the admins once, with the reason; the first success after that is reported too
("läuft wieder") and ends the streak. `optional` contains one optional step (the channel
check, an admin's progress message) where it runs: it logs and returns None.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from telegram.error import TelegramError

from newsletter.german import duration

log = logging.getLogger(__name__)

T = TypeVar("T")
REPORT_AFTER = 3  # the same error this many times in a row: the admins hear of it once
FIRST_PAUSE = 10.0  # seconds before the try after the first failure; doubled after each
MAX_PAUSE = 300.0  # a job that failed often still runs every five minutes


def describe(error: BaseException | None) -> str:
    """Return the exception type, Telegram's error text for Telegram errors, and where a bug
    happened (file:line in function) for others; never the exception's own message, which may
    hold a reader's input."""
    if error is None:
        return "unknown error"
    name = type(error).__name__
    if isinstance(error, TelegramError):
        return f"{name}: {error.message}"
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return name
    frame = frames[-1]
    return f"{name} at {Path(frame.filename).name}:{frame.lineno} in {frame.name}"


@dataclass(slots=True)
class Streak:
    """The failures in a row of one piece of work."""

    reason: str  # `describe` of the last failure
    same: int  # how often in a row that reason came
    failures: int  # failures in a row, whatever the reason
    retry_at: float  # monotonic time of the next try
    reported: bool = False  # the admins were told


class Streaks:
    """Consecutive failures by piece of work (a job's name, a run's key)."""

    def __init__(
        self,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        report_after: int = REPORT_AFTER,
        first_pause: float = FIRST_PAUSE,
        max_pause: float = MAX_PAUSE,
    ) -> None:
        self.monotonic = monotonic
        self.report_after, self.first_pause, self.max_pause = report_after, first_pause, max_pause
        self.streaks: dict[str, Streak] = {}

    def due(self, key: str) -> bool:
        """Whether `key` may run now (False while it pauses after a failure)."""
        streak = self.streaks.get(key)
        return streak is None or self.monotonic() >= streak.retry_at

    def pause(self, failures: int) -> float:
        """Seconds to wait after `failures` failures in a row."""
        return min(self.max_pause, self.first_pause * 2 ** max(0, failures - 1))

    def failed(self, key: str, exc: BaseException, *, what: str) -> str | None:
        """Count a failure of `key` (`what`: how the admins know it, German); return the text
        for the admins when this failure is to be reported, else None."""
        reason = describe(exc)
        streak = self.streaks.get(key)
        if streak is None:
            streak = self.streaks[key] = Streak(reason, 0, 0, 0.0)
        streak.same = streak.same + 1 if streak.reason == reason else 1
        streak.reason = reason
        streak.failures += 1
        wait = self.pause(streak.failures)
        streak.retry_at = self.monotonic() + wait
        log.warning(
            "%s failed (%d in a row), next try in %.0f s: %s", key, streak.failures, wait, reason
        )
        if streak.reported or streak.same < self.report_after:
            return None
        streak.reported = True
        return failing(what, streak.same, reason, wait)

    def succeeded(self, key: str, *, what: str) -> str | None:
        """`key` worked: end its streak; return the text for the admins when they had been told
        it failed, else None."""
        streak = self.streaks.pop(key, None)
        if streak is None:
            return None
        log.info("%s works again after %d failures", key, streak.failures)
        return working_again(what) if streak.reported else None

    async def run(
        self,
        key: str,
        work: Callable[[], Awaitable[T]],
        *,
        what: str,
        notify: Callable[[str], Awaitable[None]] | None,
    ) -> T | None:
        """Run `work()` unless `key` pauses; contain any exception (None), tell the admins
        through `notify` what `failed`/`succeeded` say."""
        if not self.due(key):
            return None
        try:
            result = await work()
        except Exception as exc:
            await _tell(notify, self.failed(key, exc, what=what))
            return None
        await _tell(notify, self.succeeded(key, what=what))
        return result


async def optional(what: str, work: Awaitable[T]) -> T | None:
    """Await one optional step; any exception is logged (`what`: the step) and gives None."""
    try:
        return await work
    except Exception as exc:
        log.warning("%s failed: %s", what, describe(exc))
        return None


def failing(what: str, times: int, reason: str, wait: float) -> str:
    """The admins' notice that `what` failed `times` times in a row."""
    return (
        f"⚠️ {what} ist {times}-mal hintereinander fehlgeschlagen ({reason}). Ich versuche es "
        f"weiter, mit wachsenden Pausen (nächster Versuch in {duration(wait)})."
    )


def working_again(what: str) -> str:
    """The admins' notice that `what` works again."""
    return f"✅ {what} funktioniert wieder."


async def _tell(notify: Callable[[str], Awaitable[None]] | None, text: str | None) -> None:
    if notify is None or text is None:
        return
    await optional("admin notice", notify(text))
