"""Metadata: dates, weeks, the intro's facts, and which source wins when they disagree."""

from __future__ import annotations

import datetime as dt

import pytest

from newsletter import dates
from newsletter.dates import berlin_date, find_date, parse_timestamp
from newsletter.german_dates import german_date
from newsletter.intro import Today, find_length, find_today, parse_count, week_in
from newsletter.meta import SourceMeta, author_of, build_meta
from newsletter.sentences import sentence_end, sentence_start

FEB3 = dt.date(2025, 2, 3)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("moment", "date"),
    [
        (utc(2025, 2, 3, 5), FEB3),
        (utc(2025, 2, 2, 23, 30), FEB3),  # CET: 00:30 on 3 February
        (utc(2025, 7, 6, 22, 30), dt.date(2025, 7, 7)),  # CEST: 00:30 on 7 July
        (utc(2025, 7, 6, 21, 30), dt.date(2025, 7, 6)),
    ],
)
def test_publication_times_become_berlin_dates(moment: dt.datetime, date: dt.date) -> None:
    assert berlin_date(moment) == date


def test_berlin_dates_without_a_tz_database_follow_the_eu_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(key: str) -> None:
        raise dates.ZoneInfoNotFoundError(key)

    monkeypatch.setattr(dates, "ZoneInfo", missing)
    assert berlin_date(utc(2025, 2, 2, 23, 30)) == FEB3
    assert berlin_date(utc(2025, 3, 30, 0, 59)) == dt.date(2025, 3, 30)  # 01:59 CET
    assert berlin_date(utc(2025, 7, 6, 22, 30)) == dt.date(2025, 7, 7)
    assert berlin_date(utc(2025, 10, 26, 22, 30)) == dt.date(2025, 10, 26)  # 23:30 CET again


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        ("2025-02-03T05:00:00.000Z", utc(2025, 2, 3, 5)),
        ("Mon, 03 Feb 2025 05:00:00 +0000", utc(2025, 2, 3, 5)),
        ("Mon, 03 Feb 2025 06:00:00 GMT", utc(2025, 2, 3, 6)),
        ("2025-02-03T05:00:00", utc(2025, 2, 3, 5)),
        ("gestern", None),
        ("", None),
        (None, None),
    ],
)
def test_timestamps_in_iso_and_rfc_822(value: str | None, moment: dt.datetime | None) -> None:
    assert parse_timestamp(value) == moment


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Von Philipp Klöckner · 3. Februar 2025", FEB3),
        ("am 03. Feb. 2025", FEB3),
        ("Heute ist 🐰 Ostermontag, der 21. April 2025", dt.date(2025, 4, 21)),
        ("17. März 2025 und 1. Maerz 2024", dt.date(2025, 3, 17)),
        ("February 03, 2025", FEB3),
        ("Feb 3 2025", FEB3),
        ("31. Februar 2025", None),
        ("3. Brumaire 2025", None),
        ("Montag 3. Februar: Palantir", None),
    ],
)
def test_written_dates_german_and_english(text: str, date: dt.date | None) -> None:
    found = find_date(text)
    assert (found[0] if found else None) == date


def test_german_date_is_written_in_full() -> None:
    assert german_date(dt.date(2025, 3, 4)) == "4. März 2025"


@pytest.mark.parametrize(
    ("written", "count"), [("1.066", 1066), ("1,176", 1176), ("17 659", 17659), ("980", 980)]
)
def test_counts_with_any_thousands_separator(written: str, count: int) -> None:
    assert parse_count(written) == count


def test_length_sentence_and_its_span() -> None:
    text = (
        "Vorher! Der heutige Newsletter hat 1.066 Wörter und das vollständige Lesen dauert etwa "
        "5 Minuten. Danach."
    )
    length = find_length(text)
    assert length is not None
    assert (length.words, length.minutes) == (1066, 5)
    assert text[length.span[0] : length.span[1]].startswith("Der heutige")
    assert text[length.span[0] : length.span[1]].endswith("5 Minuten.")


def test_length_without_minutes() -> None:
    length = find_length("Diese Ausgabe hat 1.115 Worte.")
    assert length is not None
    assert (length.words, length.minutes) == (1115, None)


