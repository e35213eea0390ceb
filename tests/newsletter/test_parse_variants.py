"""How real issues vary: titles, weeks, dates, number formats, feed shapes, messy HTML."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from newsletter.errors import ParseError
from newsletter.model import ParsedIssue
from newsletter.parse import parse_issue
from tests.newsletter.issue_samples import (
    CHART_SRC,
    fragment,
    h2,
    intro,
    p,
    rss,
    rss_item,
    sections,
    web_page,
)

KINDS = ["header", "lead", "news", "chart", "podcast", "earnings", "closing"]
KW16 = "KW16 - 🌹 Audienz bei Don Zolleone"
KW16_LINK = "https://doppelgaenger.beehiiv.com/p/kw15-audienz-bei-don-zolleone-1"


def text_of(issue: ParsedIssue) -> str:
    html = "\n".join(s.html for s in issue.sections)
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def kw16_item(title: str = KW16, today_week: str = "KW16") -> str:
    today = f"Heute ist Montag, der 14. April 2025 und die {today_week} startet."
    return rss_item(
        title=title,
        link=KW16_LINK,
        pub_date="Mon, 14 Apr 2025 04:00:00 +0000",
        creator="Philipp Klöckner · 14. April 2025",
        body=fragment(*intro(today=today), *sections()),
    )


def test_emoji_title_gives_the_week_from_the_title_not_the_slug() -> None:
    issue = parse_issue(rss(kw16_item()))
    assert issue.meta.title == KW16
    assert (issue.meta.week, issue.meta.date) == (16, dt.date(2025, 4, 14))
    assert issue.meta.url == KW16_LINK
    assert issue.warnings == []


def test_title_with_nbsp_after_the_emoji_is_normalised() -> None:
    issue = parse_issue(rss(kw16_item(title="KW16 - 🌹\u00a0Audienz bei Don Zolleone")))
    assert issue.meta.title == KW16
    assert issue.sections[0].title == KW16


def test_kw_written_with_a_space_is_read() -> None:
    issue = parse_issue(rss(kw16_item(title="KW 16 - Audienz")))
    assert issue.meta.week == 16


def test_intro_week_typo_loses_to_the_title_with_a_warning() -> None:
    issue = parse_issue(rss(kw16_item(today_week="KW15")))
    assert issue.meta.week == 16
    assert issue.warnings == [
        "Die KW im Intro (KW15) weicht von der KW im Titel (KW16) ab; verwendet wird KW16."
    ]
    assert "Heute ist" not in issue.sections[0].html


def test_ostermontag_intro_dates_a_bare_fragment() -> None:
    today = "Heute ist 🐰 Ostermontag, der 21. April 2025 und die KW17 startet."
    issue = parse_issue(fragment(*intro(today=today), *sections()))
    meta = issue.meta
    assert (meta.date, meta.week, meta.year) == (dt.date(2025, 4, 21), 17, 2025)
    assert meta.title == "Doppelgänger Update KW17/2025"
    assert "Ostermontag" not in text_of(issue)


def test_stale_byline_loses_to_date_published_with_a_warning() -> None:
    issue = parse_issue(web_page(byline="Von Philipp Klöckner · 27. Januar 2025"))
    assert issue.meta.date == dt.date(2025, 2, 3)
    assert issue.meta.author == "Philipp Klöckner"
    assert len(issue.warnings) == 1
    assert "Autorenzeile (27. Januar 2025)" in issue.warnings[0]
    assert "verwendet wird 3. Februar 2025" in issue.warnings[0]


def test_without_date_published_the_intro_beats_a_stale_byline() -> None:
    issue = parse_issue(web_page(byline="Von Philipp Klöckner · 27. Januar 2025", published=None))
    assert issue.meta.date == dt.date(2025, 2, 3)
    assert any("27. Januar 2025" in w for w in issue.warnings)


def test_intro_date_that_differs_from_the_metadata_stays_in_the_header() -> None:
    today = "Heute ist Montag, der 5. Mai 2025 und die KW19 startet."
    item = rss_item(
        title="KW19 - Mittwochsausgabe",
        pub_date="Wed, 07 May 2025 05:00:00 +0000",
        body=fragment(*intro(today=today), *sections()),
    )
    issue = parse_issue(rss(item))
    assert issue.meta.date == dt.date(2025, 5, 7)
    assert issue.sections[0].html == f"<p>{today}</p>"
    assert any("Intro" in w and "5. Mai 2025" in w for w in issue.warnings)


def test_publication_time_is_read_as_a_berlin_date() -> None:
    item = rss_item(pub_date="Sun, 02 Feb 2025 23:30:00 +0000", creator="Philipp Klöckner")
    assert parse_issue(rss(item)).meta.date == dt.date(2025, 2, 3)


def test_nbsp_after_emoji_hides_neither_chrome_nor_headings() -> None:
    blocks = [
        p("👋\u00a0Hallo! Du empfängst diesen Newsletter als eine(r) von 6.579 Abonnent:innen."),
        p("❤️\u00a0Danke an alle, die letzte Woche geteilt haben! Heute ist Montag, der 3. Februar"
          " 2025 und die KW6 startet."),
        h2("🛗\u00a0Der Drache"), p("Text."),
        h2("🦉\u00a0Chart der Woche: Fonds"), p("Chart."),
    ]  # fmt: skip
    issue = parse_issue(fragment(*blocks))
    assert [(s.kind, s.title) for s in issue.sections] == [
        ("header", "Doppelgänger Update KW6/2025"),
        ("lead", "🛗 Der Drache"),
        ("chart", "🦉 Chart der Woche: Fonds"),
    ]
    assert issue.sections[0].html == ""
    assert "Abonnent" not in text_of(issue)


@pytest.mark.parametrize(
    ("sentence", "words", "minutes"),
    [
        ("Der heutige Newsletter hat 1,176 Wörter und das vollständige Lesen dauert etwa 6 Min.",
         1176, 6),
        ("Die heutige Ausgabe hat 1.115 Worte und das vollständige Lesen dauert etwa 5 Minuten.",
         1115, 5),
        ("Der heutige Newsletter hat 980 Wörter und das Lesen dauert ca. 4 Minuten.", 980, 4),
    ],
)  # fmt: skip
def test_word_count_and_reading_time_in_any_number_format(
    sentence: str, words: int, minutes: int
) -> None:
    issue = parse_issue(fragment(*intro(length=sentence), *sections()))
    assert (issue.meta.words, issue.meta.reading_minutes) == (words, minutes)
    assert issue.sections[0].html == ""


def test_subscriber_count_with_a_dot_is_dropped_whole() -> None:
    issue = parse_issue(fragment(*intro(subscribers="6.579"), *sections()))
    assert "579" not in text_of(issue)


def test_atom_feed_gives_the_same_sections_as_rss() -> None:
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Doppelgänger Update</title><id>urn:x</id><updated>2025-02-03T05:00:00Z</updated>"
        "<entry><title>KW6 - Der Drache erwacht (Oder schlafen wir nur?)</title>"
        '<link rel="alternate" href="https://doppelgaenger.beehiiv.com/p/kw6-der-drache-erwacht"/>'
        "<id>urn:kw6</id><published>2025-02-03T05:00:00Z</published>"
        "<updated>2025-02-03T05:00:00Z</updated><author><name>Philipp Klöckner</name></author>"
        "<summary>Doppelgänger Update (BETA)</summary>"
        f'<content type="html"><![CDATA[{fragment()}]]></content></entry></feed>'
    )
    from_atom, from_rss = parse_issue(atom), parse_issue(rss(rss_item()))
    assert from_atom.sections == from_rss.sections
    assert from_atom.meta == from_rss.meta
    assert [s.kind for s in from_atom.sections] == KINDS


def _three_items() -> str:
    def item(week: int, day: int) -> str:
        return rss_item(
            title=f"KW{week} - Ausgabe {week}",
            link=f"https://doppelgaenger.beehiiv.com/p/kw{week}-ausgabe",
            pub_date=f"Mon, {day:02d} {'Feb' if week == 6 else 'Jan'} 2025 05:00:00 +0000",
            body=fragment(p("Intro."), *sections(lead=f"🛗 Lead {week}")),
        )

    return rss(item(5, 27), item(6, 3), item(4, 20))


def test_newest_item_of_a_multi_item_feed_is_chosen() -> None:
    issue = parse_issue(_three_items())
    assert issue.meta.week == 6
    assert issue.sections[1].title == "🛗 Lead 6"


@pytest.mark.parametrize(
    "link",
    [
        "https://doppelgaenger.beehiiv.com/p/kw4-ausgabe",
        "https://doppelgaenger.beehiiv.com/p/kw4-ausgabe/",
        "http://doppelgaenger.beehiiv.com/p/kw4-ausgabe?utm_source=telegram#top",
    ],
)
def test_item_is_chosen_by_its_link(link: str) -> None:
    issue = parse_issue(_three_items(), link=link)
    assert issue.meta.week == 4
    assert issue.sections[1].title == "🛗 Lead 4"


def test_unknown_link_is_a_parse_error_naming_the_link() -> None:
    with pytest.raises(ParseError, match="kw9-gibt-es-nicht"):
        parse_issue(_three_items(), link="https://doppelgaenger.beehiiv.com/p/kw9-gibt-es-nicht")


def test_tracking_parameters_leave_every_link_and_other_parameters_stay() -> None:
    link = "https://techcrunch.com/a?utm_source=rss&id=7&_bhlid=abc&utm_medium=x&q=a%20b#frag"
    issue = parse_issue(rss(rss_item(body=fragment(*intro(), *sections(link=link)))))
    html = "".join(s.html for s in issue.sections)
    assert 'href="https://techcrunch.com/a?id=7&amp;q=a%20b#frag"' in html
    assert "utm_" not in html
    assert "_bhlid" not in html


def test_page_or_fragment_without_url_takes_the_given_link() -> None:
    issue = parse_issue(fragment(), link="https://doppelgaenger.beehiiv.com/p/kw6")
    assert issue.meta.url == "https://doppelgaenger.beehiiv.com/p/kw6"


def test_news_intro_variant_and_unknown_heading() -> None:
    blocks = [
        *intro(), h2("🛗 Lead"), p("Lead."), p("Weitere News der Woche:"), p("🔓 Meldung."),
        h2("🧭 Sonstiges"), p("Anderes."), h2("🎙️ Podcast-Tipp"), p("Hören."),
    ]  # fmt: skip
    issue = parse_issue(fragment(*blocks))
    assert [(s.kind, s.title) for s in issue.sections[1:]] == [
        ("lead", "🛗 Lead"),
        ("news", "News der Woche"),
        ("other", "🧭 Sonstiges"),
        ("podcast", "🎙️ Podcast-Tipp"),
    ]
    assert issue.sections[2].html == "<p>Weitere News der Woche:</p>\n<p>🔓 Meldung.</p>"


def test_scripts_styles_and_forms_are_removed_and_iframes_become_links_with_warnings() -> None:
    blocks = [
        *intro(), h2("🛗 Lead"), p("Vorher."), "<script>alert('x')</script>",
        "<style>p{color:red}</style>", '<iframe src="https://open.spotify.com/embed/x"></iframe>',
        "<noscript>Bitte JavaScript</noscript>",
        '<form action="/subscribe"><input name="email"><button>Abonnieren</button></form>',
        p("Nachher."),
    ]  # fmt: skip
    issue = parse_issue(fragment(*blocks))
    assert issue.sections[1].html == (
        "<h2>🛗 Lead</h2>\n<p>Vorher.</p>\n"
        '<p>🎧 <a href="https://open.spotify.com/x">Auf Spotify anhören</a></p>\n<p>Nachher.</p>'
    )
    assert "Formular oder Schaltfläche im Beitrag entfernt." in issue.warnings
    assert (
        "Eingebetteter Player (Spotify) durch einen Link ersetzt: https://open.spotify.com/x"
        in issue.warnings
    )


def test_page_forms_outside_the_post_body_raise_no_warning() -> None:
    page = web_page().replace("</body>", "<form><button>Abonnieren</button></form></body>")
    assert parse_issue(page).warnings == []


def test_table_becomes_one_paragraph_per_row_with_a_warning() -> None:
    table = (
        "<table><tr><th>Firma</th><th>Zeit</th></tr>"
        '<tr><td><a href="https://x.com/?utm_source=a">Palantir</a></td><td><b>AMC</b></td></tr>'
        "</table>"
    )
    issue = parse_issue(fragment(*intro(), h2("🛗 Lead"), table))
    assert issue.sections[1].html == (
        "<h2>🛗 Lead</h2>\n<p>Firma | Zeit</p>\n"
        '<p><a href="https://x.com/">Palantir</a> | <b>AMC</b></p>'
    )
    assert any("Tabelle" in w for w in issue.warnings)


def test_broken_nesting_loses_no_text() -> None:
    messy = (
        "<h2>🛗 Lead</h2><p>eins <b>zwei <i>drei</b> vier</i> fünf<p>sechs<div>sieben</div>acht"
        "</p><ul><li>neun<li>zehn</ul>elf <span>zwölf<div>dreizehn</span></div></td>vierzehn"
        "<blockquote><p>fünfzehn<p>sechzehn</blockquote></b></div>siebzehn"
    )
    issue = parse_issue(fragment(*intro(), messy))
    words = text_of(issue).split()
    assert words[words.index("eins") :] == [
        "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf",
        "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn",
    ]  # fmt: skip


def test_image_caption_stays_as_its_own_paragraph() -> None:
    image = (
        f'<div class="image"><img src="{CHART_SRC}"/>'
        '<div class="image__source"><span>Quelle: Sherwood</span></div></div>'
    )
    issue = parse_issue(fragment(*intro(), h2("🦉 Chart der Woche: X"), image, p("Text.")))
    chart = issue.sections[1]
    assert (chart.kind, chart.image) == ("chart", CHART_SRC)
    assert chart.html == "<h2>🦉 Chart der Woche: X</h2>\n<p>Quelle: Sherwood</p>\n<p>Text.</p>"


def test_a_long_paragraph_without_line_breaks_is_just_content() -> None:
    long = " ".join(f"Wort{i}" for i in range(2500))
    assert len(long) > 20_000
    issue = parse_issue(fragment(*intro(), h2("🛗 Lead"), p(long)))
    assert issue.sections[1].html == f"<h2>🛗 Lead</h2>\n<p>{long}</p>"


def test_a_five_megabyte_issue_parses() -> None:
    item = p("🔓 <b>Meldung:</b> " + "Ein Satz über Märkte. " * 40) + p(
        '🔗 <a class="link" href="https://example.com/?utm_source=x&amp;id=1">Quelle</a>'
    )
    blocks = [*intro(), *sections()]
    at = blocks.index(p("Das sind die weiteren News der Woche:")) + 1
    data = rss(rss_item(body=fragment(*blocks[:at], *[item] * 5200, *blocks[at:]))).encode()
    assert len(data) > 5_000_000
    issue = parse_issue(data)
    assert [s.kind for s in issue.sections] == KINDS
    news = issue.sections[2].html
    assert news.count("<p>🔓 <b>Meldung:</b>") == 5200
    assert news.count('href="https://example.com/?id=1"') == 5200


def test_text_pushed_out_of_the_web_content_blocks_is_kept() -> None:
    blocks = [*intro(), *sections()]
    blocks[-1] += "</div></div>" + p("Entkommener Absatz.")
    issue = parse_issue(web_page(blocks=blocks))
    assert issue.sections[-1].html.endswith("<p>Entkommener Absatz.</p>")
    assert "Posts" not in text_of(issue)
