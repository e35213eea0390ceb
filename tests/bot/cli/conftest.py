"""The command line's tests: DATABASE_URL a fresh SQLite file, nothing from the outside."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.simulator.objects import BOT_TOKEN

OUTSIDE = ("ADMIN_IDS", "BROADCAST_RATE", "BROADCAST_PAID", "TELEGRAM_API_URL")


@pytest.fixture
def cli_database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """DATABASE_URL (a SQLite file, not yet migrated), the simulator's token, quiet logs, no
    .env of the developer's and none of the broadcast's settings from the environment."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    for name in OUTSIDE:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    monkeypatch.chdir(tmp_path)
    return url
