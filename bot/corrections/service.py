"""The running bot's corrections: the button starts one, start-up resumes interrupted ones.

One `CorrectionService` lives in the application (`Deps.corrections`). It runs each correction as a
background task of its own (an edit run at the broadcast's pace can take an hour), at most one
per correction in this process; the lease keeps other processes out. A correction asked for
while its broadcast is still running is stored and waits: `resume_interrupted` (at start-up and
every minute) starts it once the broadcast is done, and resumes any correction whose runner is
gone. Edits never notify readers, so an old correction is resumed whatever its age.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.config import Settings
from bot.corrections import texts
from bot.corrections.engine import CorrectionEngine
from bot.corrections.proposal import CorrectionError, propose
from bot.corrections.runner import (
    CorrectionBusy,
    CorrectionHooks,
    CorrectionResult,
    run_correction,
)
from bot.database import Database
from bot.runtime.background import BackgroundRuns, KeepEngine
from bot.runtime.lease import is_held
from storage.broadcasts import FINAL_STATUSES, get_broadcast
from storage.corrections import open_correction, unfinished_corrections
from storage.tables.timestamps import utcnow

log = logging.getLogger(__name__)


class CorrectionService:
    """Corrections of one bot process."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        *,
        now: Callable[[], dt.datetime] = utcnow,
        run: Callable[..., Awaitable[CorrectionResult]] = run_correction,
        run_kwargs: dict[str, Any] | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.now = now
        self._run = run
        self._run_kwargs = run_kwargs or {}
        self.runs: BackgroundRuns[CorrectionEngine] = BackgroundRuns()

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

    def launch(self, correction_id: int) -> bool:
        """Run the correction in a background task, unless this process already does."""
        return self.runs.start(correction_id, lambda keep: self._correct(correction_id, keep))

    def running_here(self, correction_id: int) -> bool:
        """Whether this process runs the correction."""
        return self.runs.running(correction_id)

    @property
    def tasks(self) -> dict[int, asyncio.Task[CorrectionResult | None]]:
        """The background tasks of this process's corrections, by id."""
        return self.runs.tasks

    async def _correct(self, correction_id: int, keep: KeepEngine) -> CorrectionResult | None:
        try:
            return await self._run(
                correction_id,
                settings=self.settings,
                db=self.db,
                hooks=CorrectionHooks(engine=keep),
                **self._run_kwargs,
            )
        except CorrectionBusy:
            log.info("correction %s is run by another process", correction_id)
        except CorrectionError as exc:
            log.info("correction %s waits: %s", correction_id, exc)
        except Exception:
            log.exception("correction %s crashed; it resumes at the next check", correction_id)
        return None

    async def resume_interrupted(self) -> list[int]:
        """Start unfinished corrections nobody runs whose broadcast is done; return their ids."""
        launched: list[int] = []
        for correction in await self.db.run(unfinished_corrections):
            assert correction.id is not None
            if self.running_here(correction.id):
                continue
            if is_held(correction.owner, correction.heartbeat_at, self.now()):
                continue
            broadcast = await self.db.run(get_broadcast, broadcast_id=correction.broadcast_id)
            if broadcast is None or broadcast.status not in FINAL_STATUSES:
                continue  # waits for its broadcast
            if self.launch(correction.id):
                launched.append(correction.id)
        return launched

    async def stop_all(self, reason: str = "Bot wird beendet") -> None:
        """Stop this process's corrections and wait until their records are written."""
        await self.runs.stop_all(reason)
