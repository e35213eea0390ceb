"""The earnings section: the real KW6 2025 lines in every form, what people type, and the year."""

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsletter.earnings import parse_earnings
from newsletter.earnings_timing import TIMING_ALIASES
from newsletter.feed import read_feed
from newsletter.model import EarningsRow

ISSUE = dt.date(2025, 2, 3)
HEADING = "🖨️ Earnings Season: Quartalsergebnisse der Woche"

KW6_EXPECTED = [
    (3, "Palantir", "AMC"),
    (4, "PayPal", "BMO"),
    (4, "BestBuy", "BMO"),
    (4, "Spotify", "BMO"),
    (4, "Pfizer", "BMO"),
    (4, "AMD", "AMC"),
    (4, "Alphabet", "AMC"),
    (4, "Snap", "AMC"),
    (4, "Chipotle", "AMC"),
    (5, "Uber", "BMO"),
    (5, "Disney", "BMO"),
    (5, "Novo Nordisk", "BMO"),
    (5, "Ford", "AMC"),
    (5, "Qualcomm", "AMC"),
    (5, "arm", "AMC"),
    (6, "Eli Lilly", "BMO"),
    (6, "Roblox", "BMO"),
    (6, "Peloton", "BMO"),
    (6, "amazon", "AMC"),
    (6, "Cloudflare", "AMC"),
    (6, "affirm", "AMC"),
    (6, "fortinet", "AMC"),
    (6, "Pinterest", "AMC"),
]
WEEKDAY_OF_DAY = {3: "Montag", 4: "Dienstag", 5: "Mittwoch", 6: "Donnerstag"}


def kw6_rows() -> list[EarningsRow]:
    return [
        EarningsRow(dt.date(2025, 2, day), WEEKDAY_OF_DAY[day], company, timing)
        for day, company, timing in KW6_EXPECTED
    ]


def text_section(fixtures: Path) -> str:
    """The earnings section of the text form: the heading and the lines up to the next blank."""
    lines = (fixtures / "kw06-2025.txt").read_text(encoding="utf-8").splitlines()
    start = lines.index(HEADING)
    end = lines.index("", start + 2)
    return "\n".join(lines[start:end])


def web_section(fixtures: Path) -> str:
    """What the caller makes of the web page: the paragraph after the heading, <br> as newline."""
    soup = BeautifulSoup((fixtures / "kw06-2025.web.html").read_text(encoding="utf-8"), "lxml")
    paragraph = soup.find(id="earnings-season-quartalsergebnisse-der-woche").find_next("p")
    for br in paragraph.find_all("br"):
        br.replace_with("\n")
    return paragraph.get_text()


def rss_section(fixtures: Path) -> str:
    """What the caller makes of the feed: one line per <li> of the list after the heading.

    The item's body is read as the pipeline reads it (feedparser, by namespace), never by the
    prefix `content:encoded`, which lxml 6.2's XML parser no longer keeps in the tag's name.
    """
    body_html, _ = read_feed((fixtures / "kw06-2025.rss.xml").read_text(encoding="utf-8"))
    body = BeautifulSoup(body_html, "lxml")
    heading = next(h for h in body.find_all("h2") if "Earnings Season" in h.get_text())
    return "\n".join(li.get_text() for li in heading.find_next("ul").find_all("li"))


@pytest.mark.parametrize("extract", [text_section, web_section, rss_section])
def test_kw6_section_gives_the_23_rows_in_order_in_every_form(fixtures, extract):
    rows, warnings = parse_earnings(extract(fixtures), issue_date=ISSUE)
    assert rows == kw6_rows()
    assert warnings == []


def test_kw6_days_have_their_counts_and_friday_is_empty(fixtures):
    rows, _ = parse_earnings(text_section(fixtures), issue_date=ISSUE)
    per_day = {day: [r for r in rows if r.date.day == day] for day in range(3, 8)}
    assert [len(per_day[day]) for day in range(3, 8)] == [1, 8, 6, 8, 0]
    assert per_day[3][0].timing == "AMC"
    assert [r.timing for r in per_day[4]] == ["BMO"] * 4 + ["AMC"] * 4
    wednesday_bmo = [r.company for r in per_day[5] if r.timing == "BMO"]
    assert wednesday_bmo == ["Uber", "Disney", "Novo Nordisk"]
    assert per_day[6][3] == EarningsRow(dt.date(2025, 2, 6), "Donnerstag", "amazon", "AMC")


