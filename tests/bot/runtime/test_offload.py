"""Parsing an upload never runs on the event loop: `bot.runtime.offload.in_worker` hands it to
a worker process, and the loop answers meanwhile. Checked without timing: the parse waits until
a task on the loop has run, which could never happen if it blocked the loop."""

from __future__ import annotations

import asyncio
import os
import threading

import pytest
from sqlalchemy import Engine

from bot.database import Database
from bot.publishing import intake
from bot.runtime import offload
from newsletter.issue import build_issue
from tests.conftest import FIXTURES

WEB = (FIXTURES / "kw06-2025.web.html").read_bytes()


async def test_in_worker_runs_in_a_process_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offload, "new_executor", offload.spawned_process)  # the real one
    assert await offload.in_worker(os.getpid) != os.getpid()
    with pytest.raises(ZeroDivisionError):
        await offload.in_worker(divmod, 1, 0)


async def test_the_loop_goes_on_while_an_upload_is_parsed(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop_ran = threading.Event()
    parsed_in: list[threading.Thread] = []

    def slow_parse(data: bytes, *, link: str | None = None):
        parsed_in.append(threading.current_thread())
        assert loop_ran.wait(timeout=10), "the event loop was blocked by the parse"
        return build_issue(data, link=link)

    async def probe() -> None:
        while not parsed_in:
            await asyncio.sleep(0)
        loop_ran.set()  # the loop runs while the parse is under way

    monkeypatch.setattr(intake, "build_issue", slow_parse)
    prober = asyncio.create_task(probe())
    summary = await intake.ingest_bytes(Database(engine), WEB)
    await prober
    assert parsed_in[0] is not threading.main_thread() and loop_ran.is_set()
    assert "KW6" in summary
