"""Each of beehiiv's editor blocks, rendered as a Telegram reader expects it (fixtures KW7, KW8)."""

from __future__ import annotations

import pytest

from newsletter.errors import ParseError
from newsletter.issue import build_issue
from newsletter.model import Issue, Message, Section
from newsletter.utf16 import utf16_slice
from tests.newsletter.issue_samples import fragment, h2, intro, p
from tests.newsletter.test_beehiiv_posts import KW7, KW8, rendered

KW8_URL = "https://update.doppelgaenger.io/p/kw8-der-mittelstand-und-die-ki"
PICTURE = "https://media.beehiiv.com/uploads/asset/file/x/bild.png"


def section(issue: Issue, title: str) -> Section:
    return next(s for s in issue.sections if s.title == title)


def in_order(warnings: list[str], expected: list[str]) -> bool:
    """True if `expected` are among `warnings` in this order (other warnings may stand between)."""
    return [w for w in warnings if w in expected] == expected


def marked(message: Message, kind: str) -> list[tuple[str, str | None]]:
    """The texts (and URLs) that entities of `kind` cover in `message`."""
    return [
        (utf16_slice(message.text, e.offset, e.length), e.url)
        for e in message.entities
        if e.type == kind
    ]


@pytest.fixture(scope="module", params=["rss", "web", "fragment"])
def kw7(request: pytest.FixtureRequest) -> Issue:
    return rendered(KW7, request.param)


@pytest.fixture(scope="module", params=["rss", "web"])
def kw8(request: pytest.FixtureRequest) -> Issue:
    return rendered(KW8, request.param)


def test_headings_h1_to_h4_and_a_bold_paragraph_cut_sections(kw7: Issue) -> None:
    assert [(s.kind, s.title) for s in kw7.sections[1:]] == [
        ("lead", "🚢 Zölle: Der Handelskrieg ist zurück"),  # h1 with <b> inside
        ("other", "Warum das wichtig ist"),  # <p><b>…</b></p> standing alone
        ("other", "🧠 Was wir aus KW6 gelernt haben"),  # h3 that is a link, below an h6 kicker
        ("news", "News der Woche"),
        ("chart", "🦉 Chart der Woche: Der Stahlpreis"),
        ("podcast", "🎧 Hörenswert: Handel und Macht"),  # h4
        ("earnings", "🖨️ Earnings Season: Quartalsergebnisse der Woche"),
        ("closing", "Zum Schluss"),
    ]
    [lead] = section(kw7, "🚢 Zölle: Der Handelskrieg ist zurück").messages
    assert marked(lead, "bold")[0] == ("🚢 Zölle: Der Handelskrieg ist zurück", None)


def test_a_kicker_opens_the_section_of_the_heading_below_it(kw7: Issue) -> None:
    [message] = section(kw7, "🧠 Was wir aus KW6 gelernt haben").messages
    assert message.text.startswith("MEINUNG\n\n🧠 Was wir aus KW6 gelernt haben\n\nDie Woche")
    assert ("MEINUNG", None) in marked(message, "bold")
    link = "https://doppelgaenger.beehiiv.com/p/kw6-der-drache-erwacht"
    assert marked(message, "text_link") == [("🧠 Was wir aus KW6 gelernt haben", link)]


def test_a_bold_paragraph_in_the_earnings_list_is_a_label_not_a_section(kw7: Issue) -> None:
    [message] = section(kw7, "🖨️ Earnings Season: Quartalsergebnisse der Woche").messages
    assert message.text.split("\n\n")[1] == "Die wichtigsten Termine"
    assert [row.company for row in kw7.earnings] == [
        "McDonald's", "Coca-Cola", "Shopify", "Airbnb"
    ]  # fmt: skip
    assert not any(w.startswith("Earnings:") for w in kw7.warnings)


def test_lists_keep_paragraphs_in_items_and_one_nested_level(kw7: Issue) -> None:
    [message] = section(kw7, "Warum das wichtig ist").messages
    nbsp = "\u00a0" * 3
    assert message.text.startswith(
        "Warum das wichtig ist\n\n"
        "1. Lieferketten: Teurere Vorprodukte treffen zuerst die Autoindustrie.\n"
        f"{nbsp}Die Margen sind dort ohnehin dünn.\n"
        "2. Inflation: Importpreise steigen.\n"
        "   ◦ Stahl: plus 25 Prozent\n"
        "   ◦ Aluminium: plus 10 Prozent\n"
        "3. Börse: Der DAX verlor am Montag 1,2 Prozent.\n\n"
    )


