"""A run (a broadcast, a correction) in the foreground of the command line: a progress bar on
stderr, Ctrl+C or SIGTERM stop it cleanly (messages in flight are recorded, the lease is
released), and the exit code it ends with: 0 done, 130 stopped by a signal, 1 stopped for
another reason."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from tqdm import tqdm

from bot.delivery.progress import Snapshot
from bot.delivery.runner import RunHooks, RunResult

EXIT_STOPPED = 1
EXIT_SIGNAL = 130
SIGNAL_REASON = "per Signal beendet"
REFUSED_TOKEN = "Telegram lehnt das Token ab: TELEGRAM_BOT_TOKEN prüfen."
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stoppable(Protocol):
    """What a signal needs of a run's engine."""

    def stop(self, reason: str) -> None: ...


async def in_foreground(
    start: Callable[[RunHooks[Any]], Awaitable[RunResult]],
    *,
    unit: str,
    postfix: Callable[[Snapshot], str],
) -> RunResult:
    """Run `start(hooks)` with a progress bar (`unit`, `postfix` of a snapshot) and the stop
    signals handled; return its result."""
    bar = tqdm(unit=unit, file=sys.stderr, mininterval=1.0, dynamic_ncols=True)
    engines: list[Stoppable] = []

    def stop() -> None:
        for engine in engines:
            engine.stop(SIGNAL_REASON)

    def show(snap: Snapshot) -> None:
        bar.total = snap.expected  # the estimate of all ledger rows
        bar.n = snap.processed
        bar.set_postfix_str(postfix(snap), refresh=False)
        bar.refresh()

    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop)
    try:
        return await start(RunHooks(engine=engines.append, tick=show))
    finally:
        bar.close()
        for sig in SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)


def exit_code(result: RunResult) -> int:
    """0 done, `EXIT_SIGNAL` stopped by a signal, `EXIT_STOPPED` stopped otherwise."""
    if result.complete:
        return 0
    return EXIT_SIGNAL if result.stop_reason == SIGNAL_REASON else EXIT_STOPPED
