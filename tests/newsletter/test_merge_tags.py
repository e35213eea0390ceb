"""Merge tags never reach a reader: a referral sentence goes whole, any other tag leaves no gap."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from newsletter.blocks import Block
from newsletter.body import read_blocks
from newsletter.chrome import strip_chrome
from newsletter.merge_tags import strip_merge_tags, without_merge_tags


def cleaned(html: str) -> tuple[list[str], list[str]]:
    """The paragraphs' text after the chrome rules and the merge tags, and the warnings."""
    soup = BeautifulSoup(html, "lxml")
    blocks, _ = read_blocks(list(soup.body.children), base_url="https://x.beehiiv.com/p/a")
    kept, warnings = strip_merge_tags(strip_chrome(blocks))
    return [block.text for block in kept], warnings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hallo {{ subscriber.first_name }}, schön, dass du da bist.", "Hallo, schön, dass du da"
         " bist."),
        ("Hey {{first_name}}!", "Hey!"),
        ("{{ subscriber.first_name }}, heute geht es um Zölle.", "heute geht es um Zölle."),
        ("Danke, {{ name }}, für alles.", "Danke, für alles."),
        ('Hi {{ subscriber.first_name | default: "du" }}!', "Hi!"),
        ("Zeile eins\n{{ first_name }}: los geht es.", "Zeile eins\nlos geht es."),
    ],
)  # fmt: skip
def test_a_name_tag_leaves_no_gap(text: str, expected: str) -> None:
    assert without_merge_tags(text) == expected
    [block], warnings = strip_merge_tags([Block.of("paragraph", [text])])
    assert (block.text, warnings) == (expected, [])


def test_a_referral_sentence_is_email_chrome_and_goes_whole() -> None:
    texts, warnings = cleaned(
        "<p>Gefällt dir das? Teile den Newsletter: {{rp_refer_url}}</p>"
        "<p>Dein Link: {{ rp_refer_url_no_params }}</p>"
        "<p>Noch ein Satz. Hier <a href='{{rp_refer_url}}'>empfehlen</a> und Prämien sichern.</p>"
        "<div class='button'><a class='button__link' href='%7B%7Brp_refer_url%7D%7D'>Teilen</a>"
        "</div>"
    )
    assert (texts, warnings) == (["Gefällt dir das?", "Noch ein Satz."], [])


def test_an_unknown_tag_goes_with_a_warning_and_its_link_text_stays() -> None:
    texts, warnings = cleaned(
        "<p>Code: {{ custom_fields.code }}</p><p>Mehr <a href='{{ custom_link }}'>hier</a>.</p>"
    )
    assert texts == ["Code:", "Mehr hier."]
    assert warnings == [
        "Platzhalter „{{ custom_fields.code }}“ entfernt (in Telegram gibt es keinen Wert dafür).",
        "Platzhalter „{{ custom_link }}“ entfernt (in Telegram gibt es keinen Wert dafür).",
    ]


def test_a_caption_loses_its_tag_and_the_image_stays() -> None:
    image = Block.image("https://m.example/a.png", caption=["Für {{ first_name }}"])
    [kept], _ = strip_merge_tags([image])
    assert (kept.kind, kept.src, kept.text) == ("image", "https://m.example/a.png", "Für")
