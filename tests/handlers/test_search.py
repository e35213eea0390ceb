"""/search: best sections with snippets, earnings mentions, buttons that open a section, and
« Mehr » for the next ones."""

from __future__ import annotations

import pytest

from handlers import callbacks
from newsletter.model import Issue
from tests.handlers.conftest import store
from tests.handlers.harness import Harness, buttons
from tests.storage.factories import issue as make_issue
from tests.storage.factories import section


async def test_search_lists_matching_sections_with_snippet_and_buttons(
    bot: Harness, kw06: Issue
) -> None:
    await bot.send("/search Alibaba")
    result = bot.last()
    assert result.text.startswith("🔎 Treffer für „Alibaba“:\n\n1. KW 6/2025 · News der Woche\n")
    assert "🇨🇳 Alibaba legt nach." in result.text
    assert buttons(result) == [("1 · KW 6/2025", "sec:1:2")]
    await bot.press("sec:1:2")
    news = kw06.sections[2]
    assert bot.texts()[1:] == [m.text for m in news.messages]
    assert not bot.request.violations


async def test_search_for_a_company_finds_its_earnings_date_too(bot: Harness, kw06: Issue) -> None:
    await bot.send("/search palantir")
    text = bot.last().text
    assert "📅 Palantir: Montag, 3. Februar, nach US-Börsenschluss (22:00) – KW 6/2025" in text
    assert "1. KW 6/2025 · 🖨️ Earnings Season" in text


async def test_equal_matches_list_the_newer_issue_first(bot: Harness) -> None:
    for week in (3, 5, 4):
        store(bot.engine, make_issue(week, 2025, sections=[section("Chips", "Nvidia wächst.")]))
    await bot.send("/search nvidia")
    labels = [text for text, _ in buttons(bot.last())]
    assert labels == ["1 · KW 5/2025", "2 · KW 4/2025", "3 · KW 3/2025"]


async def test_search_without_words_explains_itself(bot: Harness) -> None:
    await bot.send("/search")
    await bot.send("/search    ")
    assert (
        bot.texts()
        == ["Wonach soll ich suchen? Schreib z. B. /search DeepSeek oder /search Palantir."] * 2
    )


async def test_too_long_search_is_refused_politely(bot: Harness, kw06: Issue) -> None:
    await bot.send("/search " + "wort " * 40)
    assert bot.texts() == ["Das ist mir zu lang – bitte such mit höchstens 100 Zeichen."]


@pytest.mark.parametrize("query", ["Quantencomputer", "😀", "%_%", "'; DROP TABLE issue; --"])
async def test_search_without_hits_says_so(bot: Harness, kw06: Issue, query: str) -> None:
    await bot.send(f"/search {query}")
    assert bot.texts() == [
        f"Zu „{query}“ habe ich nichts gefunden. Versuch es mit einem anderen Wort."
    ]


def _store_weeks(bot: Harness, weeks: range) -> None:
    for week in weeks:
        text = "Nvidia wächst. " * (week % 4 + 1)
        store(bot.engine, make_issue(week, 2024, sections=[section("Chips", text)]))


async def test_more_than_five_hits_offer_mehr_which_sends_the_next_five(bot: Harness) -> None:
    _store_weeks(bot, range(1, 13))
    await bot.send("/search Nvidia")
    first = bot.last()
    assert first.text.count("\n\n") == 6  # the header, five hits, the hint
    rows = buttons(first)
    assert rows[-1] == ("Mehr »", "sm:5:nvidia")
    await bot.press("sm:5:nvidia")
    second = bot.last()
    assert second.text.startswith("🔎 Weitere Treffer:\n\n6. KW ")
    assert [label[:2] for label, _ in buttons(second)[:-1]] == ["6 ", "7 ", "8 ", "9 ", "10"]
    assert buttons(second)[-1] == ("Mehr »", "sm:10:nvidia")
    await bot.press("sm:10:nvidia")
    third = bot.last()
    assert buttons(third)[0][0].startswith("11 · KW")
    assert len(buttons(third)) == 2  # hits 11 and 12, no « Mehr »
    shown = [first.text, second.text, third.text]
    weeks = [int(line.split("KW ")[1].split("/")[0]) for t in shown for line in t.splitlines()
             if line[:1].isdigit()]  # fmt: skip
    assert sorted(weeks) == list(range(1, 13))  # every hit once
    assert not bot.request.violations


async def test_mehr_keeps_phrases_and_exclusions(bot: Harness) -> None:
    _store_weeks(bot, range(1, 9))
    store(bot.engine, make_issue(30, 2024, sections=[section("Chips", "Nvidia wächst, AMD nicht")]))
    await bot.send("/search „Nvidia wächst“ -AMD")
    data = buttons(bot.last())[-1][1]
    assert data == 'sm:5:"nvidia wachst" -amd'
    await bot.press(data)
    assert "KW 30/2024" not in bot.last().text
    assert len(buttons(bot.last())) == 3


async def test_mehr_without_further_hits_says_so(bot: Harness) -> None:
    _store_weeks(bot, range(1, 3))
    await bot.press("sm:5:nvidia")
    assert bot.answers()[-1] == "Weitere Treffer gibt es nicht."


async def test_a_query_too_long_for_a_button_gets_no_mehr(bot: Harness) -> None:
    words = "Grafikkartenhersteller Rechenzentrumsbetreiber Halbleiterproduktion Nvidia"
    for week in range(1, 8):
        store(bot.engine, make_issue(week, 2024, sections=[section("Chips", words)]))
    await bot.send(f"/search {words}")
    assert [label[:1] for label, _ in buttons(bot.last())] == ["1", "2", "3", "4", "5"]
    assert callbacks.search_more(5, "x" * 60) is None
    assert callbacks.search_more(5, "x" * 59) == "sm:5:" + "x" * 59  # 64 bytes
