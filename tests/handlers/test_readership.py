"""Section readership from a reader's taps: a compact issue's section button counts as an
opening (once per send), a search hit's button does not; no reader ids are kept."""

from __future__ import annotations

from bot.database import Database
from newsletter.model import Issue
from storage.readership import recent_readership
from tests.handlers.harness import Harness, buttons


async def test_compact_buttons_count_and_search_buttons_do_not(bot: Harness, kw06: Issue) -> None:
    await bot.send("/settings format kompakt")
    await bot.send("/latest")
    compact = buttons(bot.last())
    _, news = next(b for b in compact if "News der Woche" in b[0])
    await bot.press(news)
    await bot.press(news)  # a second tap in a row sends nothing: not counted
    await bot.send("/search Staatsfonds")
    [(_, hit)] = buttons(bot.last())
    await bot.press(hit)
    [issue] = Database(bot.engine).run_sync(recent_readership)
    assert [(s.kind, s.opened, s.shared) for s in issue.sections] == [("news", 1, 0)]