def test_quotes_are_blockquote_entities_with_the_byline_kept(kw7: Issue) -> None:
    [why] = section(kw7, "Warum das wichtig ist").messages
    assert marked(why, "blockquote") == [
        ("Handelskriege sind gut und leicht zu gewinnen.\n— Donald Trump, 2018", None)
    ]
    [opinion] = section(kw7, "🧠 Was wir aus KW6 gelernt haben").messages
    assert marked(opinion, "blockquote") == [  # an empty byline adds nothing
        ("Die beste Zeit, einen Baum zu pflanzen, war vor zwanzig Jahren.\n"
         "Die zweitbeste ist jetzt.", None)
    ]  # fmt: skip


def test_a_table_is_one_line_per_row_with_a_warning(kw7: Issue) -> None:
    [message] = section(kw7, "Warum das wichtig ist").messages
    assert message.text.endswith(
        "Land | Zoll | ab\n\nUSA | 25 Prozent | 12. März\n\nKanada | 25 Prozent | 4. März"
    )
    assert any(w.startswith("Tabelle in Absätze umgewandelt") for w in kw7.warnings)
    assert "bh__table" not in "".join(m.text for m in kw7.messages)  # the <style> elements


def test_an_image_under_its_heading_is_the_photo_with_its_caption(kw7: Issue) -> None:
    [lead] = section(kw7, "🚢 Zölle: Der Handelskrieg ist zurück").messages
    assert lead.photo is not None and lead.photo.endswith("/containerhafen.jpg")
    assert lead.text.startswith("🚢 Zölle: Der Handelskrieg ist zurück\n\nQuelle: Reuters\n\n")
    assert marked(lead, "text_link") == [("Reuters", "https://www.reuters.com/")]


def test_a_linked_image_keeps_its_link(kw7: Issue) -> None:
    [chart] = section(kw7, "🦉 Chart der Woche: Der Stahlpreis").messages
    assert chart.photo is not None and chart.photo.endswith("/stahlpreis.png")
    assert chart.text.startswith("🦉 Chart der Woche: Der Stahlpreis\n\n🔗 statista.com\n\n")
    assert marked(chart, "text_link") == [
        ("statista.com", "https://www.statista.com/chart/stahlpreis/")
    ]


def test_an_image_inside_the_text_is_a_line_with_its_caption_in_place() -> None:
    image = (
        f'<div class="image"><a class="image__link" href="https://ziel.example/?utm_source=x">'
        f'<img class="image__image" src="{PICTURE}"/></a><figcaption>Ein Bild.</figcaption></div>'
    )
    issue = build_issue(fragment(*intro(), h2("🛗 Lead"), p("Vorher."), image, p("Nachher.")))
    [message] = issue.sections[1].messages
    assert message.photo is None
    assert message.text == ("🛗 Lead\n\nVorher.\n\n🖼️ Bild\nEin Bild.\n🔗 ziel.example\n\nNachher.")
    assert [url for _, url in marked(message, "text_link")] == [PICTURE, "https://ziel.example/"]


def test_merge_tags_leave_no_gap_and_referral_sentences_go(kw7: Issue) -> None:
    header = kw7.sections[0].messages[0].text
    assert header.endswith("\n\nSchön, dass du dabei bist!")
    [closing] = section(kw7, "Zum Schluss").messages
    assert closing.text.startswith("Danke für Deine Zeit und Aufmerksamkeit! ❤️ Bis nächste Woche!")
    assert "Empfiehl" not in closing.text and "Jetzt empfehlen" not in closing.text
    assert not any("Platzhalter" in w for w in kw7.warnings)  # known tags go silently


def test_an_unknown_merge_tag_goes_with_a_warning() -> None:
    body = p("Dein Rabattcode: {{ custom_fields.code }}. Viel Spaß!")
    issue = build_issue(fragment(*intro(), h2("🛗 Lead"), body))
    assert issue.sections[1].messages[0].text == "🛗 Lead\n\nDein Rabattcode:. Viel Spaß!"
    tag = "Platzhalter „{{ custom_fields.code }}“ entfernt"
    assert any(w.startswith(tag) for w in issue.warnings)


def test_buttons_and_downloads_are_lines_with_their_links(kw8: Issue) -> None:
    [lead] = section(kw8, "🏭 Der Mittelstand und die KI").messages
    assert (
        "📎 Studie: KI im Mittelstand 2025\n42 Seiten als PDF, mit allen Zahlen der Umfrage.\n"
        "Herunterladen\n\n👉 Zur Bitkom-Studie\n\n"
    ) in lead.text
    assert ("Herunterladen", "https://update.doppelgaenger.io/files/ki-mittelstand-2025.pdf") in (
        marked(lead, "text_link")
    )
    assert ("Zur Bitkom-Studie", "https://www.bitkom.org/ki-studie") in marked(lead, "text_link")


