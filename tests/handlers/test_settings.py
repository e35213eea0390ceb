"""/settings: the overview, every choice typed and with buttons, bad input, and the next
delivery in the reader's own time and zone (the harness's clock: Tuesday, 4 February 2025)."""

from __future__ import annotations

from bot.database import Database
from storage.preferences import Preferences, get_preferences
from storage.subscribers import get_subscriber
from tests.fakes.request import USER_ID
from tests.handlers.harness import Harness, buttons

OVERVIEW = """\
⚙️ Deine Einstellungen

📄 Format: voll – jeder Abschnitt als eigene Nachricht
🧩 Abschnitte: alle
🕖 Zeit: montags um 07:00 Uhr (Standard)
🌍 Zone: Europe/Berlin (Standard)

Nächste Ausgabe: Montag, 10. Februar, 07:00 Uhr.

Tipp auf einen Knopf, um etwas zu ändern. Schneller geht's so: /settings format kompakt, \
/settings zeit 07:45, /settings zone Europe/Vienna."""
OVERVIEW_BUTTONS = [("📄 Format", "set:fmt"), ("🧩 Abschnitte", "set:secs"),
                    ("🕖 Zeit", "set:time"), ("🌍 Zone", "set:zone")]  # fmt: skip
STALE = "Dieser Knopf ist nicht mehr aktuell. /settings zeigt dir deine Einstellungen."


def stored(bot: Harness) -> Preferences:
    return Database(bot.engine).run_sync(get_preferences, chat_id=USER_ID)


async def typed(bot: Harness, text: str) -> str:
    """The reader types `text` (slower than the burst limit); return the answer."""
    bot.clock.advance(2.5)
    await bot.send(text)
    return bot.last().text


async def pressed(bot: Harness, data: str) -> None:
    """The reader presses a button with `data` under the settings message."""
    bot.clock.advance(2.5)
    settings_message = next(
        m for m in bot.sent() if m.text.startswith("⚙️") and m.method == "sendMessage"
    )
    await bot.press(data, message_id=settings_message.message_id)


async def test_settings_shows_every_choice_with_a_button_each(bot: Harness) -> None:
    await bot.send("/subscribe")
    assert await typed(bot, "/settings") == OVERVIEW
    assert buttons(bot.last()) == OVERVIEW_BUTTONS
    assert not bot.request.violations


async def test_settings_of_a_reader_without_subscription_says_how_to_get_it(bot: Harness) -> None:
    text = await typed(bot, "/settings")
    assert "Du hast gerade kein Abo – mit /subscribe kommt jede Ausgabe so zu dir." in text
    assert "Nächste Ausgabe" not in text
    assert Database(bot.engine).run_sync(get_subscriber, chat_id=USER_ID) is None  # only looked


async def test_each_choice_typed_is_saved_and_confirmed(bot: Harness) -> None:
    await bot.send("/subscribe")
    answers = [
        await typed(bot, "/settings format kompakt"),
        await typed(bot, "/settings abschnitte news chart"),
        await typed(bot, "/settings zeit 7:45"),
        await typed(bot, "/settings zone europe/vienna"),
    ]
    assert [a.split("\n\n")[0] for a in answers] == [
        "✅ Gespeichert: Du bekommst die Ausgabe jetzt kompakt – eine Nachricht mit einem Knopf "
        "pro Abschnitt.",
        "✅ Gespeichert: Du bekommst nur: News der Woche, Chart der Woche (gilt im vollen Format). "
        "Kopf und Schluss kommen immer.",
        "✅ Gespeichert: Die Ausgabe kommt jetzt montags um 07:45 Uhr. "
        "Nächste Ausgabe: Montag, 10. Februar, 07:45 Uhr.",
        "✅ Gespeichert: Deine Zeitzone ist jetzt Europe/Vienna. "
        "Nächste Ausgabe: Montag, 10. Februar, 07:45 Uhr.",
    ]
    assert all(a.endswith("/settings zeigt dir alle Einstellungen.") for a in answers)
    assert stored(bot) == Preferences("compact", "news,chart", "07:45", "Europe/Vienna", "active")
    assert not bot.request.violations


