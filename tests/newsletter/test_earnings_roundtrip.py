"""Property: earnings rows written out in any accepted way are read back as the same rows."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from newsletter.earnings import parse_earnings
from newsletter.earnings_timing import MAX_ALIAS_WORDS, TIMING_ALIASES, read_timing
from newsletter.german_dates import MONTHS, WEEKDAYS
from newsletter.model import EarningsRow

SPACE = st.sampled_from([" ", "  ", "\u00a0", "\u202f", "\t", " \u00a0 "])
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÄÖÜäöüß0123456789"
WORD = st.builds(
    lambda first, middle, last: first + middle + last,
    st.sampled_from(ALNUM),
    st.text(ALNUM + ".&'+-", max_size=8),
    st.sampled_from(["", ".", *ALNUM]),
).filter(
    # A name never ends in a dash or "&": before a bare timing ("Apple - BMO") that reads as
    # the separator, so "A- BMO" is company "A".
    lambda w: any(c.isalpha() for c in w) and not w.endswith(("-", "&", "+", "'"))
)
REAL_NAMES = [
    ["Procter", "&", "Gamble"],
    ["Coca-Cola", "Co."],
    ["Booking.com"],
    ["3M"],
    ["AT&T"],
    ["arm"],
    ["Novo", "Nordisk"],
    ["AMC", "Entertainment"],
    ["Berkshire", "Hathaway", "B"],
]
NOT_NAMES = {"keine", "nichts", "tba", "und"}
PROSE = ["🖨️ Earnings Season: Quartalsergebnisse der Woche", "", "Alle Zeiten in US-Eastern."]


def plain_name(words: list[str]) -> bool:
    """No "und" to split at, and no trailing words that read as a timing."""
    if any(w in NOT_NAMES or w.casefold() in NOT_NAMES for w in words):
        return False
    tails = range(1, min(MAX_ALIAS_WORDS, len(words)) + 1)
    return not any(read_timing(" ".join(words[-n:])) for n in tails)


NAME_WORDS = st.one_of(
    st.sampled_from(REAL_NAMES), st.lists(WORD, min_size=1, max_size=3).filter(plain_name)
)
INNER_WORDS = st.lists(WORD, min_size=1, max_size=2).filter(plain_name)


@st.composite
def companies(draw) -> tuple[str, str, str | None]:
    """(name as expected, name as written, timing)."""
    words = draw(NAME_WORDS)
    space = draw(SPACE)
    expected, written = " ".join(words), space.join(words)
    if draw(st.booleans()):
        inner = draw(INNER_WORDS)
        if read_timing(" ".join(inner)) is None:
            expected += f" ({' '.join(inner)})"
            written += f"{space}({space.join(inner)})"
    timing = draw(st.sampled_from(["BMO", "AMC", None]))
    if timing is not None:
        alias = draw(st.sampled_from(TIMING_ALIASES[timing]))
        alias = draw(st.sampled_from([alias, alias.upper(), alias.lower()]))
        written += draw(st.sampled_from([f"{space}({alias})", f"({alias})", f"{space}{alias}"]))
    return expected, written, timing


def date_text(draw, date: dt.date) -> str:
    d, m, y = date.day, date.month, date.year
    month = MONTHS[m - 1]
    forms = [
        f"{d}. {month}",
        f"{d:02d}. {month[:3]}.",
        f"{d}.{month}",
        f"{d}.{m}.",
        f"{d:02d}.{m:02d}.",
        f"{d}. {month} {y}",
        f"{d}.{m}.{y}",
        f"{d:02d}.{m:02d}.{y % 100:02d}",
    ]
    if month == "März":
        forms.append(f"{d}. Maerz")
    return draw(st.sampled_from(forms))


@st.composite
def day_lines(draw, issue: dt.date) -> tuple[str, list[EarningsRow]]:
    date = issue + dt.timedelta(days=draw(st.integers(-10, 10)))
    full = WEEKDAYS[date.weekday()]
    weekday = draw(st.sampled_from([full, full.lower(), full[:2], full[:2] + ".", None]))
    when = date_text(draw, date)
    if weekday is None:
        head = when + draw(st.sampled_from([":", " :"]))
    else:
        glue = draw(st.sampled_from([" ", ", ", ", den "]))
        head = draw(st.sampled_from([f"{weekday}{glue}{when}", f"{weekday} ({when})"]))
        head += draw(st.sampled_from([":", " :", " –", ""]))
    items = draw(st.lists(companies(), max_size=5))
    comma = draw(st.sampled_from([", ", ",", "; ", ", , "]))
    body = comma.join(written for _, written, _ in items) + draw(st.sampled_from(["", ",", " "]))
    lead = draw(st.sampled_from(["", "📅 ", "• ", "  "]))
    line = f"{lead}{head}{draw(SPACE)}{body}".replace(" ", draw(SPACE))
    rows = [EarningsRow(date, full, name, timing) for name, _, timing in items]
    return line, rows


@st.composite
def sections(draw) -> tuple[dt.date, str, list[EarningsRow]]:
    issue = draw(st.dates(dt.date(2001, 1, 1), dt.date(2098, 12, 31)))
    days = draw(st.lists(day_lines(issue), min_size=1, max_size=5))
    lines = [draw(st.sampled_from(PROSE))]
    for line, _ in days:
        lines.append(line)
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(PROSE)))
    return issue, "\n".join(lines), [row for _, rows in days for row in rows]


@settings(max_examples=250, deadline=None)
@given(sections())
def test_written_rows_parse_back_to_the_same_rows(section):
    issue, text, expected = section
    rows, warnings = parse_earnings(text, issue_date=issue)
    assert rows == expected
    assert warnings == []
