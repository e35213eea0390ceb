"""The operator's commands: `doppelbot migrate [--check]`, `doppelbot status`, and the CLI in
German (argparse's errors and help, malformed settings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from tests.conftest import FIXTURES

RSS = str(FIXTURES / "kw06-2025.rss.xml")


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite file as DATABASE_URL; no .env and nothing else from the outside."""
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "LEASE_TTL", "PORT"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_migrate_check_exits_1_until_migrate_brings_the_schema_up(database, capsys) -> None:
    assert main(["migrate", "--check"]) == 1
    behind = capsys.readouterr().out
    assert behind.startswith("Die Datenbank ist nicht auf dem neuesten Stand: Schema-Version keine")
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out.startswith("Datenbank migriert: Schema-Version keine → ")
    assert main(["migrate", "--check"]) == 0
    assert "ist auf dem neuesten Stand" in capsys.readouterr().out


def test_status_shows_readers_issue_broadcast_leader_and_schema(database, capsys) -> None:
    assert main(["ingest", RSS]) == 0
    capsys.readouterr()
    assert main(["status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Leser:innen: 0 aktiv, 0 blockiert (dazu 0 abgemeldet, 0 nur gestartet)"
    assert lines[1].startswith("Neueste Ausgabe: KW6 - Der Drache erwacht")
    assert lines[2:4] == ["Letzter Versand: noch keiner", "Leader: keiner (keine Instanz läuft)"]
    assert lines[4].startswith("Schema-Version: ") and lines[4].endswith(" (aktuell)")


def test_status_of_an_empty_database_says_what_to_do(database, capsys) -> None:
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Schema-Version: keine (veraltet, aktuell ist ")
    assert "doppelbot migrate" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["frobnicate"], "COMMAND: unbekannt: 'frobnicate' (möglich: 'preview', "),
        (["run", "--webhook", "--polling"], "--polling geht nicht zusammen mit --webhook"),
        (["broadcast"], "es fehlt: --now"),
        (["broadcast", "--now", "--issue", "x"], "--issue: ungültiger Wert 'x'"),
        (["status", "--laut"], "unbekannte Argumente: --laut"),
        ([], "es fehlt: COMMAND"),
    ],
)
def test_usage_errors_are_one_german_line_with_exit_2(database, capsys, argv, message) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"doppelbot: Fehler: {message}")
    assert line.endswith("--help zeigt die Hilfe)")


def test_help_is_german(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: doppelbot run [-h] [--webhook | --polling]")
    assert "Optionen:" in out and "diese Hilfe zeigen" in out
    assert "usage" not in out and "show this help" not in out


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"WEBHOOK_URL": "https://bot.example.org/t"}, "WEBHOOK_SECRET fehlt: mit WEBHOOK_URL"),
        ({"WEBHOOK_SECRET": "mit Leerzeichen"}, "WEBHOOK_SECRET: 1 bis 256 Zeichen aus A-Z"),
        ({"WEBHOOK_URL": "http://bot.example.org/t"}, "WEBHOOK_URL: erwartet eine https-URL"),
        ({"PORT": "http"}, "PORT: erwartet eine ganze Zahl, nicht 'http'"),
        ({"LEASE_TTL": "1s"}, "LEASE_TTL: mindestens 2s"),
        ({"METRICS_PORT": "http"}, "METRICS_PORT: erwartet eine ganze Zahl, nicht 'http'"),
        ({"METRICS_PORT": "70000"}, "METRICS_PORT: darf höchstens 65535 sein"),
        ({"BROADCAST_AT": "xx 7:00"}, "BROADCAST_AT: unbekannter Wochentag 'xx'"),
    ],
)
def test_settings_problems_stop_run_with_one_german_line(
    database, capsys, monkeypatch, env, line
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-token-for-the-fake-bot-api")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["run", "--webhook"]) == 2
    [error] = capsys.readouterr().err.splitlines()
    assert error.startswith(f"doppelbot: Fehler: {line}")


def test_metrics_are_off_unless_a_port_is_set(monkeypatch) -> None:
    from bot.config import Settings

    assert Settings(_env_file=None).metrics_port is None  # type: ignore[call-arg]
    monkeypatch.setenv("METRICS_PORT", "")
    assert Settings(_env_file=None).metrics_port is None  # type: ignore[call-arg]
    monkeypatch.setenv("METRICS_PORT", "9464")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.metrics_port, settings.metrics_listen) == (9464, "127.0.0.1")
