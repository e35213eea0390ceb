"""Searching sections of past issues (German full-text search), and earnings dates by company;
on SQLite and PostgreSQL."""

import datetime as dt

from sqlalchemy import func, select
from sqlmodel import Session

from newsletter.model import EarningsRow
from storage.issues import store_issue
from storage.search import earnings_for_company, search_sections
from storage.tables import SearchPosting
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


def test_search_ranks_title_matches_and_more_occurrences_higher(session: Session) -> None:
    store_archive(session)
    hits = search_sections(session=session, query="börse", limit=10)
    assert [h.section_title for h in hits][:1] == ["Börsengang"]  # in the title, four times
    assert {h.section_title for h in hits} == {"Börsengang", "🐉 DeepSeek", "KI", "Märkte"}
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_search_puts_the_newer_issue_first_among_equal_scores(session: Session) -> None:
    for week in (3, 5, 4):
        store_issue(session=session, issue=issue(week, sections=[section("Chips", "Nvidia")]))
    hits = search_sections(session=session, query="Nvidia", limit=10)
    assert [h.week for h in hits] == [5, 4, 3]
    assert len({h.score for h in hits}) == 1


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


def _titles(session: Session, query: str) -> list[str]:
    return [h.section_title for h in search_sections(session=session, query=query, limit=10)]


def store_words(session: Session) -> None:
    store_issue(
        session=session,
        issue=issue(
            8,
            sections=[
                section("Zins", "Die EZB senkt den Zins."),
                section("Leitzinsen", "Die Leitzinsen sinken weiter."),
                section("Apps", "Die neue Bildbearbeitungsfunktion von Apple."),
                section("Post", "Unsere SPAM-Filtern entgeht nichts."),
                section("Türkei", "Präsident Erdoğan besucht İzmir; Palantir liefert."),
                section("Fast Food", "McDonald’s und „Burger King“ melden Zahlen."),
            ],
        ),
    )


def test_word_forms_find_each_other(session: Session) -> None:
    store_words(session)
    assert _titles(session, "Zinsen")[:1] == ["Zins"]
    assert "Leitzinsen" in _titles(session, "Zins")  # the compound's last part
    assert _titles(session, "McDonalds") == ["Fast Food"]


def test_compounds_are_found_by_their_parts(session: Session) -> None:
    store_words(session)
    assert _titles(session, "Bildbearbeitung") == ["Apps"]
    assert _titles(session, "Spamfilter") == ["Post"]
    assert _titles(session, "Filter") == ["Post"]
    assert _titles(session, "Spam-Filter") == ["Post"]


def test_case_diacritics_and_umlaut_spellings_do_not_matter(session: Session) -> None:
    store_words(session)
    for query in ("Erdogan", "ERDOĞAN", "erdoğan", "izmir", "İZMİR", "Izmır"):
        assert _titles(session, query) == ["Türkei"], query
    assert _titles(session, "Praesident") == _titles(session, "prasident") == ["Türkei"]


def test_a_small_typo_is_tolerated(session: Session) -> None:
    store_words(session)
    assert _titles(session, "Palantier") == ["Türkei"]
    assert _titles(session, "Bildbearbeitungsfunktoin") == ["Apps"]
    assert _titles(session, "Plntr") == []  # more than a small typo


def test_quoted_phrases_need_their_words_in_order(session: Session) -> None:
    store_words(session)
    assert _titles(session, "„Burger King“") == ["Fast Food"]
    assert _titles(session, '"King Burger"') == []
    assert _titles(session, '"neue Bildbearbeitungsfunktion"') == ["Apps"]


def test_minus_excludes_sections_with_the_word(session: Session) -> None:
    store_words(session)
    assert set(_titles(session, "Zins")) == {"Zins", "Leitzinsen"}
    assert _titles(session, "Zins -EZB") == ["Leitzinsen"]
    assert _titles(session, "Zins -Leitzins") == ["Zins"]


def test_offset_and_limit_page_through_the_ranking(session: Session) -> None:
    store_archive(session)
    every = search_sections(session=session, query="Börse", limit=10)
    pages = [search_sections(session=session, query="Börse", offset=o, limit=2) for o in (0, 2)]
    assert pages[0] + pages[1] == every[:4]
    assert search_sections(session=session, query="Börse", offset=len(every)) == []


def test_storing_an_issue_again_replaces_its_index(session: Session) -> None:
    store_issue(session=session, issue=issue(9, sections=[section("Zölle", "Kanada zahlt.")]))
    assert _titles(session, "Kanada") == ["Zölle"]
    store_issue(session=session, issue=issue(9, sections=[section("Stahl", "Mexiko zahlt.")]))
    assert _titles(session, "Kanada") == [] and _titles(session, "Zoll") == []
    assert _titles(session, "Mexiko") == ["Stahl"]
    postings = session.execute(select(func.count()).select_from(SearchPosting)).scalar()
    assert postings == 3  # "stahl" (in title and text), "mexiko", "zahlt"
