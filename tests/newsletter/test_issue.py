"""The whole pipeline on the real KW6 issue: `build_issue(...).to_dict()`, the `--json` shape.

Each check takes the JSON dict, so `tests/bot/cli/test_preview.py` runs the same checks on the
CLI's output (`assert_kw6_issue`). Forms: the RSS feed, the web page and the bare `div.beehiiv`
fragment cut from the feed's `content:encoded` (its date and week come from its own intro).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from newsletter.issue import build_issue
from newsletter.limits import MAX_CAPTION, MAX_ENTITIES, MAX_TEXT
from newsletter.utf16 import utf16_len, utf16_slice
from tests.newsletter.issue_samples import kw6_fragment

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FORMS = ["rss", "web", "fragment"]
KINDS = ["header", "lead", "news", "chart", "podcast", "earnings", "closing"]
LEAD_HEADING = "🛗 Der KI Drache erwacht - Waren wir blind?"

# The lines of kw06-2025.txt that a Telegram reader never sees: email chrome (greeting,
# referral race, inbox advice, referral link). The intro line also holds the length and
# "Heute ist …" sentences, which the header shows from the metadata instead.
CHROME_LINES = (
    "👋\u00a0Hallo! Du empfängst diesen Newsletter als eine(r) von 17,659 Abonnent:innen (+81).",
    "❤️ Danke an alle, die letzte Woche neue Leser:innen auf unseren Newsletter aufmerksam gemacht"
    " haben! Die “Share the Newsletter” Funktion findet ihr am Ende der aktuellen Ausgabe und das"
    " Rennen startet jeden Montag von neuem. Der heutige Newsletter hat 1.066 Wörter und das"
    " vollständige Lesen dauert etwa 5 Minuten. Heute ist Montag, der 3. Februar 2025 und die KW6"
    " startet.",
    "Dieser Newsletter wird auch weiterhin jeden Montagmorgen auf wundersame Weise in Deiner Inbox"
    " erscheinen. Einen Faxabruf gibt es leider nicht. Vielleicht solltest Du die Absender-eMail in"
    " Deinem eMail-Programm whitelisten oder den Newsletter in Deine Primary Inbox verschieben, um"
    " keine Ausgabe zu verpassen.",
    "Oder nutze diesen Link um ihn in sozialen Netzwerken und mit Freunden zu teilen:"
    " https://doppelgaenger.beehiiv.com/subscribe?ref=PLACEHOLDER",
    "Die erfolgreichsten Helfer:innen, erwähnen wir im nächsten Newsletter.",
)
# Pieces of the chrome that must not survive anywhere, not even half a sentence of them.
CHROME_PIECES = (
    "Du empfängst",
    "Abonnent:innen",
    "17,659",
    "Danke an alle",
    "Share the Newsletter",
    "Rennen startet",
    "Montagmorgen",
    "Inbox",
    "Faxabruf",
    "whitelisten",
    "Absender-eMail",
    "nutze diesen Link",
    "subscribe?ref=",
    "PLACEHOLDER",
    "Helfer:innen",
    "Powered by beehiiv",
    "beehiiv.com/?utm",
    "utm_",
)
# Every link of the kept sections, in order: (text, real URL).
SECTION_LINKS = [
    ("TechCrunch", "https://techcrunch.com/"),
    ("Reddit", "https://www.reddit.com/"),
    ("Bloomberg", "https://www.bloomberg.com/"),
    ("Reuters", "https://www.reuters.com/"),
    ("TechCrunch", "https://techcrunch.com/"),
    ("WSJ", "https://www.wsj.com/"),
    ("New York Times", "https://www.nytimes.com/"),
    ("Washington Post", "https://www.washingtonpost.com/"),
    ("Sherwood", "https://sherwood.news/"),
    ("Spotify", "https://open.spotify.com/"),
    ("Apple", "https://podcasts.apple.com/"),
    ("Website", "https://www.manager-magazin.de/"),
]
URL = "https://doppelgaenger.beehiiv.com/p/kw6-der-drache-erwacht"
EARNINGS = [
    ("2025-02-03", "Montag", "Palantir", "AMC"),
    ("2025-02-04", "Dienstag", "PayPal", "BMO"),
    ("2025-02-04", "Dienstag", "BestBuy", "BMO"),
    ("2025-02-04", "Dienstag", "Spotify", "BMO"),
    ("2025-02-04", "Dienstag", "Pfizer", "BMO"),
    ("2025-02-04", "Dienstag", "AMD", "AMC"),
    ("2025-02-04", "Dienstag", "Alphabet", "AMC"),
    ("2025-02-04", "Dienstag", "Snap", "AMC"),
    ("2025-02-04", "Dienstag", "Chipotle", "AMC"),
    ("2025-02-05", "Mittwoch", "Uber", "BMO"),
    ("2025-02-05", "Mittwoch", "Disney", "BMO"),
    ("2025-02-05", "Mittwoch", "Novo Nordisk", "BMO"),
    ("2025-02-05", "Mittwoch", "Ford", "AMC"),
    ("2025-02-05", "Mittwoch", "Qualcomm", "AMC"),
    ("2025-02-05", "Mittwoch", "arm", "AMC"),
    ("2025-02-06", "Donnerstag", "Eli Lilly", "BMO"),
    ("2025-02-06", "Donnerstag", "Roblox", "BMO"),
    ("2025-02-06", "Donnerstag", "Peloton", "BMO"),
    ("2025-02-06", "Donnerstag", "amazon", "AMC"),
    ("2025-02-06", "Donnerstag", "Cloudflare", "AMC"),
    ("2025-02-06", "Donnerstag", "affirm", "AMC"),
    ("2025-02-06", "Donnerstag", "fortinet", "AMC"),
    ("2025-02-06", "Donnerstag", "Pinterest", "AMC"),
]


def kw6_input(form: str) -> bytes | str:
    """The KW6 issue in one of its forms, as `build_issue` and the CLI take it."""
    if form == "fragment":
        return kw6_fragment()
    name = {"rss": "kw06-2025.rss.xml", "web": "kw06-2025.web.html"}[form]
    return (FIXTURES / name).read_bytes()


def kw6_dict(form: str) -> dict[str, Any]:
    """`build_issue(...).to_dict()` of the KW6 issue in `form`."""
    return build_issue(kw6_input(form)).to_dict()


@pytest.fixture(scope="module", params=FORMS)
def issue(request: pytest.FixtureRequest) -> dict[str, Any]:
    return kw6_dict(request.param)


def messages_of(data: dict[str, Any], *, kinds: tuple[str, ...] | None = None) -> list[dict]:
    """The messages of the issue in sending order, of the sections of `kinds` (default: all)."""
    return [
        message
        for section in data["sections"]
        if kinds is None or section["kind"] in kinds
        for message in section["messages"]
    ]


def entity_text(message: dict[str, Any], entity: dict[str, Any]) -> str:
    """The part of the message's text an entity covers (offsets in UTF-16 units)."""
    return utf16_slice(message["text"], entity["offset"], entity["length"])


