"""Corrections in the running bot: the service, and resuming interrupted corrections.

`schedule_corrections(app, settings)` installs the `CorrectionService` and schedules
`resume_corrections`, in the leader only: when this instance becomes leader and then every
minute. It starts corrections that waited for their broadcast to finish and resumes those
whose runner is gone (a crash, a deploy). At shutdown (`post_stop`) the running corrections
stop cleanly and resume later.
"""

from __future__ import annotations

from telegram.ext import Application, CallbackContext

from bot.config import Settings
from bot.corrections.service import (
    CorrectionService,
    app_corrections,
    corrections_of,
    install_corrections,
)
from bot.deps import app_deps
from bot.runtime.leader import leader_only, on_election

INTERVAL = 60.0


def schedule_corrections(app: Application, settings: Settings) -> None:
    """Install the service, schedule the resumption and stop corrections at shutdown."""
    install_corrections(app.bot_data, CorrectionService(settings, app_deps(app.bot_data).db))
    job_queue = app.job_queue
    if job_queue is None:  # pragma: no cover - PTB is installed with the job-queue extra
        raise RuntimeError("python-telegram-bot[job-queue] is required")
    on_election(app, resume_corrections, name="corrections-startup")
    job_queue.run_repeating(
        leader_only(resume_corrections),
        interval=INTERVAL,
        first=INTERVAL,
        name="corrections-watchdog",
    )
    previous = app.post_stop

    async def post_stop(application: Application) -> None:
        if previous is not None:
            await previous(application)
        await stop_corrections(application)

    app.post_stop = post_stop


async def resume_corrections(context: CallbackContext) -> None:
    """Start waiting corrections whose broadcast is done; resume those nobody runs."""
    await corrections_of(context).resume_interrupted()


async def stop_corrections(app: Application) -> None:
    """Stop this process's corrections cleanly (they resume at the next start)."""
    await app_corrections(app.bot_data).stop_all()