async def test_sofort_standard_and_alle_go_back_or_forward(bot: Harness) -> None:
    await bot.send("/subscribe")
    assert (await typed(bot, "/settings zeit sofort")).startswith(
        "✅ Gespeichert: Die Ausgabe kommt jetzt sofort, sobald sie erscheint."
    )
    assert stored(bot).delivery_time == "now"
    await typed(bot, "/settings zone America/New_York")
    await typed(bot, "/settings abschnitte podcast")
    assert (await typed(bot, "/settings zeit standard")).startswith(
        "✅ Gespeichert: Die Ausgabe kommt jetzt montags um 07:00 Uhr (Standard). "
        "Nächste Ausgabe: Montag, 10. Februar, 07:00 Uhr."  # 07:00 in New York
    )
    assert (await typed(bot, "/settings zone standard")).startswith(
        "✅ Gespeichert: Deine Zeitzone ist jetzt Europe/Berlin (Standard)."
    )
    await typed(bot, "/settings abschnitte alle")
    assert stored(bot) == Preferences(status="active")


async def test_a_new_reader_who_chooses_is_created_like_start(bot: Harness) -> None:
    await typed(bot, "/settings format kompakt")
    subscriber = Database(bot.engine).run_sync(get_subscriber, chat_id=USER_ID)
    assert subscriber.status == "new" and subscriber.first_name == "Erika"
    assert subscriber.delivery_format == "compact"


async def test_bad_input_gets_a_german_answer_and_changes_nothing(bot: Harness) -> None:
    await bot.send("/subscribe")
    await typed(bot, "/settings zeit 06:00")
    before = stored(bot)
    answers = {
        text: await typed(bot, text)
        for text in (
            "/settings zeit 25:00",
            "/settings zone Mars/Olympus",
            "/settings zone Europe/Viena",
            "/settings format riesig",
            "/settings abschnitte wetter",
            "/settings farbe blau",
        )
    }
    assert answers == {
        "/settings zeit 25:00": "„25:00“ ist keine Uhrzeit. Schreib sie wie /settings zeit 07:45 "
        "(00:00 bis 23:59) – oder /settings zeit sofort bzw. /settings zeit standard.",
        "/settings zone Mars/Olympus": "Die Zeitzone „Mars/Olympus“ kenne ich nicht. Schreib sie "
        "wie /settings zone Europe/Vienna oder America/New_York.",
        "/settings zone Europe/Viena": "Die Zeitzone „Europe/Viena“ kenne ich nicht. Meintest du "
        "Europe/Vienna? Dann: /settings zone Europe/Vienna",
        "/settings format riesig": "„riesig“ kenne ich nicht als Format. Es gibt voll (jeder "
        "Abschnitt als eigene Nachricht) und kompakt (eine Nachricht mit einem Knopf pro "
        "Abschnitt): z. B. /settings format kompakt.",
        "/settings abschnitte wetter": "„wetter“ ist kein Abschnitt. Es gibt: lead, news, chart, "
        "podcast, earnings – z. B. /settings abschnitte news chart. Oder /settings abschnitte "
        "für die Knöpfe.",
        "/settings farbe blau": "Das verstehe ich nicht. So geht's:\n"
        "/settings – deine Einstellungen mit Knöpfen\n"
        "/settings format kompakt oder voll\n"
        "/settings zeit 07:45, sofort oder standard\n"
        "/settings zone Europe/Vienna oder standard\n"
        "/settings abschnitte – Abschnitte an- und ausschalten (oder z. B. /settings abschnitte "
        "news chart)",
    }
    assert stored(bot) == before
    assert not bot.request.violations


async def test_the_format_button_shows_the_choices_and_saves_one_in_place(bot: Harness) -> None:
    await bot.send("/subscribe")
    await typed(bot, "/settings")
    settings_id = bot.last().message_id
    await pressed(bot, "set:fmt")
    menu = bot.last()
    assert (menu.method, menu.message_id) == ("editMessageText", settings_id)
    assert menu.text.startswith("📄 Format\n\nvoll: jeder Abschnitt als eigene Nachricht")
    assert buttons(menu) == [("✅ voll", "set:fmt:full"), ("kompakt", "set:fmt:compact"),
                             ("« Zurück", "set:menu")]  # fmt: skip
    await pressed(bot, "set:fmt:compact")
    saved = bot.last()
    assert (saved.method, saved.message_id) == ("editMessageText", settings_id)
    assert saved.text.startswith(
        "✅ Gespeichert: Du bekommst die Ausgabe jetzt kompakt – eine Nachricht mit einem Knopf "
        "pro Abschnitt.\n\n⚙️ Deine Einstellungen\n\n📄 Format: kompakt"
    )
    assert buttons(saved) == OVERVIEW_BUTTONS
    assert bot.answers()[-1] == "Gespeichert ✅"
    assert stored(bot).delivery_format == "compact"
    await pressed(bot, "set:fmt")
    assert buttons(bot.last())[:2] == [("voll", "set:fmt:full"), ("✅ kompakt", "set:fmt:compact")]
    assert not bot.request.violations


