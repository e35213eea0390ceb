"""Reading command arguments: invite payloads, weeks, days and companies."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.arguments import (
    CompanyQuery,
    DayQuery,
    IssueQuery,
    earnings_query,
    invite_code,
    issue_query,
)

TUESDAY = dt.date(2025, 2, 4)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["ref_AbC-12_x"], "AbC-12_x"),
        (["ref_"], None),
        (["ref_a", "b"], None),
        (["ref_ä"], None),
        (["ref_" + "a" * 33], None),
        (["something"], None),
        ([], None),
    ],
)
def test_invite_code_accepts_only_ref_with_url_safe_code(args: list[str], code: str | None):
    assert invite_code(args) == code


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("6", IssueQuery(6, None)),
        ("KW6", IssueQuery(6, None)),
        ("kw 06", IssueQuery(6, None)),
        ("6 2025", IssueQuery(6, 2025)),
        ("KW52/2024", IssueQuery(52, 2024)),
        ("53", IssueQuery(53, None)),
        ("0", None),
        ("54", None),
        ("-1", None),
        ("999999", None),
        ("6 1999", None),
        ("6 20255", None),
        ("KW", None),
        ("sechs", None),
    ],
)
def test_issue_query(text: str, query: IssueQuery | None) -> None:
    assert issue_query(text.split()) == query


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("heute", DayQuery(1, TUESDAY, "heute")),
        ("HEUTE", DayQuery(1, TUESDAY, "heute")),
        ("morgen", DayQuery(2, dt.date(2025, 2, 5), "morgen")),
        ("dienstag", DayQuery(1)),
        ("Do.", DayQuery(3)),
        ("Palantir", CompanyQuery("Palantir")),
        ("Eli   Lilly", CompanyQuery("Eli Lilly")),
        ("😀", None),
        ("", None),
        ("x" * 51, None),
    ],
)
def test_earnings_query(text: str, query: object) -> None:
    assert earnings_query(text.split(), TUESDAY) == query


@given(st.lists(st.text(max_size=40), max_size=6))
def test_parsers_never_raise(args: list[str]) -> None:
    invite_code(args)
    issue_query(args)
    earnings_query(args, TUESDAY)
