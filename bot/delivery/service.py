"""The running bot's side of one kind of run (broadcasts, corrections): runs in the background.

A `RunService` lives in the application (`Deps.broadcasts`, `Deps.corrections`). It runs each run as
a background task of its own (`bot.runtime.background`: not `Application.create_task`, which
`Application.stop` would wait for, and a run can take an hour), at most one per run in this process;
the lease keeps other processes out. `stop_all` (at shutdown) stops them cleanly: the next start
resumes them. A run that fails (`failed`: a subclass says which errors are expected, e.g. another
process runs it) is contained like a job (`bot.runtime.containment`): logged, resumed by a later
check only after a pause that grows with each failure in a row, and the admins (`notify`) hear
once when it failed the same way three times, and once when it works again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Generic, TypeVar

from bot.config import Settings
from bot.database import Database
from bot.delivery.runner import RunHooks, RunResult
from bot.runtime.admins import Notify
from bot.runtime.background import BackgroundRuns, KeepEngine, Stoppable
from bot.runtime.containment import Streaks, optional
from bot.runtime.lease import LEASE_TTL, is_held
from storage.tables import RunColumns
from storage.tables.timestamps import utcnow

log = logging.getLogger(__name__)

EngineT = TypeVar("EngineT", bound=Stoppable)
RUN_MAX_PAUSE = 120.0  # seconds: a run that keeps crashing is tried again at least this often
RunOne = Callable[..., Awaitable[RunResult]]


class RunService(Generic[EngineT]):
    """The runs of one kind in this process; a subclass names its `noun` (for the log) and
    its `default_run` (`run_broadcast`, `run_correction`)."""

    noun: ClassVar[str] = "run"
    title: ClassVar[str] = "Der Lauf"  # how the admins hear of one ("Der Versand 3")
    default_run: ClassVar[RunOne]

    def __init__(
        self,
        settings: Settings,
        db: Database,
        *,
        now: Callable[[], dt.datetime] = utcnow,
        run: RunOne | None = None,
        run_kwargs: dict[str, Any] | None = None,
        notify: Notify | None = None,
        streaks: Streaks | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.now = now
        self._run = run or type(self).default_run
        self._run_kwargs = run_kwargs or {}
        self.runs: BackgroundRuns[EngineT] = BackgroundRuns()
        self.notify = notify  # tells the admins (None: nobody is told)
        self.streaks = streaks or Streaks(max_pause=RUN_MAX_PAUSE)

    @property
    def lease_ttl(self) -> dt.timedelta:
        """How old a lease may be before another process takes over."""
        return LEASE_TTL

    def launch(self, row_id: int) -> bool:
        """Work the run in a background task, unless this process already does or it pauses
        after a failure."""
        if not self.streaks.due(self._key(row_id)):
            return False
        return self.runs.start(row_id, lambda keep: self._background(row_id, keep))

    def running_here(self, row_id: int) -> bool:
        """Whether this process works the run."""
        return self.runs.running(row_id)

    @property
    def tasks(self) -> dict[int, asyncio.Task[RunResult | None]]:
        """The background tasks of this process's runs, by id."""
        return self.runs.tasks

    def lease_held(self, row: RunColumns) -> bool:
        """Whether a live process (this one or another) holds the lease, as `row` was read."""
        return is_held(row.owner, row.heartbeat_at, self.now(), ttl=self.lease_ttl)

    async def stop_all(self, reason: str = "Bot wird beendet") -> None:
        """Stop every run of this process and wait until their records are written."""
        await self.runs.stop_all(reason)

    def failed(self, row_id: int, exc: Exception) -> str | None:
        """A background run raised `exc`: count it (it resumes after a pause); return the text
        for the admins when this failure is to be reported."""
        log.warning("%s %s crashed; it resumes at a later check", self.noun, row_id)
        return self.streaks.failed(self._key(row_id), exc, what=f"{self.title} {row_id}")

    def _key(self, row_id: int) -> str:
        return f"{self.noun} {row_id}"

    async def _background(self, row_id: int, keep: KeepEngine) -> RunResult | None:
        try:
            result = await self._run(
                row_id,
                settings=self.settings,
                db=self.db,
                hooks=RunHooks(engine=keep),
                **self._run_kwargs,
            )
        except Exception as exc:
            await self._tell(self.failed(row_id, exc))
            return None
        await self._tell(self.streaks.succeeded(self._key(row_id), what=f"{self.title} {row_id}"))
        return result

    async def _tell(self, text: str | None) -> None:
        if text is not None and self.notify is not None:
            await optional("admin notice", self.notify(text))
