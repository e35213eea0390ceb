"""The corrections' job: starting and resuming corrections in the leader.

When this instance becomes leader and then every minute, `resume_corrections` starts the
corrections that waited for their broadcast to finish and resumes those whose runner is gone (a
crash, a deploy). At shutdown the composition root stops the running ones cleanly
(`CorrectionService.stop_all`); they resume later.
"""

from __future__ import annotations

from telegram.ext import CallbackContext

from bot.config import Settings
from bot.deps import deps_of
from bot.runtime.jobs import Job

RESUME_JOB = "corrections-watchdog"
INTERVAL = 60.0


def jobs(settings: Settings) -> list[Job]:
    """The resumption: when elected, then every minute."""
    return [Job(RESUME_JOB, resume_corrections, every=INTERVAL, on_election=True)]


async def resume_corrections(context: CallbackContext) -> None:
    """Start waiting corrections whose broadcast is done; resume those nobody runs."""
    await deps_of(context).corrections.resume_interrupted()
