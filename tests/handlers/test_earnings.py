"""/earnings: the week by weekday, one day, a company."""

from __future__ import annotations

import datetime as dt

import pytest

from newsletter.model import EarningsRow, Issue
from tests.handlers.conftest import store
from tests.handlers.harness import Harness
from tests.storage.factories import issue as make_issue

USAGE = (
    "Das verstehe ich nicht. Probier /earnings, /earnings heute, /earnings dienstag "
    "oder /earnings Palantir."
)


async def test_earnings_lists_the_week_grouped_by_weekday_with_timing_in_words(
    bot: Harness, kw06: Issue
) -> None:
    await bot.send("/earnings")
    text = bot.last().text
    assert text.startswith(
        "📅 Earnings der Woche (KW 6/2025)\n\n"
        "Montag, 3. Februar\n• Palantir – nach US-Börsenschluss\n\n"
        "Dienstag, 4. Februar\n• PayPal – vor US-Börsenstart\n"
    )
    assert "Donnerstag, 6. Februar\n• Eli Lilly – vor US-Börsenstart" in text
    assert text.count("• ") == len(kw06.earnings)
    assert "Freitag" not in text  # an empty day in the list is not shown


async def test_earnings_today_and_tomorrow_use_the_local_date(bot: Harness, kw06: Issue) -> None:
    await bot.send("/earnings heute")  # the pinned day: Tuesday, 4 February 2025
    await bot.send("/earnings Morgen")
    today, tomorrow = bot.texts()
    assert today.startswith("📅 Earnings für heute (Dienstag, 4. Februar) (KW 6/2025):\n\n")
    assert "• AMD – nach US-Börsenschluss" in today and "Uber" not in today
    assert tomorrow.startswith("📅 Earnings für morgen (Mittwoch, 5. Februar)")
    assert "• Uber – vor US-Börsenstart" in tomorrow


@pytest.mark.parametrize("day", ["dienstag", "Di", "DIENSTAG"])
async def test_earnings_for_a_weekday(bot: Harness, kw06: Issue, day: str) -> None:
    await bot.send(f"/earnings {day}")
    assert bot.last().text.startswith("📅 Earnings für Dienstag (KW 6/2025):\n\n• PayPal")


async def test_weekday_without_earnings_says_so(bot: Harness, kw06: Issue) -> None:
    await bot.send("/earnings freitag")
    assert bot.texts() == ["Für Freitag steht nichts auf der Earnings-Liste (KW 6/2025)."]


@pytest.mark.parametrize("name", ["palantir", "PALANTIR", "Palan"])
async def test_earnings_for_a_company_is_case_insensitive(
    bot: Harness, kw06: Issue, name: str
) -> None:
    await bot.send(f"/earnings {name}")
    assert bot.texts() == [
        "📅 Palantir berichtet am Montag, 3. Februar, nach US-Börsenschluss (Liste aus KW 6/2025)."
    ]


async def test_company_in_several_lists_newest_first(bot: Harness, kw06: Issue) -> None:
    older = [EarningsRow(dt.date(2024, 11, 4), "Montag", "Palantir", "BMO")]
    store(bot.engine, make_issue(45, 2024, earnings=older))
    await bot.send("/earnings Palantir")
    assert bot.texts() == [
        "📅 Laut Earnings-Liste:\n\n"
        "• Palantir: Montag, 3. Februar, nach US-Börsenschluss (KW 6/2025)\n"
        "• Palantir: Montag, 4. November, vor US-Börsenstart (KW 45/2024)"
    ]


async def test_company_not_in_any_list(bot: Harness, kw06: Issue) -> None:
    await bot.send("/earnings Siemens")
    assert bot.texts() == ["Siemens steht auf keiner Earnings-Liste."]


@pytest.mark.parametrize("args", ["😀", "🇨🇳 🇺🇸", "x" * 80, "!!!"])
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
