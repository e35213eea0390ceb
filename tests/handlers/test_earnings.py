"""/earnings: the week by weekday, one day, a company (with follow buttons and the issues that
wrote about it), every time on the reader's clock."""

from __future__ import annotations

import datetime as dt

import pytest

from newsletter.model import EarningsRow, Issue
from tests.handlers.conftest import store
from tests.handlers.harness import Harness, buttons
from tests.storage.factories import issue as make_issue
from tests.storage.factories import section

USAGE = (
    "Das verstehe ich nicht. Probier /earnings, /earnings heute, /earnings dienstag, "
    "/earnings Palantir oder /earnings ics."
)


async def test_earnings_lists_the_week_grouped_by_weekday_with_times(
    bot: Harness, kw06: Issue
) -> None:
    await bot.send("/earnings")
    text = bot.last().text
    assert text.startswith(
        "📅 Earnings der Woche (KW 6/2025)\n\n"
        "Montag, 3. Februar\n• Palantir – nach US-Börsenschluss (22:00)\n\n"
        "Dienstag, 4. Februar\n• PayPal – vor US-Börsenstart (15:30)\n"
    )
    assert "Donnerstag, 6. Februar\n• Eli Lilly – vor US-Börsenstart (15:30)" in text
    assert text.count("• ") == len(kw06.earnings)
    assert "Freitag" not in text  # an empty day in the list is not shown
    assert text.endswith("/earnings ics für deinen Kalender.")


async def test_earnings_in_the_weeks_only_the_us_has_switched(bot: Harness) -> None:
    rows = [
        EarningsRow(dt.date(2026, 3, 9), "Montag", "Oracle", "AMC"),
        EarningsRow(dt.date(2026, 3, 10), "Dienstag", "Dick's", "BMO"),
        EarningsRow(dt.date(2026, 3, 11), "Mittwoch", "Ohne Zeit", None),
    ]
    store(bot.engine, make_issue(11, 2026, earnings=rows))
    await bot.send("/earnings")
    text = bot.last().text
    assert "• Oracle – nach US-Börsenschluss (21:00)" in text
    assert "• Dick's – vor US-Börsenstart (14:30)" in text
    assert "• Ohne Zeit\n" in text  # a row without timing stays without a time


async def test_earnings_today_and_tomorrow_use_the_local_date(bot: Harness, kw06: Issue) -> None:
    await bot.send("/earnings heute")  # the pinned day: Tuesday, 4 February 2025
    await bot.send("/earnings Morgen")
    today, tomorrow = bot.texts()
    assert today.startswith("📅 Earnings für heute (Dienstag, 4. Februar) (KW 6/2025):\n\n")
    assert "• AMD – nach US-Börsenschluss (22:00)" in today and "Uber" not in today
    assert tomorrow.startswith("📅 Earnings für morgen (Mittwoch, 5. Februar)")
    assert "• Uber – vor US-Börsenstart (15:30)" in tomorrow


@pytest.mark.parametrize("day", ["dienstag", "Di", "DIENSTAG"])
async def test_earnings_for_a_weekday(bot: Harness, kw06: Issue, day: str) -> None:
    await bot.send(f"/earnings {day}")
    assert bot.last().text.startswith(
        "📅 Earnings für Dienstag (KW 6/2025):\n\n• PayPal – vor US-Börsenstart (15:30)"
    )


async def test_weekday_without_earnings_says_so(bot: Harness, kw06: Issue) -> None:
    await bot.send("/earnings freitag")
    assert bot.texts() == ["Für Freitag steht nichts auf der Earnings-Liste (KW 6/2025)."]


@pytest.mark.parametrize("name", ["palantir", "PALANTIR", "Palan"])
async def test_earnings_for_a_company_is_case_insensitive(
    bot: Harness, kw06: Issue, name: str
) -> None:
    await bot.send(f"/earnings {name}")
    assert bot.texts() == [
        "📅 Palantir berichtet am Montag, 3. Februar, nach US-Börsenschluss (22:00) "
        "– laut Liste aus KW 6/2025."
    ]
    [(label, data)] = buttons(bot.last())
    assert label == "⭐ Folgen: Palantir" and data.startswith("wl:f:")


async def test_company_in_several_lists_newest_first(bot: Harness, kw06: Issue) -> None:
    older = [EarningsRow(dt.date(2024, 11, 4), "Montag", "Palantir", "BMO")]
    store(bot.engine, make_issue(45, 2024, earnings=older))
    await bot.send("/earnings Palantir")
    assert bot.texts() == [
        "📅 Laut Earnings-Liste:\n\n"
        "• Palantir: Montag, 3. Februar, nach US-Börsenschluss (22:00) – KW 6/2025\n"
        "• Palantir: Montag, 4. November, vor US-Börsenstart (15:30) – KW 45/2024"
    ]
    assert len(buttons(bot.last())) == 1  # one follow button per company, not per list


