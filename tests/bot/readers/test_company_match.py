"""Which listed company a typed name means."""

from __future__ import annotations

import pytest

from bot.readers.company_match import allowed_typos, fold_company, match_company
from storage.watchlist import ListedCompany

LISTED = [
    ListedCompany(fold_company(name), name)
    for name in (
        "Palantir", "PayPal", "AMD", "arm", "amazon", "Alphabet", "Nvidia", "Meta",
        "Metaplanet", "Eli Lilly", "Novo Nordisk", "Snap", "Snowflake", "Ford", "Fortinet",
        "Nestlé", "Münchener Rück",
    )
]  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("palantir", "Palantir"),
        ("PALANTIR", "Palantir"),
        ("palantier", "Palantir"),
        ("nvida", "Nvidia"),
        ("amazn", "amazon"),
        ("Pay Pal", "PayPal"),
        ("eli-lilly", "Eli Lilly"),
        ("elililly", "Eli Lilly"),
        ("nestle", "Nestlé"),
        ("NESTLE", "Nestlé"),
        ("Muenchener Rueck", "Münchener Rück"),
        ("münchner rück", "Münchener Rück"),
        ("  Meta  ", "Meta"),
        ("amd", "AMD"),
    ],
)
def test_exact_and_small_typos_find_the_company(typed: str, meant: str) -> None:
    match = match_company(typed, LISTED)
    assert match is not None and match.name == meant


@pytest.mark.parametrize(
    "typed",
    ["arn", "amx", "Apple", "Google", "Siemens", "Alphabetic Holdings", "Novo", "Palantir Tech"],
)
def test_wildly_different_names_match_nothing(typed: str) -> None:
    assert match_company(typed, LISTED) is None


def test_two_equally_close_names_are_not_guessed() -> None:
    listed = [ListedCompany("fort", "Fort"), ListedCompany("ford", "Ford")]
    assert match_company("forx", listed) is None
    assert match_company("ford", listed).name == "Ford"


def test_typos_allowed_grow_with_the_length() -> None:
    assert [allowed_typos("x" * n) for n in (1, 3, 4, 7, 8, 30)] == [0, 0, 1, 1, 2, 2]


def test_nothing_listed_matches_nothing() -> None:
    assert match_company("Palantir", []) is None
