"""The running bot's corrections: the button starts one, start-up resumes interrupted ones.

One `CorrectionService` lives in the application (`Deps.corrections`). It runs each correction in
the background like every run (`bot.delivery.service.RunService`: a task of its own, an edit run
at the broadcast's pace can take an hour; at most one per correction in this process, the lease
keeps other processes out). A correction asked for while its broadcast is still running is
stored and waits: `resume_interrupted` (at start-up and every minute) starts it once the
broadcast is done, and resumes any correction whose runner is gone. Edits never notify
readers, so an old correction is resumed whatever its age.
"""

from __future__ import annotations

import logging

from bot.corrections import texts
from bot.corrections.engine import CorrectionEngine
from bot.corrections.proposal import CorrectionError, propose
from bot.corrections.runner import CorrectionBusy, run_correction
from bot.delivery.service import RunService
from storage.broadcasts import FINAL_STATUSES, get_broadcast
from storage.corrections import open_correction, unfinished_corrections

log = logging.getLogger(__name__)


class CorrectionService(RunService[CorrectionEngine]):
    """Corrections of one bot process: `CorrectionService(settings, db, *, now=utcnow,
    run=run_correction, run_kwargs=None)`."""

    noun = "correction"
    title = "Die Korrektur"
    default_run = run_correction

    async def request(self, issue_id: int, key: str) -> str:
        """The button: correct the issue to the version whose hash starts with `key`; return
        the answer for the admin, or raise `CorrectionError` (nothing to do, a newer change,
        already running, never sent). Two presses at once start one correction."""
        proposal = await self.db.run(propose, issue_id=issue_id)
        label = proposal.label
        if not proposal.diff.edits:
            raise CorrectionError(texts.nothing_to_edit(label))
        if proposal.key != key:
            raise CorrectionError(texts.stale(label))
        correction, created = await self.db.run(
            open_correction,
            broadcast=proposal.broadcast,
            target=proposal.target,
            target_hash=proposal.target_hash,
        )
        if not created:
            raise CorrectionError(texts.already_running(label))
        assert correction.id is not None
        if not proposal.waits_for_broadcast:
            self.launch(correction.id)
        return texts.started(label, waits=proposal.waits_for_broadcast)

    def failed(self, row_id: int, exc: Exception) -> str | None:
        """Another process running it, or its broadcast still running, is no failure."""
        if isinstance(exc, CorrectionBusy):
            log.info("correction %s is run by another process", row_id)
        elif isinstance(exc, CorrectionError):
            log.info("correction %s waits: %s", row_id, exc)
        else:
            return super().failed(row_id, exc)
        return None

    async def resume_interrupted(self) -> list[int]:
        """Start unfinished corrections nobody runs whose broadcast is done; return their ids."""
        launched: list[int] = []
        for correction in await self.db.run(unfinished_corrections):
            assert correction.id is not None
            if self.running_here(correction.id):
                continue
            if self.lease_held(correction):
                continue
            broadcast = await self.db.run(get_broadcast, broadcast_id=correction.broadcast_id)
            if broadcast is None or broadcast.status not in FINAL_STATUSES:
                continue  # waits for its broadcast
            if self.launch(correction.id):
                launched.append(correction.id)
        return launched
