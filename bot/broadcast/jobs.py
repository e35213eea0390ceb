"""The broadcast's jobs: resuming broadcasts whose sender is gone.

A newly elected leader resumes at once the broadcast the old leader was sending (`on_election`),
and every LEASE_TTL/3 the leader takes over a broadcast whose sending process died (several
instances on one database) or pauses one interrupted for longer than BROADCAST_GRACE (see
`BroadcastService.resume_interrupted`). When broadcasts start is the publishing side's business:
the weekly slot and its catch-up are `bot.publishing.jobs`.
"""

from __future__ import annotations

from telegram.ext import CallbackContext

from bot.config import Settings
from bot.deps import deps_of
from bot.runtime.jobs import Job

RESUME_JOB = "broadcast-watchdog"
WATCHDOG_INTERVAL = 60.0


def jobs(settings: Settings) -> list[Job]:
    """The resumption: when elected, then every `watchdog_interval`."""
    every = watchdog_interval(settings)
    return [Job(RESUME_JOB, resume_broadcasts, every=every, on_election=True)]


def watchdog_interval(settings: Settings) -> float:
    """How often the leader looks for broadcasts whose sender died: a third of LEASE_TTL (so a
    new leader resumes one within a minute), at most every minute."""
    return max(1.0, min(WATCHDOG_INTERVAL, settings.lease_ttl.total_seconds() / 3))


async def resume_broadcasts(context: CallbackContext) -> None:
    """Take over broadcasts whose sending process is gone (within BROADCAST_GRACE)."""
    deps = deps_of(context)
    await deps.broadcasts.resume_interrupted(deps.notify)
