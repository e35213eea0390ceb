"""`doppelbot correct [--issue ID]`: a correction in the foreground, with a progress bar.

The newest issue (or issue ID) is compared with what its readers got; the changed messages are
edited in every chat that has them. An unfinished correction of it (stopped, crashed) is
continued where its ledger stands. Exit codes: 0 done, 2 a user error (one German line on
stderr: never sent, nothing to correct, broadcast still running, run by another process), 130
stopped by a signal (run the command again to continue), 1 stopped for another reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

from sqlmodel import Session
from telegram.error import InvalidToken
from tqdm import tqdm

from bot.broadcast import texts as broadcast_texts
from bot.broadcast.progress import Snapshot
from bot.cli.broadcast import REFUSED_TOKEN, SIGNAL_REASON
from bot.config import Settings
from bot.corrections import texts
from bot.corrections.engine import CorrectionEngine
from bot.corrections.proposal import CorrectionError, propose, sent_issue
from bot.corrections.runner import CorrectionHooks, CorrectionResult, run_correction
from bot.database import Database
from storage.broadcasts import FINAL_STATUSES
from storage.corrections import open_correction, open_correction_of
from storage.db import make_engine, migrate

EXIT_STOPPED = 1
EXIT_SIGNAL = 130


def prepare_correction(*, session: Session, issue_id: int | None = None) -> int:
    """The correction to run now: the unfinished one of the issue, else a new one to the
    current version. `CorrectionError` when there is nothing to do or it must wait."""
    issue, broadcast = sent_issue(session=session, issue_id=issue_id)
    assert broadcast.id is not None
    label = broadcast_texts.issue_label(issue)
    if broadcast.status not in FINAL_STATUSES:
        raise CorrectionError(texts.waiting(label))
    existing = open_correction_of(session=session, broadcast_id=broadcast.id)
    if existing is not None:
        assert existing.id is not None
        return existing.id
    proposal = propose(session=session, issue_id=issue.id)
    if not proposal.diff.edits:
        raise CorrectionError(texts.nothing_to_edit(label))
    correction, _ = open_correction(
        session=session,
        broadcast=broadcast,
        target=proposal.target,
        target_hash=proposal.target_hash,
    )
    assert correction.id is not None
    return correction.id


def correct_now(settings: Settings, *, issue_id: int | None = None) -> int:
    """Run the correction now in the foreground; return the exit code. Raises
    `CorrectionError` or `ConfigError` for user errors (the CLI prints one line, exit 2)."""
    settings.require_token()
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        db = Database(engine)
        correction_id = db.run_sync(prepare_correction, issue_id=issue_id)
        try:
            result = asyncio.run(_run(correction_id, settings, db))
        except InvalidToken:
            raise CorrectionError(REFUSED_TOKEN) from None
    finally:
        engine.dispose()
    if result.complete:
        print(f"doppelbot: Korrektur {correction_id} abgeschlossen.", file=sys.stderr)
        return 0
    print(
        f"doppelbot: Korrektur {correction_id} unterbrochen ({result.stop_reason}).",
        file=sys.stderr,
    )
    return EXIT_SIGNAL if result.stop_reason == SIGNAL_REASON else EXIT_STOPPED


async def _run(correction_id: int, settings: Settings, db: Database) -> CorrectionResult:
    bar = tqdm(unit=" Bearb.", file=sys.stderr, mininterval=1.0, dynamic_ncols=True)
    engines: list[CorrectionEngine] = []
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, lambda: [e.stop(SIGNAL_REASON) for e in engines])
    try:
        hooks = CorrectionHooks(engine=engines.append, tick=lambda snap: _show(bar, snap))
        return await run_correction(correction_id, settings=settings, db=db, hooks=hooks)
    finally:
        bar.close()
        for sig in signals:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)


def _show(bar: tqdm, snap: Snapshot) -> None:
    bar.total = snap.expected
    bar.n = snap.processed
    bar.set_postfix_str(
        f"{snap.rate:.1f}/s, übersprungen {snap.blocked}, fehlgeschlagen {snap.failed}",
        refresh=False,
    )
    bar.refresh()
