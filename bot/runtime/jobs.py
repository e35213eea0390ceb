"""Jobs, declared the same way by every area and put on PTB's JobQueue in one place.

Each area's job module has one function `jobs(settings) -> list[Job]` saying what runs when:
every N seconds, at a weekly time, or once whenever this instance becomes the leader. The
composition root hands all of them to `schedule_jobs`, which applies the leader-only guard (the
one place it is written): of several instances sharing a database only the leader runs them, so
nothing is sent twice. A job that every instance runs (keeping the leadership up) says
`leader_only=False`. Every job is contained there too (`bot.runtime.containment`): whatever it
raises is logged, it pauses longer after each failure in a row, and the admins hear once when
it fails the same way three times, and once when it works again.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext

from bot.deps import deps_of
from bot.runtime.containment import Streaks

JobCallback = Callable[[Any], Coroutine[Any, Any, Any]]  # takes a CallbackContext


@dataclass(frozen=True, slots=True)
class Job:
    """One job: `every` seconds (first after `first`), or weekly `at` on `days` (PTB's numbering,
    0 = Sunday), and/or once on each election (`on_election`)."""

    name: str
    callback: JobCallback
    every: float | None = None
    first: float | None = None
    at: dt.time | None = None
    days: tuple[int, ...] = ()
    on_election: bool = False
    leader_only: bool = True
    options: dict[str, Any] = field(default_factory=dict)  # APScheduler's job kwargs


def leader_only(callback: JobCallback) -> JobCallback:
    """Wrap a job callback so that it runs only in the leader (elsewhere it returns None)."""

    @functools.wraps(callback)
    async def job(context: CallbackContext) -> Any:
        if not deps_of(context).leadership.is_leader:
            return None
        return await callback(context)

    return job


def contained(name: str, callback: JobCallback, streaks: Streaks) -> JobCallback:
    """Wrap a job callback so that no exception leaves it (see `bot.runtime.containment`): it
    pauses after failures, and the admins hear of a repeated failure once."""
    what = f"Die Hintergrundaufgabe „{name}“"

    @functools.wraps(callback)
    async def job(context: CallbackContext) -> Any:
        notify = deps_of(context).notify
        return await streaks.run(name, lambda: callback(context), what=what, notify=notify)

    return job


def schedule_jobs(app: Application, jobs: Iterable[Job], *, streaks: Streaks | None = None) -> None:
    """Put every job on the application's JobQueue, guarded as it says and contained
    (`streaks`: the failures in a row, by job name)."""
    queue = app.job_queue
    if queue is None:  # pragma: no cover - PTB is installed with the job-queue extra
        raise RuntimeError("python-telegram-bot[job-queue] is required")
    leadership = deps_of(app).leadership
    streaks = streaks or Streaks()
    for job in jobs:
        guarded = leader_only(job.callback) if job.leader_only else job.callback
        callback = contained(job.name, guarded, streaks)
        if job.every is not None:
            first = job.every if job.first is None else job.first
            queue.run_repeating(
                callback, interval=job.every, first=first, name=job.name, job_kwargs=job.options
            )
        if job.at is not None:
            queue.run_daily(
                callback, time=job.at, days=job.days, name=job.name, job_kwargs=job.options
            )
        if job.on_election:
            leadership.elected.append((job.name, callback))