def expected_words() -> list[str]:
    """The words of the kept sections: kw06-2025.txt from the lead on, without chrome lines."""
    lines = (FIXTURES / "kw06-2025.txt").read_text(encoding="utf-8").splitlines()
    body = lines[lines.index(LEAD_HEADING) :]
    return " ".join(line for line in body if line not in CHROME_LINES).split()


KEPT = ("lead", "news", "chart", "podcast", "earnings", "closing")


def check_kinds(data: dict[str, Any]) -> None:
    assert [s["kind"] for s in data["sections"]] == KINDS
    titles = {s["kind"]: s["title"] for s in data["sections"]}
    assert titles["lead"] == LEAD_HEADING
    assert titles["chart"] == "🦉 Chart der Woche: Der Vorzeigefonds"
    assert titles["podcast"].startswith("🎧 Hörenswert: Manager Magazin")
    assert titles["earnings"] == "🖨️ Earnings Season: Quartalsergebnisse der Woche"
    [chart] = [s for s in data["sections"] if s["kind"] == "chart"]
    assert chart["messages"][0]["photo"].startswith("https://media.beehiiv.com/")
    assert chart["messages"][0]["photo"].endswith("/chart.png")
    assert (data["date"], data["week"], data["year"]) == ("2025-02-03", 6, 2025)
    assert (data["words"], data["reading_minutes"]) == (1066, 5)


def check_earnings(data: dict[str, Any]) -> None:
    rows = [(r["date"], r["weekday"], r["company"], r["timing"]) for r in data["earnings"]]
    assert rows == EARNINGS
    assert len(rows) == 23
    assert not [r for r in rows if r[0] == "2025-02-07"]  # Freitag: no company reports
    assert not [w for w in data["warnings"] if w.startswith("Earnings")]


def check_links(data: dict[str, Any]) -> None:
    got = [
        (entity_text(m, e), e["url"])
        for m in messages_of(data, kinds=KEPT)
        for e in m["entities"]
        if e["type"] == "text_link"
    ]
    assert got == SECTION_LINKS
    markdown = "\n".join(s["markdown"] for s in data["sections"] if s["kind"] in KEPT)
    position = 0
    for text, url in SECTION_LINKS:
        found = markdown.find(f"[{text}]({url})", position)
        assert found >= 0, f"[{text}]({url}) missing from the Markdown"
        position = found + 1
    header_links = [
        (entity_text(m, e), e["url"])
        for m in messages_of(data, kinds=("header",))
        for e in m["entities"]
        if e["type"] == "text_link"
    ]
    assert header_links == ([("Im Browser lesen", URL)] if data["url"] else [])


def check_words(data: dict[str, Any]) -> None:
    rendered = "\n".join(m["text"] for m in messages_of(data, kinds=KEPT))
    position = 0
    for word in expected_words():
        found = rendered.find(word, position)
        assert found >= 0, f"{word!r} missing after …{rendered[max(0, position - 60) : position]!r}"
        position = found + len(word)


