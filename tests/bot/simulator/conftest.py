"""Fixtures for the fakes' own tests."""

import pytest


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB 22's future `RetryAfter.retry_after: timedelta` (and its warning's end)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