async def test_the_time_buttons_offer_common_times_sofort_and_standard(bot: Harness) -> None:
    await bot.send("/subscribe")
    await typed(bot, "/settings")
    await pressed(bot, "set:time")
    assert bot.last().text == (
        "🕖 Wann soll die Ausgabe kommen? Jetzt: montags um 07:00 Uhr (Standard), "
        "Zeitzone Europe/Berlin.\n\nJede Minute geht auch: z. B. /settings zeit 07:45."
    )
    assert buttons(bot.last()) == [
        ("06:00", "set:time:06:00"), ("07:00", "set:time:07:00"), ("08:00", "set:time:08:00"),
        ("12:00", "set:time:12:00"), ("18:00", "set:time:18:00"),
        ("⚡ sofort", "set:time:now"), ("✅ ↩️ Standard (07:00)", "set:time:std"),
        ("« Zurück", "set:menu"),
    ]  # fmt: skip
    await pressed(bot, "set:time:06:00")
    assert bot.last().text.startswith(
        "✅ Gespeichert: Die Ausgabe kommt jetzt montags um 06:00 Uhr. "
        "Nächste Ausgabe: Montag, 10. Februar, 06:00 Uhr."
    )
    assert stored(bot).delivery_time == "06:00"
    await pressed(bot, "set:time")
    assert ("✅ 06:00", "set:time:06:00") in buttons(bot.last())
    await pressed(bot, "set:time:now")
    assert stored(bot).delivery_time == "now"
    await pressed(bot, "set:time:std")
    assert stored(bot).delivery_time is None


async def test_the_zone_buttons_offer_common_zones_and_standard(bot: Harness) -> None:
    await bot.send("/subscribe")
    await typed(bot, "/settings")
    await pressed(bot, "set:zone")
    assert bot.last().text.startswith("🌍 Deine Zeitzone: Europe/Berlin (Standard).")
    assert "/settings zone America/Chicago" in bot.last().text
    assert buttons(bot.last()) == [
        ("Berlin", "set:zone:Europe/Berlin"), ("Wien", "set:zone:Europe/Vienna"),
        ("Zürich", "set:zone:Europe/Zurich"), ("London", "set:zone:Europe/London"),
        ("New York", "set:zone:America/New_York"),
        ("✅ ↩️ Standard (Europe/Berlin)", "set:zone:std"), ("« Zurück", "set:menu"),
    ]  # fmt: skip
    await pressed(bot, "set:zone:Europe/London")
    assert bot.last().text.startswith(
        "✅ Gespeichert: Deine Zeitzone ist jetzt Europe/London. "
        "Nächste Ausgabe: Montag, 10. Februar, 07:00 Uhr."
    )
    assert stored(bot).timezone == "Europe/London"
    await pressed(bot, "set:zone:std")
    assert stored(bot).timezone is None


async def test_section_switches_toggle_and_keep_one_on(bot: Harness) -> None:
    await bot.send("/subscribe")
    await typed(bot, "/settings abschnitte")
    assert bot.last().text == (
        "🧩 Welche Abschnitte willst du bekommen? Tipp auf einen, um ihn an- oder auszuschalten. "
        "Kopf und Schluss kommen immer."
    )
    assert buttons(bot.last()) == [
        ("✅ 🛗 Hauptthema", "set:sec:lead"), ("✅ 📰 News der Woche", "set:sec:news"),
        ("✅ 🦉 Chart der Woche", "set:sec:chart"), ("✅ 🎧 Hörenswert", "set:sec:podcast"),
        ("✅ 📅 Earnings der Woche", "set:sec:earnings"), ("« Zurück", "set:menu"),
    ]  # fmt: skip
    menu_id = bot.last().message_id
    for kind in ("lead", "news", "chart", "podcast"):
        bot.clock.advance(2.5)
        await bot.press(f"set:sec:{kind}", message_id=menu_id)
    assert bot.last().text.startswith("✅ Hörenswert ist jetzt aus.\n\n🧩 Welche Abschnitte")
    assert buttons(bot.last())[3:5] == [
        ("⬜ 🎧 Hörenswert", "set:sec:podcast"),
        ("✅ 📅 Earnings der Woche", "set:sec:earnings"),
    ]
    assert stored(bot).sections == "earnings"
    edits = len(bot.sent())
    bot.clock.advance(2.5)
    await bot.press("set:sec:earnings", message_id=menu_id)  # the last one stays on
    assert stored(bot).sections == "earnings"
    assert len(bot.sent()) == edits  # nothing edited, nothing sent
    [alert] = bot.request.calls_to("answerCallbackQuery")[-1:]
    assert alert["text"] == "Mindestens ein Abschnitt bleibt an – sonst kämen nur Kopf und Schluss."
    assert alert["show_alert"] is True
    bot.clock.advance(2.5)
    await bot.press("set:sec:news", message_id=menu_id)
    assert bot.last().text.startswith("✅ News der Woche ist jetzt an.")
    assert stored(bot).sections == "news,earnings"
    assert not bot.request.violations


