"""The chrome rules: what email-only text goes, what a Telegram reader keeps; clean links."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from newsletter.blocks import Block
from newsletter.chrome import CHROME_RULES, chrome_spans, clean_url, is_chrome_element, strip_chrome
from newsletter.inline import Span


def cleaned(text: str) -> str | None:
    """The paragraph `text` after the text rules; None when the paragraph is dropped."""
    kept = strip_chrome([Block.of("paragraph", [text])])
    return kept[0].text if kept else None


def test_every_rule_has_a_name_and_a_reason() -> None:
    names = [rule.name for rule in CHROME_RULES]
    assert len(names) == len(set(names))
    assert all(len(rule.why) > 20 for rule in CHROME_RULES)


@pytest.mark.parametrize(
    "text",
    [
        "👋 Hallo! Du empfängst diesen Newsletter als eine(r) von 17,659 Abonnent:innen (+81).",
        "👋\u00a0Hallo! Du empfängst diesen Newsletter als eine(r) von 6.579 Abonnent:innen (+3).",
        "Die erfolgreichsten Helfer:innen, erwähnen wir im nächsten Newsletter.",
        "Oder nutze diesen Link um ihn in sozialen Netzwerken und mit Freunden zu teilen: "
        "https://doppelgaenger.beehiiv.com/subscribe?ref=PLACEHOLDER",
        "Dieser Newsletter wird auch weiterhin jeden Montagmorgen auf wundersame Weise in Deiner "
        "Inbox erscheinen. Einen Faxabruf gibt es leider nicht. Vielleicht solltest Du die "
        "Absender-eMail in Deinem eMail-Programm whitelisten oder den Newsletter in Deine Primary "
        "Inbox verschieben, um keine Ausgabe zu verpassen.",
        "❤️ Danke an alle, die letzte Woche neue Leser:innen auf unseren Newsletter aufmerksam "
        "gemacht haben! Die “Share the Newsletter” Funktion findet ihr am Ende der aktuellen "
        "Ausgabe und das Rennen startet jeden Montag von neuem.",
        "Powered by beehiiv",
    ],
)
def test_email_only_paragraphs_are_dropped_whole(text: str) -> None:
    assert cleaned(text) is None


def test_share_race_sentences_go_and_the_rest_of_the_paragraph_stays() -> None:
    text = (
        "❤️ Danke an alle, die letzte Woche neue Leser:innen auf unseren Newsletter aufmerksam "
        "gemacht haben! Die “Share the Newsletter” Funktion findet ihr am Ende der aktuellen "
        "Ausgabe und das Rennen startet jeden Montag von neuem. Der heutige Newsletter hat "
        "1.066 Wörter. Heute ist Montag, der 3. Februar 2025 und die KW6 startet."
    )
    assert cleaned(text) == (
        "Der heutige Newsletter hat 1.066 Wörter. Heute ist Montag, der 3. Februar 2025 und die "
        "KW6 startet."
    )


def test_a_chrome_sentence_in_the_middle_leaves_its_neighbours_one_space_apart() -> None:
    text = "Erster Satz. Einen Faxabruf gibt es leider nicht. Letzter Satz."
    assert cleaned(text) == "Erster Satz. Letzter Satz."


@pytest.mark.parametrize(
    "text",
    [
        "📮 Schick mir gern Dein Feedback an [email protected] oder leite diese Mail an Freunde "
        "und Kollegen weiter, wenn Du sie nützlich fandest.",
        "Danke für Deine Zeit und Aufmerksamkeit! ❤️",
        "Danke an alle Leser:innen für die vielen Antworten.",
        "Hallo! Schön, dass Du da bist.",
    ],
)
def test_what_a_telegram_reader_needs_is_kept(text: str) -> None:
    assert cleaned(text) == text


def test_a_cut_link_disappears_with_its_text() -> None:
    link = Span("a", ["https://doppelgaenger.beehiiv.com/subscribe?ref=X"], "https://d/s?ref=X")
    block = Block.of("paragraph", ["Gut. Oder nutze diesen Link um ihn zu teilen: ", link])
    [kept] = strip_chrome([block])
    assert kept.to_html() == "<p>Gut.</p>"


def test_spans_cover_whole_sentences_and_are_merged() -> None:
    text = "A. Einen Faxabruf gibt es nicht. Bitte whitelisten. B."
    assert chrome_spans(text) == [(3, 52)]
    assert text[:3] + text[52:] == "A. B."


@pytest.mark.parametrize(
    ("markup", "dropped"),
    [
        ("<div class='beehiiv__footer'><a>Powered by beehiiv</a></div>", True),
        ("<div id='web-header'><h1>Titel</h1></div>", True),
        ("<ul><li>Doppelgänger Update</li><li>Posts</li><li>KW6</li></ul>", True),
        ("<nav><a href='/'>Start</a></nav>", True),
        ("<ul><li>Posts</li><li>2</li><li>3</li><li>4</li><li>5</li></ul>", False),
        ("<div class='beehiiv__body'><p>Text</p></div>", False),
        ("<ul><li>Montag 3. Februar: Palantir</li></ul>", False),
    ],
)
def test_element_rules(markup: str, dropped: bool) -> None:
    tag = BeautifulSoup(markup, "html.parser").find(True)
    assert is_chrome_element(tag) is dropped


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://www.beehiiv.com/?utm_campaign=d&utm_medium=post_rss&utm_source=d",
         "https://www.beehiiv.com/"),
        ("https://x.com/a?id=7&_bhlid=abc&UTM_Source=y#frag", "https://x.com/a?id=7#frag"),
        ("https://x.com/a?q=a%20b&utm_term=z&page=2", "https://x.com/a?q=a%20b&page=2"),
        ("https://x.com/a?utm=keep&autm_x=keep", "https://x.com/a?utm=keep&autm_x=keep"),
        ("https://x.com/a", "https://x.com/a"),
        ("mailto:a@b.de?subject=Hallo&utm_source=x", "mailto:a@b.de?subject=Hallo"),
        ("  https://x.com/?flag  ", "https://x.com/?flag"),
    ],
)  # fmt: skip
def test_clean_url_drops_tracking_and_keeps_everything_else(url: str, clean: str) -> None:
    assert clean_url(url) == clean


_KEYS = st.sampled_from(["utm_source", "utm_medium", "_bhlid", "id", "q", "page", "ref", "utm"])
_VALUES = st.text(alphabet="abc123%-_.~", max_size=6)


@given(st.lists(st.tuples(_KEYS, _VALUES), max_size=8))
def test_clean_url_keeps_exactly_the_non_tracking_parameters_in_order(
    params: list[tuple[str, str]],
) -> None:
    query = "&".join(f"{k}={v}" for k, v in params)
    result = clean_url(f"https://example.com/p?{query}" if query else "https://example.com/p")
    kept = [f"{k}={v}" for k, v in params if not k.startswith("utm_") and k != "_bhlid"]
    assert result == "https://example.com/p" + ("?" + "&".join(kept) if kept else "")
