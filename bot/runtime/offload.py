"""CPU-bound work off the event loop, in a worker process: parsing and rendering an issue.

A worker thread is not enough for it: lxml and the regex engine hold the GIL for long stretches
(a 15 MB upload parses for seconds), so the event loop that answers the readers would wait all
the same. `in_worker(fn, *args, **kwargs)` runs `fn` (a module-level function; arguments and
result are pickled) in a fresh process of its own (spawned: safe beside threads) and awaits it;
the loop goes on meanwhile. A process is started per call: the work is rare (an upload, a new
feed item) and nothing lingers. Tests swap `new_executor` for a thread pool.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def spawned_process() -> Executor:
    """A pool of one freshly spawned worker process."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


new_executor: Callable[[], Executor] = spawned_process


async def in_worker(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)` in a worker process (see the module docstring); its exceptions are
    raised here."""
    executor = new_executor()
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(executor, functools.partial(fn, *args, **kwargs))
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