def test_year_argument_alone_is_enough(fixtures):
    rows, warnings = parse_earnings(text_section(fixtures), issue_date=None, year=2025)
    assert rows == kw6_rows()
    assert warnings == []


def one(line: str, issue_date: dt.date | None = ISSUE) -> tuple[list[tuple], list[str]]:
    rows, warnings = parse_earnings(line, issue_date=issue_date)
    return [(r.date, r.weekday, r.company, r.timing) for r in rows], warnings


MON = dt.date(2025, 2, 3)


@pytest.mark.parametrize(
    "line",
    [
        "Montag 3. Februar: Palantir (AMC)",
        "Montag, 3. Februar: Palantir (AMC)",
        "Montag 03.02.: Palantir (AMC)",
        "Montag 3.2.: Palantir (AMC)",
        "Mo. 3.2.: Palantir (AMC)",
        "Mo 3.2.2025: Palantir (AMC)",
        "Mo., 03.02.25: Palantir (AMC)",
        "Montag (3. Februar): Palantir (AMC)",
        "Montag, den 3. Februar: Palantir (AMC)",
        "Montag 3. Feb.: Palantir (AMC)",
        "Montag 3. Feb: Palantir (AMC)",
        "Montag 3 Februar: Palantir (AMC)",
        "Montag 3.Februar: Palantir (AMC)",
        "Montag 3. Februar 2025: Palantir (AMC)",
        "MONTAG 3. FEBRUAR: Palantir (AMC)",
        "Montag 3. Februar Palantir (AMC)",
        "Montag 3. Februar – Palantir (AMC)",
        "Montag\u00a03.\u00a0Februar:\u202fPalantir\u00a0(AMC)",
        "   Montag   3.   Februar  :   Palantir   (AMC)   ",
        "\tMontag 3. Februar:\tPalantir (AMC)\t",
        "📅 Montag 3. Februar: Palantir (AMC)",
        "• Montag 3. Februar: Palantir (AMC)",
        "**Montag 3. Februar:** Palantir (AMC)",
        "3. Februar: Palantir (AMC)",
        "03.02.: Palantir (AMC)",
        "Montag 3. Februar: Palantir (AMC),",
        "Montag 3. Februar: , Palantir (AMC),, ",
        "Montag 3. Februar: Palantir(AMC)",
        "Montag 3. Februar: Palantir ( AMC )",
        "Montag 3. Februar: Palantir [AMC]",
        "Montag 3. Februar:\u200b Palantir (AMC)\ufeff",
    ],
)
def test_typed_variants_of_a_day_line_give_the_same_row(line):
    assert one(line) == ([(MON, "Montag", "Palantir", "AMC")], [])


@pytest.mark.parametrize(
    ("month_text", "month"),
    [
        ("März", 3),
        ("Maerz", 3),
        ("Mär.", 3),
        ("Sept.", 9),
        ("Sep", 9),
        ("Okt.", 10),
        ("Dez.", 12),
        ("Jan.", 1),
        ("Juni", 6),
        ("Mai", 5),
    ],
)
def test_month_spellings_are_read(month_text, month):
    issue = dt.date(2025, month, 10)
    rows, warnings = parse_earnings(f"10. {month_text}: Apple (AMC)", issue_date=issue)
    assert [r.date for r in rows] == [issue]
    assert warnings == []