@pytest.mark.parametrize(
    ("text", "date", "week"),
    [
        ("Heute ist Montag, der 3. Februar 2025 und die KW6 startet.", FEB3, 6),
        ("Heute ist 🐰 Ostermontag, der 21. April 2025 und die KW 17 startet.",
         dt.date(2025, 4, 21), 17),
        ("Heute ist Mittwoch, der 5. Februar 2025.", dt.date(2025, 2, 5), None),
        ("Heute ist Montag, der 3. Februar 2025 und die KW99 startet.", FEB3, None),
    ],
)  # fmt: skip
def test_today_sentence(text: str, date: dt.date, week: int | None) -> None:
    today = find_today("Vorher. " + text + " Danach.")
    assert today is not None
    assert (today.date, today.week) == (date, week)
    assert ("Vorher. " + text + " Danach.")[today.span[0] : today.span[1]] == text


def test_heute_ist_without_a_date_is_no_today_sentence() -> None:
    assert find_today("Heute ist ein guter Tag.") is None


@pytest.mark.parametrize(
    ("title", "week"),
    [("KW6 - Der Drache", 6), ("KW 16 - Audienz", 16), ("KW16 - 🌹 Audienz", 16), ("Sommer", None)],
)
def test_week_in_title(title: str, week: int | None) -> None:
    assert week_in(title) == week


def test_sentence_bounds_skip_ordinals_numbers_urls_and_ca() -> None:
    text = "Am 3. Februar kamen 17.659 Leser auf beehiiv.com an, ca. 5 Minuten lang. Dann Schluss."
    assert sentence_end(text, 0) == text.index("lang.") + 5
    assert sentence_start(text, text.index("Schluss")) == text.index("Dann")


@pytest.mark.parametrize(
    ("source", "author"),
    [
        (SourceMeta(author="Philipp Klöckner · 3. Februar 2025"), "Philipp Klöckner"),
        (SourceMeta(byline="Von Philipp Klöckner · 3. Februar 2025"), "Philipp Klöckner"),
        (SourceMeta(author="Philipp Klöckner"), "Philipp Klöckner"),
        (SourceMeta(byline="3. Februar 2025"), None),
        (SourceMeta(), None),
    ],
)
def test_author_from_creator_or_byline(source: SourceMeta, author: str | None) -> None:
    assert author_of(source) == author


def today(date: dt.date, week: int | None) -> Today:
    return Today(date=date, week=week, span=(0, 1))


def test_metadata_wins_for_the_date_and_the_title_for_the_week() -> None:
    source = SourceMeta(
        title="KW16 - 🌹\u00a0Audienz",
        byline="Von Philipp Klöckner · 7. April 2025",
        published=utc(2025, 4, 14, 4),
        url="https://d.beehiiv.com/p/kw15-audienz-1?utm_source=rss",
    )
    meta, warnings = build_meta(source, None, today(dt.date(2025, 4, 14), 15))
    assert (meta.title, meta.week, meta.date, meta.year) == (
        "KW16 - 🌹 Audienz",
        16,
        dt.date(2025, 4, 14),
        2025,
    )
    assert meta.url == "https://d.beehiiv.com/p/kw15-audienz-1"
    assert warnings == [
        "Datum in der Autorenzeile (7. April 2025) weicht vom Veröffentlichungsdatum "
        "(14. April 2025) ab; verwendet wird 14. April 2025.",
        "Die KW im Intro (KW15) weicht von der KW im Titel (KW16) ab; verwendet wird KW16.",
    ]


def test_without_title_the_intro_names_the_issue() -> None:
    meta, warnings = build_meta(SourceMeta(), None, today(FEB3, 6))
    assert (meta.title, meta.week, meta.year, meta.date) == (
        "Doppelgänger Update KW6/2025",
        6,
        2025,
        FEB3,
    )
    assert warnings == ["Kein Titel gefunden; verwendet wird „Doppelgänger Update KW6/2025“."]


def test_week_falls_back_to_the_iso_week_of_the_date_with_a_warning() -> None:
    meta, warnings = build_meta(
        SourceMeta(title="Sonderausgabe", published=utc(2025, 2, 3, 5)), None, None
    )
    assert meta.week == 6
    assert warnings == ["Keine KW in Titel oder Intro; aus dem Datum berechnet: KW6."]


def test_nothing_known_gives_warnings_not_errors() -> None:
    meta, warnings = build_meta(SourceMeta(), None, None)
    assert (meta.title, meta.date, meta.week, meta.year) == (
        "Doppelgänger Update",
        None,
        None,
        None,
    )
    assert len(warnings) == 3


def test_subtitle_equal_to_the_title_is_dropped() -> None:
    meta, _ = build_meta(SourceMeta(title="KW6 - X", subtitle="KW6 - X"), None, None)
    assert meta.subtitle is None