def check_no_chrome(data: dict[str, Any]) -> None:
    places = [m["text"] for m in messages_of(data)]
    places += [s["markdown"] for s in data["sections"]] + [s["title"] for s in data["sections"]]
    places += [data["title"], data["subtitle"] or ""]
    for place in places:
        for piece in CHROME_PIECES:
            assert piece not in place, f"chrome {piece!r} in {place[:80]!r}"
    # the intro's facts are in the header line "KW 6 · 3. Februar 2025", not as prose
    for place in places:
        assert "Heute ist" not in place and "Der heutige Newsletter" not in place


def check_sendable(data: dict[str, Any]) -> None:
    for message in messages_of(data):
        text, photo = message["text"], message["photo"]
        size = utf16_len(text)
        assert text == text.strip()
        assert text or photo
        assert size <= (MAX_CAPTION if photo else MAX_TEXT)
        assert len(message["entities"]) <= MAX_ENTITIES
        for e in message["entities"]:
            assert e["length"] > 0 and e["offset"] >= 0 and e["offset"] + e["length"] <= size


def assert_kw6_issue(data: dict[str, Any]) -> None:
    """Every acceptance check of the KW6 issue, on its JSON form."""
    for check in (check_kinds, check_earnings, check_links, check_words, check_no_chrome):
        check(data)
    check_sendable(data)


def test_the_chrome_lines_are_really_lines_of_the_text_form() -> None:
    lines = (FIXTURES / "kw06-2025.txt").read_text(encoding="utf-8").splitlines()
    assert set(CHROME_LINES) <= set(lines)
    assert len(expected_words()) > 800


def test_issue_has_the_seven_sections_of_kw6_with_their_kinds(issue: dict[str, Any]) -> None:
    check_kinds(issue)


def test_earnings_are_the_23_companies_with_dates_and_timings(issue: dict[str, Any]) -> None:
    check_earnings(issue)


def test_every_link_is_a_text_link_with_the_real_url_and_in_the_markdown(issue) -> None:
    check_links(issue)


def test_every_word_of_the_kept_sections_is_in_the_messages_in_order(issue) -> None:
    check_words(issue)


def test_no_email_chrome_in_messages_markdown_or_titles(issue: dict[str, Any]) -> None:
    check_no_chrome(issue)


def test_every_message_is_within_telegrams_limits(issue: dict[str, Any]) -> None:
    check_sendable(issue)


def test_the_fragment_dates_itself_from_its_intro_and_says_it_has_no_title() -> None:
    data = kw6_dict("fragment")
    assert (data["date"], data["week"], data["year"]) == ("2025-02-03", 6, 2025)
    assert (data["url"], data["subtitle"], data["author"]) == (None, None, None)
    assert data["title"] == "Doppelgänger Update KW6/2025"
    assert data["warnings"] == [
        "Kein Titel gefunden; verwendet wird „Doppelgänger Update KW6/2025“."
    ]


def test_feed_and_web_page_carry_the_issue_metadata_and_no_warnings() -> None:
    for form in ("rss", "web"):
        data = kw6_dict(form)
        assert data["title"] == "KW6 - Der Drache erwacht (Oder schlafen wir nur?)"
        assert (data["subtitle"], data["author"]) == (
            "Doppelgänger Update (BETA)",
            "Philipp Klöckner",
        )
        assert data["url"] == URL
        assert data["warnings"] == []


def test_the_header_message_states_title_week_date_length_and_link() -> None:
    [header] = kw6_dict("rss")["sections"][0]["messages"]
    assert header["text"] == (
        "KW6 - Der Drache erwacht (Oder schlafen wir nur?)\nDoppelgänger Update (BETA)\n\n"
        "KW 6 · 3. Februar 2025\n1.066 Wörter · ca. 5 Min. Lesezeit\nIm Browser lesen"
    )


def test_earnings_rows_carry_real_dates_of_the_issue_week() -> None:
    rows = build_issue(kw6_input("rss")).earnings
    assert {row.date for row in rows} == {dt.date(2025, 2, day) for day in (3, 4, 5, 6)}
    assert all(row.date.isocalendar().week == 6 for row in rows)


def test_an_invalid_rendered_message_is_refused_with_a_parse_error(monkeypatch, fixtures):
    """Should the renderer ever break a limit, the issue is refused in one line, never sent."""
    import newsletter.issue as issue_module
    from newsletter.errors import ParseError
    from newsletter.model import Message, Section

    def broken(raw):
        return Section(kind=raw.kind, title=raw.title, markdown="", messages=[Message("x" * 5000)])

    monkeypatch.setattr(issue_module, "render_section", broken)
    data = (fixtures / "kw06-2025.rss.xml").read_bytes()
    with pytest.raises(ParseError, match="5000 UTF-16 units > 4096"):
        issue_module.build_issue(data)
