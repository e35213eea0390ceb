"""The publisher in Telegram: upload a file or send a link (admins only), get the preview and
check report, release or hold with the buttons or /approve and /hold. Readers who try any of it
get a friendly answer; nothing is downloaded or stored for them."""

from __future__ import annotations

import dataclasses
import mimetypes
import re

import pytest
from sqlalchemy import func, select

from bot.database import Database
from bot.publishing import texts
from bot.publishing.ingest import store_reviewed
from bot.simulator.objects import message, user
from storage.broadcasts import get_or_create_broadcast, set_broadcast_status
from storage.issues import latest_issue, load_issue
from storage.tables import IssueRecord
from tests.bot.served_files import Answer, serve
from tests.conftest import FIXTURES
from tests.handlers.conftest import ADMIN_ID, kw06_issue
from tests.handlers.harness import Harness, buttons

READER_ID = 4242
WEB = (FIXTURES / "kw06-2025.web.html").read_bytes()


async def upload(bot: Harness, user_id: int, name: str, content: bytes, size: int | None = None):
    """`user_id` sends a file in their private chat."""
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    document = bot.request.backend.files.add(content, name, size=size, mime_type=mime)
    number = bot._next_id()
    sender = user(user_id, "Philipp")
    data = {
        "update_id": number,
        "message": message(number, user_id, sender=sender, document=document),
    }
    data["message"]["chat"] = {"id": user_id, "type": "private", "first_name": "Philipp"}
    await bot.process(data)


def stored_issues(bot: Harness) -> int:
    with bot.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(IssueRecord)) or 0


def get_file_calls(bot: Harness) -> int:
    return len(bot.request.calls_to("getFile"))


async def test_an_admin_uploads_an_issue_and_gets_the_preview_and_report(bot: Harness) -> None:
    await upload(bot, ADMIN_ID, "kw06.html", WEB)
    replies = bot.texts(ADMIN_ID)
    assert replies[0] == texts.RECEIVED
    assert replies[1].startswith("✅ Ausgabe 1 (2025-KW06) gespeichert: KW6 - Der Drache erwacht")
    preview, report = replies[2:-1], bot.last(ADMIN_ID)
    assert preview == [m.text for m in kw06_issue().messages]
    assert report.text.startswith(
        "🔎 Prüfbericht: KW6 - Der Drache erwacht (Oder schlafen wir nur?)\n"
        "Neu · 7 Abschnitte · 7 Nachrichten · 23 Earnings\n\n✅ Keine Auffälligkeiten."
    )
    assert re.search(
        r"✅ Freigegeben: geht zum Termin raus \(Montag, \d+\. \w+, 07:00 Uhr\)\.$", report.text
    )
    assert buttons(report) == [(texts.BUTTON_APPROVE, "rv:ok:1"), (texts.BUTTON_HOLD, "rv:hold:1")]
    assert stored_issues(bot) == 1 and not bot.request.violations


async def test_the_same_upload_again_sends_no_second_preview(bot: Harness) -> None:
    await upload(bot, ADMIN_ID, "kw06.html", WEB)
    before = len(bot.texts(ADMIN_ID))
    await upload(bot, ADMIN_ID, "kw06.html", WEB)
    again = bot.texts(ADMIN_ID)[before:]
    assert again[1].startswith("✅ Ausgabe 1 (2025-KW06) unverändert")
    assert len(again) == 2 and stored_issues(bot) == 1


@pytest.mark.parametrize(
    ("name", "size", "answer"),
    [
        ("kw06.pdf", None, texts.WRONG_FILE_TYPE),
        ("riesig.html", 30 * 1024 * 1024, texts.file_too_big(20)),
    ],
)
async def test_files_that_cannot_be_an_issue_are_not_downloaded(bot, name, size, answer) -> None:
    await upload(bot, ADMIN_ID, name, WEB, size=size)
    assert bot.texts(ADMIN_ID) == [answer]
    assert get_file_calls(bot) == 0 and stored_issues(bot) == 0


async def test_an_html_file_that_is_no_issue_is_refused_and_nothing_stored(bot: Harness) -> None:
    await upload(bot, ADMIN_ID, "notiz.html", b"Nur ein Satz ohne Tags.")
    answer = bot.last(ADMIN_ID).text
    assert answer.startswith("⚠️ Nicht gespeichert: Die Eingabe ist weder Feed noch HTML")
    assert stored_issues(bot) == 0


async def test_a_reader_sending_a_file_gets_a_friendly_answer_and_nothing_is_downloaded(
    bot: Harness,
) -> None:
    await upload(bot, READER_ID, "kw06.html", WEB)
    assert bot.texts(READER_ID) == [texts.NOT_FOR_READERS_FILE]
    assert get_file_calls(bot) == 0 and stored_issues(bot) == 0


async def test_an_admin_sends_a_post_link_and_it_is_ingested(bot: Harness) -> None:
    with serve({"/p/kw6-der-drache-erwacht": Answer(WEB)}) as served:
        await bot.send(f"Bitte die hier: {served.url}/p/kw6-der-drache-erwacht", user_id=ADMIN_ID)
    replies = bot.texts(ADMIN_ID)
    assert replies[1].startswith("✅ Ausgabe 1 (2025-KW06) gespeichert")
    assert bot.last(ADMIN_ID).text.startswith("🔎 Prüfbericht")


