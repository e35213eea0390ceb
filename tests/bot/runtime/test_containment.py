"""Containment: a job or a background run that fails is caught whatever it raises, paused
longer after each failure in a row, reported to the admins once at the third identical failure
and once when it works again; the counting is on an injected clock."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from telegram.ext import CallbackContext

from bot.app import build_application
from bot.broadcast.service import BroadcastService
from bot.runtime.containment import FIRST_PAUSE, MAX_PAUSE, Streaks, describe, optional
from bot.runtime.jobs import Job, schedule_jobs
from tests.bot.broadcast_fixtures import ADMIN, copy_database, settings
from tests.fakes.clock import FakeClock
from tests.fakes.request import RecordingRequest


def boom(kind: type[Exception] = TypeError) -> Exception:
    try:
        raise kind("Lesername Erika Mustermann")  # a message that must never reach a log
    except Exception as exc:
        return exc


def test_the_same_error_three_times_in_a_row_is_reported_once_with_growing_pauses() -> None:
    clock = FakeClock()
    streaks = Streaks(monotonic=clock)
    texts = []
    for _ in range(5):
        assert streaks.due("feed")
        texts.append(streaks.failed("feed", boom(), what="Der Feed"))
        assert not streaks.due("feed")
        clock.advance(streaks.streaks["feed"].retry_at - clock())
    assert texts[:2] == [None, None] and texts[3:] == [None, None]
    assert texts[2] is not None and texts[2].startswith("⚠️ Der Feed ist 3-mal hintereinander")
    assert "TypeError at test_containment.py" in texts[2] and "Erika" not in texts[2]
    assert [streaks.pause(n) for n in (1, 2, 3, 4)] == [FIRST_PAUSE * f for f in (1, 2, 4, 8)]
    assert streaks.pause(50) == MAX_PAUSE
    assert streaks.succeeded("feed", what="Der Feed") == "✅ Der Feed funktioniert wieder."
    assert streaks.due("feed") and streaks.succeeded("feed", what="Der Feed") is None


def test_a_different_error_starts_counting_again_but_the_pause_keeps_growing() -> None:
    streaks = Streaks(monotonic=FakeClock())
    assert streaks.failed("x", boom(TypeError), what="X") is None
    assert streaks.failed("x", boom(TypeError), what="X") is None
    assert streaks.failed("x", boom(ValueError), what="X") is None  # another reason: 1
    assert streaks.streaks["x"].failures == 3
    assert streaks.succeeded("x", what="X") is None  # never reported: nothing to say


async def test_optional_contains_anything_and_logs_no_reader_data(caplog) -> None:
    async def fails() -> None:
        raise boom(KeyError)

    assert await optional("channel check", fails()) is None
    assert "channel check failed: KeyError at test_containment.py" in caplog.text
    assert "Erika" not in caplog.text
    assert describe(None) == "unknown error"


@pytest.fixture
def engine(sqlite_template: Engine, tmp_path) -> Engine:
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield engine
    engine.dispose()


async def test_a_job_that_keeps_failing_is_contained_paused_and_told_once(engine) -> None:
    request = RecordingRequest()
    app = build_application(settings(), engine=engine, request=request)
    clock = FakeClock()
    calls: list[int] = []

    async def broken(context: Any) -> None:
        calls.append(1)
        if len(calls) <= 4:
            raise boom()

    schedule_jobs(app, [Job("kaputt", broken, every=10, leader_only=False)], streaks=Streaks(
        monotonic=clock))  # fmt: skip
    [job] = app.job_queue.get_jobs_by_name("kaputt")
    async with app:
        for _ in range(16):  # every 10 s, as the JobQueue would
            await job.callback(CallbackContext.from_job(job, app))
            clock.advance(10)
    # tries at 0, 10 (pause 10), 30 (pause 20), 70 (pause 40), then 150 (pause 80) works
    assert len(calls) == 5
    told = request.texts(ADMIN)
    assert len(told) == 2
    assert told[0].startswith("⚠️ Die Hintergrundaufgabe „kaputt“ ist 3-mal hintereinander")
    assert told[1] == "✅ Die Hintergrundaufgabe „kaputt“ funktioniert wieder."


async def test_a_background_run_that_keeps_crashing_is_relaunched_after_pauses(engine) -> None:
    clock = FakeClock()
    told: list[str] = []

    async def crashing_run(row_id: int, **kwargs: Any) -> Any:
        raise boom()

    async def notify(text: str) -> None:
        told.append(text)

    service = BroadcastService(
        settings(), None, run=crashing_run, notify=notify, streaks=Streaks(monotonic=clock)
    )
    launched = []
    for _ in range(8):
        launched.append(service.launch(7))
        if service.tasks.get(7):
            await service.tasks[7]
        clock.advance(10)
    assert launched == [True, True, False, True, False, False, False, True]
    assert len(told) == 1 and told[0].startswith("⚠️ Der Versand 7 ist 3-mal hintereinander")
