"""Which messages a reader gets for a format and a choice of sections."""

from __future__ import annotations

from newsletter.choices import (
    ALL_SECTIONS,
    COMPACT,
    FULL,
    Choice,
    choice_of,
    message_plan,
    parse_sections,
    store_sections,
)

KW6 = ("header", "lead", "news", "chart", "podcast", "earnings", "closing")


def test_the_full_format_with_every_section_is_every_message() -> None:
    assert message_plan(KW6, Choice()) == (0, 1, 2, 3, 4, 5, 6)


def test_switched_off_sections_are_left_out_header_and_closing_always_come() -> None:
    plan = message_plan(KW6, Choice(FULL, frozenset({"lead", "earnings"})))
    assert plan == (0, 1, 5, 6)
    other = ("header", "other", "lead", "lead", "closing")
    assert message_plan(other, Choice(FULL, frozenset({"news"}))) == (0, 1, 4)


def test_the_compact_format_is_one_message_after_the_issues_last() -> None:
    assert message_plan(KW6, Choice(COMPACT)) == (7,)


def test_sections_are_stored_in_a_canonical_order_and_all_is_none() -> None:
    assert store_sections({"earnings", "lead"}) == "lead,earnings"
    assert store_sections(ALL_SECTIONS) is None and store_sections(set()) is None
    assert parse_sections("lead,earnings") == {"lead", "earnings"}
    assert parse_sections(None) == ALL_SECTIONS and parse_sections("quatsch") == ALL_SECTIONS


def test_a_reader_without_choices_gets_the_default_format() -> None:
    assert choice_of(None, None, COMPACT) == Choice(COMPACT, ALL_SECTIONS)
    assert choice_of(FULL, "chart", COMPACT) == Choice(FULL, frozenset({"chart"}))
    assert choice_of("riesig", None, FULL).format == FULL