@pytest.mark.parametrize(
    ("companies", "expected"),
    [
        ("Procter & Gamble (BMO)", [("Procter & Gamble", "BMO")]),
        ("Coca-Cola Co. (BMO), Booking.com (AMC)",
         [("Coca-Cola Co.", "BMO"), ("Booking.com", "AMC")]),
        ("Alphabet (Google) (AMC)", [("Alphabet (Google)", "AMC")]),
        ("Temu (PinDuoDuo)", [("Temu (PinDuoDuo)", None)]),
        ("Alphabet (Google, Waymo) (AMC)", [("Alphabet (Google, Waymo)", "AMC")]),
        ("3M (BMO); AT&T (BMO)", [("3M", "BMO"), ("AT&T", "BMO")]),
        ("Palantir", [("Palantir", None)]),
        ("palantir (amc), snap", [("palantir", "AMC"), ("snap", None)]),
        ("Apple (AMC) & Snap (AMC)", [("Apple", "AMC"), ("Snap", "AMC")]),
        ("Apple (AMC) und Snap (BMO)", [("Apple", "AMC"), ("Snap", "BMO")]),
        ("Apple und Snap", [("Apple", None), ("Snap", None)]),
        ("Apple (AMC) Snap (BMO) Uber", [("Apple", "AMC"), ("Snap", "BMO"), ("Uber", None)]),
        ("Temu (PinDuoDuo) Inc (AMC)", [("Temu (PinDuoDuo) Inc", "AMC")]),
        ("Rolls-Royce (BMO), Berkshire Hathaway B (AMC)",
         [("Rolls-Royce", "BMO"), ("Berkshire Hathaway B", "AMC")]),
        ("AMC (BMO), AMC", [("AMC", "BMO"), ("AMC", None)]),
        ("Apple AMC, Snap bmo", [("Apple", "AMC"), ("Snap", "BMO")]),
        ("Apple - AMC", [("Apple", "AMC")]),
        ("Apple (AMC).", [("Apple", "AMC")]),
        ("Apple nach Börsenschluss, Snap vor Börseneröffnung", [("Apple", "AMC"), ("Snap", "BMO")]),
        ("Apple 🌙, Snap ☀️", [("Apple", "AMC"), ("Snap", "BMO")]),
        ("–", []),
        ("keine", []),
    ],
)  # fmt: skip
def test_company_lists_split_only_where_names_end(companies, expected):
    rows, warnings = one(f"Montag 3. Februar: {companies}")
    assert [(company, timing) for _, _, company, timing in rows] == expected
    assert warnings == []


@pytest.mark.parametrize(
    ("alias", "timing"),
    [(alias, timing) for timing, aliases in TIMING_ALIASES.items() for alias in aliases],
)
def test_every_timing_spelling_is_read_in_parentheses_and_bare(alias, timing):
    for written in (f"Apple ({alias})", f"Apple {alias}", f"Apple ({alias.upper()})"):
        assert one(f"Montag 3. Februar: {written}") == ([(MON, "Montag", "Apple", timing)], [])


@pytest.mark.parametrize(
    ("written", "timing"),
    [
        ("(bmo)", "BMO"),
        ("(vorbörslich)", "BMO"),
        ("(vorboerslich)", "BMO"),
        ("(Pre-Market)", "BMO"),
        ("(pre market)", "BMO"),
        ("(nachbörslich)", "AMC"),
        ("(After Hours)", "AMC"),
        ("(after-hours)", "AMC"),
        ("(Nach Boersenschluss)", "AMC"),
    ],
)
def test_timing_spellings_fold_case_umlauts_and_hyphens(written, timing):
    assert one(f"Montag 3. Februar: Apple {written}")[0][0][3] == timing


def test_december_issue_listing_january_days_means_next_year():
    text = "Montag 29. Dezember: Nike (AMC)\nFreitag 2. Januar: Tesla (BMO)"
    rows, warnings = parse_earnings(text, issue_date=dt.date(2025, 12, 29))
    assert [r.date for r in rows] == [dt.date(2025, 12, 29), dt.date(2026, 1, 2)]
    assert warnings == []


def test_january_issue_listing_late_december_days_means_previous_year():
    rows, warnings = parse_earnings("Mittwoch 31.12.: Nike (AMC)", issue_date=dt.date(2026, 1, 2))
    assert rows == [EarningsRow(dt.date(2025, 12, 31), "Mittwoch", "Nike", "AMC")]
    assert warnings == []


def test_a_year_written_in_the_line_wins():
    rows, _ = parse_earnings("Freitag 2. Januar 2026: Tesla", issue_date=dt.date(2025, 2, 3))
    assert [r.date for r in rows] == [dt.date(2026, 1, 2)]


