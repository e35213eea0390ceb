"""The commands and web addresses a Telegram app makes clickable by itself: found outside the
message's own entities, at UTF-16 offsets, without trailing punctuation; shown by the bubbles."""

from __future__ import annotations

from bot.demo.bubble import BOT, Bubble, bubble_html
from bot.demo.detect import with_detected


def test_commands_and_addresses_outside_entities_are_found() -> None:
    text = "🦉 /help zeigt alles, /start@DoppelTestBot auch. Mehr: https://x.org/a?b=1."
    found = with_detected(text, [])
    assert [(e["type"], e["offset"], e["length"]) for e in found] == [
        ("bot_command", 3, 5),
        ("bot_command", 22, 20),
        ("url", 55, 19),
    ]


def test_what_an_entity_covers_and_what_is_no_command_stays_as_it_is() -> None:
    link = {"type": "text_link", "offset": 0, "length": 12, "url": "https://a.de"}
    text = "https://a.de und /help und a/b, 1/2, mail@x.org/pfad"
    found = with_detected(text, [link])
    assert found == [link, {"type": "bot_command", "offset": 17, "length": 5}]


def test_a_bubble_makes_the_command_in_a_bot_text_clickable() -> None:
    html = bubble_html(Bubble(BOT, "/help zeigt dir alle Befehle."))
    assert '<span class="tg-command" data-command="/help">/help</span> zeigt' in html
