"""Searching sections of past issues, and earnings dates by company."""

import datetime as dt

from sqlmodel import Session

from newsletter.model import EarningsRow
from storage.issues import store_issue
from storage.search import earnings_for_company, search_sections
from tests.storage.factories import issue, section

LONG = (
    "Am Montag ging es los. " * 8
    + "Die Börse in Shanghai reagierte nervös auf DeepSeek. "
    + "Danach passierte lange nichts. " * 8
)


def store_archive(session: Session) -> None:
    store_issue(
        session=session,
        issue=issue(
            5,
            sections=[
                section("Märkte", "Die Börse war ruhig.", kind="lead"),
                section("Mail aus Berlin", "Eine Mail an die Redaktion."),
            ],
            earnings=[EarningsRow(dt.date(2025, 1, 28), "Dienstag", "Nestlé", "BMO")],
        ),
    )
    store_issue(
        session=session,
        issue=issue(
            6,
            sections=[
                section("🐉 DeepSeek", LONG),
                section("Börsengang", "Börse, Börse, Börse: der Börsengang von Klarna."),
                section("KI", "KI und die Börse: AI überall."),
            ],
            earnings=[
                EarningsRow(dt.date(2025, 2, 4), "Dienstag", "Alphabet", "AMC"),
                EarningsRow(dt.date(2025, 2, 6), "Donnerstag", "Amazon", None),
            ],
        ),
    )
    store_issue(
        session=session,
        issue=issue(
            7,
            sections=[section("Termine", "Alphabet und Amazon berichten.")],
            earnings=[EarningsRow(dt.date(2025, 2, 11), "Dienstag", "Alphabet", "AMC")],
        ),
    )


def test_search_ranks_by_number_of_occurrences(session: Session) -> None:
    store_archive(session)
    hits = search_sections(session=session, query="börse", limit=10)
    assert [h.section_title for h in hits][:1] == ["Börsengang"]
    assert hits[0].score == 6  # "Börsengang" thrice (heading, message, text), "Börse" thrice
    assert {h.section_title for h in hits} == {"Börsengang", "🐉 DeepSeek", "KI", "Märkte"}


def test_search_puts_the_newer_issue_first_among_equal_scores(session: Session) -> None:
    store_archive(session)
    hits = search_sections(session=session, query="Börse", limit=10)
    equal = [(h.week, h.section_title) for h in hits if h.score == 1]
    assert equal == [(6, "🐉 DeepSeek"), (6, "KI"), (5, "Märkte")]


def test_search_ignores_case_and_umlaut_spelling(session: Session) -> None:
    store_archive(session)
    expected = [h.section_title for h in search_sections(session=session, query="Börse")]
    for query in ("börse", "BÖRSE", "boerse", "Boerse"):
        assert [h.section_title for h in search_sections(session=session, query=query)] == expected


def test_search_needs_every_word(session: Session) -> None:
    store_archive(session)
    hits = search_sections(session=session, query="Börse DeepSeek")
    assert [(h.week, h.section_title) for h in hits] == [(6, "🐉 DeepSeek")]
    assert search_sections(session=session, query="Börse Pferd") == []


def test_search_matches_word_starts_not_word_middles(session: Session) -> None:
    store_archive(session)
    assert [h.section_title for h in search_sections(session=session, query="ai")] == ["KI"]
    assert [h.section_title for h in search_sections(session=session, query="mail")] == [
        "Mail aus Berlin"
    ]


def test_search_reports_the_issue_and_section(session: Session) -> None:
    store_archive(session)
    (hit,) = search_sections(session=session, query="Klarna")
    assert (hit.week, hit.year, hit.date) == (6, 2025, dt.date(2025, 2, 3))
    assert hit.issue_title == "KW6 - Der Drache erwacht"
    assert (hit.section_position, hit.section_title, hit.section_kind) == (1, "Börsengang", "news")


def test_snippet_shows_the_first_match_in_its_original_spelling(session: Session) -> None:
    store_archive(session)
    (hit,) = search_sections(session=session, query="shanghai boerse")
    assert "Die Börse in Shanghai" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) <= 162
    body = " ".join(LONG.split())
    assert hit.snippet.strip("…") in body
    start = body.index(hit.snippet.strip("…"))
    assert body[start - 1] == " "  # cut at a word boundary


def test_short_section_snippet_is_the_whole_text(session: Session) -> None:
    store_archive(session)
    (hit,) = search_sections(session=session, query="Redaktion")
    assert hit.snippet == "Mail aus Berlin Eine Mail an die Redaktion."


def test_search_respects_the_limit_and_empty_queries(session: Session) -> None:
    store_archive(session)
    assert len(search_sections(session=session, query="börse", limit=2)) == 2
    assert search_sections(session=session, query="  !? ") == []
    assert search_sections(session=session, query="börse", limit=0) == []


def test_like_wildcards_in_a_query_are_taken_literally(session: Session) -> None:
    store_archive(session)
    assert search_sections(session=session, query="B_rse") == []
    assert search_sections(session=session, query="%") == []


def test_earnings_lookup_ignores_case_and_finds_prefixes_newest_issue_first(
    session: Session,
) -> None:
    store_archive(session)
    hits = earnings_for_company(session=session, name="alphabet")
    assert [(h.week, h.date) for h in hits] == [
        (7, dt.date(2025, 2, 11)),
        (6, dt.date(2025, 2, 4)),
    ]
    assert [h.company for h in earnings_for_company(session=session, name="AMA")] == ["Amazon"]
    assert earnings_for_company(session=session, name="Amazon")[0].timing is None


def test_earnings_lookup_folds_accents(session: Session) -> None:
    store_archive(session)
    (hit,) = earnings_for_company(session=session, name=" nestle ")
    assert (hit.company, hit.weekday, hit.timing, hit.week) == ("Nestlé", "Dienstag", "BMO", 5)


def test_earnings_lookup_finds_nothing_for_empty_or_wildcard_names(session: Session) -> None:
    store_archive(session)
    assert earnings_for_company(session=session, name="") == []
    assert earnings_for_company(session=session, name="%") == []
    assert earnings_for_company(session=session, name="_lphabet") == []
    assert earnings_for_company(session=session, name="Tesla") == []
