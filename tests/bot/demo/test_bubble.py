"""One message as a chat bubble: who sent it (`data-from`), its picture or a placeholder, its
file as a download with its size, the time and "bearbeitet", and its inline keyboard as
`<button>`s inside it, everything escaped; and the browser tests' Chromium check."""

from __future__ import annotations

import pytest

from bot.demo.bubble import BOT, YOU, Attachment, Bubble, bubble_html
from tests.bot.demo import browser


def test_a_bot_message_with_photo_time_edit_and_keyboard() -> None:
    keyboard = [
        [{"text": "✅ Freigeben", "callback_data": "rv:ok:1"}, {"text": "<b>", "url": "https://a.de/?x=1&y=2"}],
        [{"text": "Spiel", "callback_game": {}}],
    ]  # fmt: skip
    html = bubble_html(
        Bubble(BOT, "Chart", message_id=7, photo="/api/files/a", keyboard=keyboard,
               time="07:00", edited=True)
    )  # fmt: skip
    assert html.startswith('<div class="msg" data-from="bot" data-id="7"><div class="bubble has')
    assert '<img class="photo" src="/api/files/a" alt="Foto"' in html
    assert '<span class="edited">bearbeitet</span> <time>07:00</time>' in html
    assert '<button type="button" data-callback="rv:ok:1">✅ Freigeben</button>' in html
    assert 'data-url="https://a.de/?x=1&amp;y=2" class="link">&lt;b&gt;</button>' in html
    assert '<button type="button" disabled>Spiel</button>' in html
    assert html.index('</div><div class="keyboard">') < html.rindex("</div>")  # inside the msg


def test_your_file_is_a_download_and_an_unknown_picture_a_placeholder() -> None:
    document = Attachment("/api/files/d", 'earnings "kw6".ics', 1843)
    html = bubble_html(Bubble(YOU, None, document=document, photo_missing=True))
    assert 'data-from="you"' in html and "data-id" not in html
    assert 'download="earnings &quot;kw6&quot;.ics"' in html
    assert '<span class="size">1,8 KB</span>' in html
    assert '<div class="photo missing" role="img"' in html and '<div class="text">' not in html


def test_without_chromium_the_browser_tests_skip_unless_they_are_required(monkeypatch) -> None:
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    monkeypatch.delenv("DEMO_BROWSER_REQUIRED", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium found"):
        browser.require_chromium()
    monkeypatch.setenv("DEMO_BROWSER_REQUIRED", "1")
    with pytest.raises(pytest.fail.Exception, match="DEMO_BROWSER_REQUIRED=1 but no Chromium"):
        browser.require_chromium()
