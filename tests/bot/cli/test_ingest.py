"""`doppelbot ingest`: storing an issue; the same issue again replaces it, never duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli.main import main
from storage.db import make_engine, session_scope
from storage.tables import EarningsEntry, IssueRecord, IssueSection
from tests.conftest import FIXTURES

RSS = str(FIXTURES / "kw06-2025.rss.xml")
WEB = str(FIXTURES / "kw06-2025.web.html")


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite file as DATABASE_URL; no .env and no token from the outside."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return tuple(  # type: ignore[return-value]
                session.scalar(select(func.count()).select_from(table))
                for table in (IssueRecord, IssueSection, EarningsEntry)
            )
    finally:
        engine.dispose()


def test_ingest_twice_stores_the_issue_once(database: str, capsys) -> None:
    assert main(["ingest", RSS]) == 0
    first = capsys.readouterr().out
    assert main(["ingest", RSS]) == 0
    second = capsys.readouterr().out
    assert first.startswith("Ausgabe 1 (2025-KW06) gespeichert: KW6 - Der Drache erwacht")
    assert "7 Abschnitte, 7 Nachrichten, 23 Earnings" in first
    assert second.startswith("Ausgabe 1 (2025-KW06) unverändert")
    assert _counts(database) == (1, 7, 23)


def test_ingest_of_the_same_week_from_another_form_replaces_it(database: str, capsys) -> None:
    assert main(["ingest", RSS]) == 0
    assert main(["ingest", WEB]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("Ausgabe 1 (2025-KW06) ")
    assert _counts(database)[0] == 1


def test_ingest_of_a_missing_file_is_one_line_on_stderr(database: str, capsys) -> None:
    assert main(["ingest", "nicht-da.xml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("doppelbot: Fehler: ") and err.count("\n") == 1


def test_run_without_token_is_one_clear_line(database: str, capsys) -> None:
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.strip().startswith("doppelbot: Fehler: TELEGRAM_BOT_TOKEN fehlt")
    assert err.count("\n") == 1