def test_weekday_that_does_not_match_is_reported_and_the_date_kept():
    rows, warnings = one("Montag 4. Februar: PayPal (BMO)")
    assert rows == [(dt.date(2025, 2, 4), "Dienstag", "PayPal", "BMO")]
    assert warnings == ["Montag 4. Februar 2025: der 4. Februar ist ein Dienstag."]


def test_abbreviated_wrong_weekday_is_reported_by_its_full_name():
    _, warnings = one("Fr. 3.2.: Palantir")
    assert warnings == ["Freitag 3. Februar 2025: der 3. Februar ist ein Montag."]


def test_heading_and_prose_lines_are_ignored_silently():
    text = "\n".join(
        [
            HEADING,
            "",
            "Die wichtigsten Termine der Woche:",
            "So viel zu den Zahlen.",
            "1. FC Köln ist nicht börsennotiert",
            "Montag 3. Februar: Palantir (AMC)",
            "Mehr dazu im Podcast.",
        ]
    )
    assert one(text) == ([(MON, "Montag", "Palantir", "AMC")], [])


def test_line_with_timings_but_no_date_is_reported_and_skipped():
    rows, warnings = one("Montag 3. Februar: Palantir (AMC)\nMontag: Snap (AMC)\nUber (BMO)")
    assert [r[2] for r in rows] == ["Palantir"]
    assert warnings == [
        "Zeile „Montag: Snap (AMC)“: kein Datum erkannt, übersprungen.",
        "Zeile „Uber (BMO)“: kein Datum erkannt, übersprungen.",
    ]


def test_impossible_date_is_reported_and_skipped():
    rows, warnings = one("Montag 31. Februar: Palantir (AMC)\nDienstag 4. Februar: Snap")
    assert [r[2] for r in rows] == ["Snap"]
    assert warnings == [
        "Zeile „Montag 31. Februar: Palantir (AMC)“: den 31. Februar gibt es nicht, übersprungen."
    ]


def test_leap_day_exists_only_in_leap_years():
    rows, _ = one("Donnerstag 29. Februar: Apple", dt.date(2024, 2, 26))
    assert rows[0][0] == dt.date(2024, 2, 29)
    rows, warnings = one("Donnerstag 29. Februar: Apple", dt.date(2025, 2, 24))
    assert rows == []
    assert "den 29. Februar gibt es nicht" in warnings[0]


def test_date_far_from_the_issue_is_kept_with_a_warning():
    rows, warnings = one("Montag 3. März: Palantir")
    assert [r[0] for r in rows] == [dt.date(2025, 3, 3)]
    assert warnings == [
        "Montag 3. März 2025: liegt 28 Tage nach dem Ausgabedatum (3. Februar 2025) – Tippfehler?"
    ]


def test_without_issue_date_or_year_only_lines_with_a_year_are_kept():
    text = "Montag 3. Februar: Palantir\nDienstag 04.02.2025: Snap\nMittwoch 5. Februar: Uber"
    rows, warnings = parse_earnings(text, issue_date=None)
    assert [(r.date, r.company) for r in rows] == [(dt.date(2025, 2, 4), "Snap")]
    assert warnings == [
        "Earnings: kein Ausgabedatum und kein Jahr bekannt – 2 Tageszeile(n) ohne Jahreszahl "
        "übersprungen."
    ]


def test_section_without_any_day_line_is_reported():
    rows, warnings = one(f"{HEADING}\nDiese Woche machen wir Pause.")
    assert rows == []
    assert len(warnings) == 1
    assert warnings[0].startswith("Earnings: keine Tageszeile erkannt")


def test_two_timings_for_one_company_are_reported_and_the_last_kept():
    rows, warnings = one("Montag 3. Februar: Apple (BMO) (AMC)")
    assert rows == [(MON, "Montag", "Apple", "AMC")]
    assert warnings == [
        "Montag 3. Februar 2025: „Apple (BMO) (AMC)“ hat mehrere Zeitangaben, AMC übernommen."
    ]


def test_timing_without_a_name_is_reported():
    rows, warnings = one("Montag 3. Februar: Apple (AMC), (BMO)")
    assert [r[2] for r in rows] == ["Apple"]
    assert warnings == ["Montag 3. Februar 2025: „(BMO)“ ohne Firmennamen."]
