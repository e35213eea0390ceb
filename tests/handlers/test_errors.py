"""A failing handler: a friendly German apology, and a log line without reader data."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import OperationalError

from bot.simulator import rules
from handlers.formatting.texts import BACK_SOON
from tests.handlers.harness import Harness

SORRY = "Huch, da ist etwas schiefgelaufen. Versuch es bitte gleich noch einmal."


async def test_bug_is_logged_without_reader_data_and_reader_gets_an_apology(
    bot: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(**_: object) -> None:
        raise ValueError("secret reader input: Erika sucht Geheimes")

    monkeypatch.setattr("handlers.search.find", broken)
    with caplog.at_level(logging.ERROR):
        await bot.send("/search Geheimes")
    assert bot.texts() == [SORRY]
    [record] = [r for r in caplog.records if r.name == "handlers.errors"]
    line = record.getMessage()
    assert line.startswith("handling a Update failed: ValueError at test_errors.py:")
    assert "Geheimes" not in line and "Erika" not in line and "4242" not in line
    assert record.exc_info is None  # no traceback with arguments in the log


async def test_telegram_error_is_logged_with_telegrams_text(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.request.fail_for(4242, rules.server_error(502), method="sendMessage")
    with caplog.at_level(logging.ERROR):
        await bot.send("/help")
    assert "NetworkError: Bad Gateway" in caplog.text
    assert bot.texts() == [SORRY]


async def test_failing_button_gets_the_apology_as_its_answer(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("handlers.issues.archive_page", broken)
    await bot.press("arc:0")
    assert bot.answers()[-1] == SORRY


async def test_blocked_reader_causes_no_apology_loop(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.request.backend.blocked.add(4242)
    with caplog.at_level(logging.INFO):
        await bot.send("/help")
    assert "Forbidden: Forbidden: bot was blocked by the user" in caplog.text
    assert bot.request.messages == []


async def test_while_the_database_is_away_the_reader_hears_it_is_back_soon(
    bot: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def unreachable(*_: object, **__: object) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(bot.deps.db, "run_sync", unreachable)
    with caplog.at_level(logging.ERROR):
        await bot.send("/latest")
        await bot.press("arc:0")
    assert bot.texts() == [BACK_SOON] and bot.answers()[-1] == BACK_SOON
    assert "OperationalError" in caplog.text
    monkeypatch.undo()
    await bot.send("/help")  # back: answered as ever
    assert bot.texts()[-1] != BACK_SOON