def test_embeds_are_lines_with_links_and_warnings(kw8: Issue) -> None:
    [lead] = section(kw8, "🏭 Der Mittelstand und die KI").messages
    youtube = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert "\n\n▶️ Video auf YouTube ansehen\n\n" in lead.text
    assert ("Video auf YouTube ansehen", youtube) in marked(lead, "text_link")
    tweet = "https://twitter.com/bitkom/status/1890412345678901234"
    assert marked(lead, "blockquote") == [
        ("KI im Mittelstand: Acht von zehn Firmen testen, zwei setzen sie wirklich ein.\n"
         "— Bitkom (@bitkom) February 14, 2025", None)
    ]  # fmt: skip
    [news] = section(kw8, "News der Woche").messages
    assert "🧩 Eingebetteten Inhalt öffnen (datawrapper.dwcdn.net)" in news.text
    assert news.text.endswith("▶️ Video ansehen")
    assert in_order(
        kw8.warnings,
        [
            f"Eingebettetes Video (YouTube) durch einen Link ersetzt: {youtube}",
            f"Eingebetteter Beitrag (X/Twitter) als Zitat mit Link übernommen: {tweet}",
            "Eingebetteter Inhalt (datawrapper.dwcdn.net) durch einen Link ersetzt: "
            "https://datawrapper.dwcdn.net/Ab3Xy/2/",
            "Eingebettetes Video durch einen Link ersetzt: https://media.beehiiv.com/cdn-cgi/image/"
            "fit=scale-down,format=auto,onerror=redirect,quality=80/uploads/asset/file/8b2e/"
            "figure-helix.mp4",
        ],
    )


def test_polls_and_surveys_are_dropped_with_a_warning_naming_them(kw8: Issue) -> None:
    text = "".join(m.text for m in kw8.messages)
    assert "Wie fandest du" not in text and "Großartig" not in text
    assert in_order(
        kw8.warnings,
        [
            "Umfrage entfernt (in Telegram nicht beantwortbar): "
            "„Wie fandest du die heutige Ausgabe?“",
            "Umfrage entfernt (in Telegram nicht beantwortbar): "
            "https://update.doppelgaenger.io/surveys/d41d8cd9/embed",
        ],
    )


def test_a_sponsored_block_is_kept_in_place(kw8: Issue) -> None:
    assert [s.title for s in kw8.sections[1:4]] == [
        "🏭 Der Mittelstand und die KI",
        "💼 Dein Depot im Blick",
        "News der Woche",
    ]
    [sponsor] = section(kw8, "💼 Dein Depot im Blick").messages
    assert sponsor.photo is not None and sponsor.photo.endswith("/finanzfluss-banner.png")
    assert sponsor.text.startswith("PRÄSENTIERT VON FINANZFLUSS\n\n💼 Dein Depot im Blick")
    assert sponsor.text.endswith("👉 Jetzt kostenlos testen")


def test_a_paywall_ends_the_issue_with_a_link_to_the_web_post(kw8: Issue) -> None:
    last = kw8.messages[-1]
    assert last.text.endswith(
        "🔒 Der Rest dieser Ausgabe ist Premium-Abonnent:innen vorbehalten: Im Browser weiterlesen"
    )
    assert marked(last, "text_link")[-1] == ("Im Browser weiterlesen", KW8_URL)
    assert any(w.startswith("Bezahlschranke: Der Beitrag endet hier") for w in kw8.warnings)
    assert "upgraden" not in "".join(m.text for m in kw8.messages)


def test_a_paywalled_fragment_without_address_says_where_to_read_on() -> None:
    issue = rendered(KW8, "fragment")
    assert issue.messages[-1].text.endswith(
        "🔒 Der Rest dieser Ausgabe ist Premium-Abonnent:innen vorbehalten und nur im Web zu lesen."
    )
    linked = build_issue(KW8.data("fragment"), link=KW8_URL)
    assert marked(linked.messages[-1], "text_link") == [("Im Browser weiterlesen", KW8_URL)]


@pytest.mark.parametrize(
    "body",
    [
        f'<div class="image"><img class="image__image" src="{PICTURE}"/></div>',
        '<div class="custom_html"><p>Wie war es?</p>'
        '<a href="https://x.beehiiv.com/polls/1/response?choice=1">Gut</a></div>',
    ],
    ids=["image-only", "poll-only"],
)
def test_a_post_without_any_text_is_an_error(body: str) -> None:
    with pytest.raises(ParseError, match="Kein Newsletter-Inhalt"):
        build_issue(fragment(body))
