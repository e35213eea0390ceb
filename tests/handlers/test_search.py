"""/search: best sections with snippets, earnings mentions, buttons that open a section."""

from __future__ import annotations

import pytest

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
