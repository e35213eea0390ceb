"""Logging: one line per record, the bot token never in the output."""

from __future__ import annotations

import json
import logging

import pytest

from bot.cli.main import main
from bot.runtime.logs import JsonFormatter, SafeFormatter, redact, setup_logging

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def _record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("telegram.ext", logging.ERROR, __file__, 1, message, args, exc_info)


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_token_in_a_url_is_redacted():
    assert redact(f"POST https://api.telegram.org/bot{TOKEN}/getMe") == (
        "POST https://api.telegram.org/bot<token>/getMe"
    )


def test_formatter_redacts_the_token_in_message_args_and_exception():
    formatter = SafeFormatter()
    error = _raised(RuntimeError(f"failed: https://api.telegram.org/bot{TOKEN}/x"))
    line = formatter.format(_record("calling %s", f"/bot{TOKEN}/getMe", exc=error))
    assert TOKEN not in line
    assert line.count("<token>") == 2


def test_exceptions_are_one_line_not_a_traceback():
    line = SafeFormatter().format(_record("boom", exc=_raised(ValueError("bad value\nmore"))))
    assert "Traceback" not in line
    assert line.splitlines()[-1].strip() == "(ValueError: bad value)"


def test_debug_level_keeps_the_traceback():
    line = SafeFormatter(tracebacks=True).format(_record("boom", exc=_raised(ValueError("x"))))
    assert "Traceback (most recent call last)" in line


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"DATABASE_URL": "postgresql://postgres@127.0.0.1:9/none"},
            "Die Datenbank (DATABASE_URL) ist nicht erreichbar",
        ),
        (
            {"TELEGRAM_API_URL": "http://127.0.0.1:9/bot"},
            "Telegram ist nicht erreichbar oder antwortet nicht",
        ),
    ],
)
def test_run_that_cannot_start_ends_with_one_line_and_exit_2(
    env, expected, monkeypatch, tmp_path, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    message_lines = [line for line in err.splitlines() if line.startswith("doppelbot:")]
    assert len(message_lines) == 1
    assert expected in message_lines[0]
    assert "Traceback" not in err
    assert TOKEN not in err


def test_json_format_is_one_object_per_line_with_the_token_redacted():
    error = _raised(RuntimeError(f"failed: https://api.telegram.org/bot{TOKEN}/x"))
    line = JsonFormatter().format(_record("calling %s", f"/bot{TOKEN}/getMe", exc=error))
    assert "\n" not in line and TOKEN not in line
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "message", "error"}
    assert entry["level"] == "ERROR" and entry["logger"] == "telegram.ext"
    assert entry["message"] == "calling /bot<token>/getMe"
    assert entry["error"] == "RuntimeError: failed: https://api.telegram.org/bot<token>/x"
    assert entry["time"].endswith("Z")


def test_log_format_json_is_what_setup_logging_installs():
    setup_logging("INFO", "json")
    try:
        [handler] = logging.getLogger().handlers
        assert isinstance(handler.formatter, JsonFormatter)
    finally:
        setup_logging("INFO")
    assert not isinstance(logging.getLogger().handlers[0].formatter, JsonFormatter)