async def test_back_shows_the_overview_again(bot: Harness) -> None:
    await bot.send("/subscribe")
    await typed(bot, "/settings")
    await pressed(bot, "set:zone")
    await pressed(bot, "set:menu")
    assert bot.last().method == "editMessageText" and bot.last().text == OVERVIEW
    assert buttons(bot.last()) == OVERVIEW_BUTTONS


async def test_a_button_no_settings_message_has_gets_a_note_and_changes_nothing(
    bot: Harness,
) -> None:
    await bot.send("/subscribe")
    await typed(bot, "/settings format kompakt")
    before, sent = stored(bot), len(bot.sent())
    for data in ("set:fmt:riesig", "set:time:25:00", "set:zone:Mars/Olympus", "set:sec:wetter",
                 "set:alt:1", "set:"):  # fmt: skip
        bot.clock.advance(2.5)
        await bot.press(data, message_id=1)
    assert bot.answers()[-6:] == [STALE] * 6
    assert stored(bot) == before and len(bot.sent()) == sent
    assert not bot.request.violations


async def test_a_settings_button_in_a_group_is_only_for_its_admins(bot: Harness) -> None:
    await bot.press("set:fmt:compact", chat_id=-100123)  # a member, not an admin
    assert bot.answers() == ["Nur die Admins dieser Gruppe können das ändern."]
    assert stored(bot) == Preferences()


async def test_next_delivery_is_at_the_readers_own_time_and_zone(bot: Harness) -> None:
    await bot.send("/subscribe")
    await typed(bot, "/settings zeit 06:30")
    await typed(bot, "/settings zone America/New_York")
    assert "Du bist schon dabei ✅ Nächste Ausgabe: Montag, 10. Februar, 06:30 Uhr." in (
        await typed(bot, "/start")
    )
    assert await typed(bot, "/subscribe") == (
        "Du bist schon dabei ✅ Nächste Ausgabe: Montag, 10. Februar, 06:30 Uhr."
    )
    assert "die nächste (Montag, 10. Februar, 06:30 Uhr) kommt ohne dich" in (
        await typed(bot, "/unsubscribe")
    )


async def test_a_reader_of_a_later_zone_sees_the_next_monday_in_it(bot: Harness) -> None:
    bot.now = bot.now.replace(day=10, hour=6, minute=30)  # Monday 07:30 Berlin, 01:30 New York
    await bot.send("/subscribe")
    assert "Nächste Ausgabe: Montag, 17. Februar, 07:00 Uhr." in bot.last().text
    await typed(bot, "/settings zone America/New_York")
    assert "Nächste Ausgabe: Montag, 10. Februar, 07:00 Uhr." in bot.last().text


async def test_next_delivery_of_a_sofort_reader_is_when_it_is_released(bot: Harness) -> None:
    await typed(bot, "/settings zeit sofort")
    assert "Nächste Ausgabe: sobald sie erscheint." in await typed(bot, "/start")
    assert (
        await typed(bot, "/latest")
        == "Hier ist noch keine Ausgabe. Die erste kommt: sobald sie erscheint."
    )


async def test_help_and_the_command_list_name_settings(bot: Harness) -> None:
    from handlers.formatting.texts import READER_COMMANDS

    assert "/settings – wie und wann die Ausgabe kommt" in await typed(bot, "/help")
    assert ("settings", "Format, Abschnitte, Zeit und Zeitzone") in READER_COMMANDS


async def test_privacy_names_the_settings_and_deletedata_erases_them(bot: Harness) -> None:
    await typed(bot, "/settings zone Europe/Vienna")
    assert "deine Einstellungen aus /settings: Format, Abschnitte, Uhrzeit und Zeitzone" in (
        await typed(bot, "/privacy")
    )
    await typed(bot, "/deletedata")
    await pressed_yes(bot)
    assert stored(bot) == Preferences()


async def pressed_yes(bot: Harness) -> None:
    bot.clock.advance(2.5)
    await bot.press("del:yes", message_id=bot.last().message_id)