async def test_a_link_that_fails_is_answered_and_nothing_stored(bot: Harness) -> None:
    with serve({}) as served:
        await bot.send(f"{served.url}/p/gibts-nicht", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text == (
        f"⚠️ Nicht gespeichert: Abruf fehlgeschlagen: HTTP 404 für {served.url}/p/gibts-nicht"
    )
    assert stored_issues(bot) == 0


async def test_a_reader_sending_a_link_gets_a_friendly_answer_and_nothing_is_fetched(
    bot: Harness,
) -> None:
    with serve({"/p/x": Answer(WEB)}) as served:
        await bot.send(f"Kennst du das? {served.url}/p/x")
        assert served.requests == []
    assert bot.texts() == [texts.NOT_FOR_READERS_LINK]
    assert stored_issues(bot) == 0


async def test_the_buttons_release_or_hold_for_admins_only(bot: Harness) -> None:
    issue_id = Database(bot.engine).run_sync(store_reviewed, issue=kw06_issue()).stored.id
    await bot.press(f"rv:hold:{issue_id}")
    assert bot.texts() == [texts.ONLY_ADMINS]
    await bot.press(f"rv:hold:{issue_id}", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text.startswith("⏸ KW6 - Der Drache erwacht")
    assert Database(bot.engine).run_sync(latest_issue).held_by == ADMIN_ID
    await bot.press(f"rv:ok:{issue_id}", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text.startswith("✅ KW6 - Der Drache erwacht")
    record = Database(bot.engine).run_sync(latest_issue)
    assert (record.approved_by, record.held_at) == (ADMIN_ID, None)
    await bot.press("rv:ok:999", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text == "Ausgabe 999 gibt es nicht mehr."


async def test_approve_and_hold_commands_act_on_the_newest_issue(bot: Harness) -> None:
    await bot.send("/approve", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text == texts.NO_ISSUE
    Database(bot.engine).run_sync(store_reviewed, issue=kw06_issue())
    await bot.send("/hold")
    await bot.send("/approve")
    assert bot.texts() == [texts.ONLY_ADMINS, texts.ONLY_ADMINS]
    await bot.send("/approve", user_id=ADMIN_ID)
    assert bot.last(ADMIN_ID).text.startswith("✅ KW6 - Der Drache erwacht")


async def test_an_issue_stored_by_another_process_is_previewed_by_the_review(bot: Harness) -> None:
    Database(bot.engine).run_sync(store_reviewed, issue=kw06_issue())
    publishing = bot.deps.publishing
    await publishing.settle(bot.app.bot)
    assert bot.last(ADMIN_ID).text.startswith("🔎 Prüfbericht")
    count = len(bot.texts(ADMIN_ID))
    await publishing.settle(bot.app.bot)
    assert len(bot.texts(ADMIN_ID)) == count  # once


async def test_an_admin_uploads_the_rss_feed_as_xml(bot: Harness) -> None:
    await upload(bot, ADMIN_ID, "feed.xml", (FIXTURES / "kw06-2025.rss.xml").read_bytes())
    assert bot.texts(ADMIN_ID)[1].startswith("✅ Ausgabe 1 (2025-KW06) gespeichert")
    assert stored_issues(bot) == 1


def store_kw06(bot: Harness, **changes) -> int:
    issue = dataclasses.replace(kw06_issue(), **changes)
    return Database(bot.engine).run_sync(store_reviewed, issue=issue).stored.id


async def test_a_blocked_issue_is_reported_as_held_until_approved(bot: Harness) -> None:
    sections = [s for s in kw06_issue().sections if s.kind != "lead"]
    store_kw06(bot, sections=sections)
    await bot.deps.publishing.settle(bot.app.bot)
    report = bot.last(ADMIN_ID).text
    assert "⛔ Blockiert – geht erst nach Freigabe raus:\n• Kein Leitartikel erkannt." in report
    assert report.endswith(
        "⏸ Nicht freigegeben: blockiert: Kein Leitartikel erkannt. Freigeben mit „✅ Freigeben“"
        " oder /approve."
    )


def with_podcast_note(note: str) -> list:
    """The KW6 sections with `note` added to the podcast message."""
    sections = kw06_issue().sections
    podcast = next(s for s in sections if s.kind == "podcast")
    fixed = dataclasses.replace(podcast.messages[0], text=podcast.messages[0].text + note)
    return [dataclasses.replace(s, messages=[fixed]) if s is podcast else s for s in sections]


async def test_a_changed_issue_gets_a_new_preview_and_a_sent_one_a_correction_offer(
    bot: Harness,
) -> None:
    publishing = bot.deps.publishing
    issue_id = store_kw06(bot)
    await publishing.settle(bot.app.bot)
    before = len(bot.texts(ADMIN_ID))
    store_kw06(bot, sections=with_podcast_note(" Neu."))
    await publishing.settle(bot.app.bot)
    changed = bot.texts(ADMIN_ID)[before:]
    assert changed[0].startswith("🔄 Ausgabe geändert (noch nicht versendet): KW6 - Der Drache")
    assert "Neu." in changed[0]
    assert len(changed) == 1 + 7 + 1 and "\nGeändert · 7 Abschnitte" in changed[-1]
    db = Database(bot.engine)
    snapshot = db.run_sync(load_issue, issue_id=issue_id).to_dict()
    broadcast, _ = db.run_sync(
        get_or_create_broadcast,
        issue_id=issue_id,
        total_messages=7,
        trigger="admin",
        snapshot=snapshot,
    )
    db.run_sync(set_broadcast_status, broadcast_id=broadcast.id, status="done")
    store_kw06(bot, sections=with_podcast_note(" Neu. Korrigiert."))
    await publishing.settle(bot.app.bot)
    offer = bot.last(ADMIN_ID)
    assert offer.text.startswith(
        "✏️ Nach dem Versand geändert: KW6 - Der Drache erwacht (Oder schlafen wir nur?)"
    )
    assert "Korrigiert" in offer.text
    assert [label for label, _ in buttons(offer)] == ["✏️ Korrigieren"]
