"""Shared test helpers: where the fixtures are."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    """The folder with the real KW6 2025 issue in its three forms."""
    return FIXTURES