async def test_company_lists_the_issues_that_wrote_about_it_newest_first(
    bot: Harness, kw06: Issue
) -> None:
    ids = {}
    for week in (3, 4, 5):
        news = section("News der Woche", f"Palantir hebt die Prognose an (KW{week}).")
        ids[week] = store(bot.engine, make_issue(week, 2025, sections=[news], earnings=[]))
    store(bot.engine, make_issue(2, 2025, earnings=[]))  # does not mention it
    await bot.send("/earnings palantir")
    reply = bot.last()
    assert reply.text.endswith(
        "Was das Update dazu schrieb:\n"
        "1. KW 5/2025 · News der Woche\n"
        "2. KW 4/2025 · News der Woche\n"
        "3. KW 3/2025 · News der Woche\n\n"
        "Die Knöpfe öffnen die Abschnitte."
    )  # the earnings list of KW 6 is not a mention
    keys = buttons(reply)
    assert keys[1:] == [
        ("1 · KW 5/2025", f"sec:{ids[5]}:0"),
        ("2 · KW 4/2025", f"sec:{ids[4]}:0"),
        ("3 · KW 3/2025", f"sec:{ids[3]}:0"),
    ]
    await bot.press(keys[1][1])
    assert bot.last().text.startswith("News der Woche\nPalantir hebt die Prognose an (KW5).")


async def test_at_most_five_mentions(bot: Harness, kw06: Issue) -> None:
    for week in range(1, 6):
        news = section("News", "Wieder Palantir.")
        store(bot.engine, make_issue(week, 2024, sections=[news], earnings=[]))
    store(bot.engine, make_issue(7, 2024, sections=[section("News", "Palantir.")], earnings=[]))
    await bot.send("/earnings Palantir")
    assert len(buttons(bot.last())) == 1 + 5


async def test_follow_button_follows_and_turns_into_unfollow(bot: Harness, kw06: Issue) -> None:
    await bot.send("/earnings AMD")
    answer = bot.last()
    [(label, data)] = buttons(answer)
    assert label == "⭐ Folgen: AMD"
    await bot.press(data, message_id=answer.message_id, reply_markup=answer.reply_markup)
    assert bot.answers()[-1] == "⭐ Du folgst jetzt AMD. Ich erinnere dich am Tag der Zahlen."
    edited = bot.last()
    assert edited.method == "editMessageReplyMarkup" and edited.message_id == answer.message_id
    [(label, unfollow)] = buttons(edited)
    assert label == "🔕 Entfolgen: AMD" and unfollow == data.replace("wl:f:", "wl:u:")
    await bot.send("/following")
    assert "• AMD – Dienstag, 4. Februar, nach US-Börsenschluss (22:00)" in bot.last().text
    await bot.send("/earnings amd")
    assert buttons(bot.last()) == [("🔕 Entfolgen: AMD", unfollow)]
    last = bot.last()
    await bot.press(unfollow, message_id=last.message_id, reply_markup=last.reply_markup)
    assert bot.answers()[-1] == "Du folgst AMD nicht mehr."
    assert buttons(bot.last()) == [("⭐ Folgen: AMD", data)]
    assert not bot.request.violations


async def test_follow_button_of_a_replaced_issue_is_stale(bot: Harness, kw06: Issue) -> None:
    await bot.send("/earnings AMD")
    [(_, data)] = buttons(bot.last())
    store(bot.engine, make_issue(6, 2025))  # the same week again: new earnings rows
    await bot.press(data)
    assert bot.answers()[-1] == "Dieser Knopf ist nicht mehr aktuell."


async def test_callback_data_stays_short_for_long_names(bot: Harness) -> None:
    long_name = "Sehr Lange Aktiengesellschaft für Beteiligungen und Verwaltung " * 3
    rows = [EarningsRow(dt.date(2025, 2, 4), "Dienstag", long_name.strip(), "BMO")]
    store(bot.engine, make_issue(6, 2025, earnings=rows))
    await bot.send("/earnings Sehr Lange")
    [(label, data)] = buttons(bot.last())
    assert len(data.encode()) <= 64 and label.endswith("…")
    assert not bot.request.violations


async def test_company_not_in_any_list(bot: Harness, kw06: Issue) -> None:
    await bot.send("/earnings Siemens")
    assert bot.texts() == ["Siemens steht auf keiner Earnings-Liste."]


@pytest.mark.parametrize("args", ["😀", "🇨🇳 🇺🇸", "x" * 80, "x" * 500, "!!!"])
async def test_odd_earnings_arguments_explain_the_usage(
    bot: Harness, kw06: Issue, args: str
) -> None:
    await bot.send(f"/earnings {args}")
    assert bot.texts() == [USAGE]


async def test_newest_issue_without_earnings_list(bot: Harness, kw06: Issue) -> None:
    store(bot.engine, make_issue(7, 2025, earnings=[]))
    await bot.send("/earnings")
    assert bot.texts() == ["In der neuesten Ausgabe steht keine Earnings-Liste."]


async def test_earnings_before_any_issue(bot: Harness) -> None:
    await bot.send("/earnings")
    assert bot.texts()[0].startswith("Hier ist noch keine Ausgabe.")


async def test_company_with_a_small_typo_is_found(bot: Harness, kw06: Issue) -> None:
    await bot.send("/earnings palantier")
    assert bot.last().text.startswith("📅 Palantir berichtet am Montag, 3. Februar")
