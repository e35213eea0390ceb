"""/follow, /unfollow, /following: fuzzy names, the limit, bad input, /deletedata."""

from __future__ import annotations

import pytest

from bot.database import Database
from newsletter.model import Issue
from storage.watchlist import watchlist
from tests.handlers.harness import Harness, buttons

SUBSCRIBE_NOTE = "Erinnerungen bekommst du, sobald du abonniert hast: /subscribe."


async def test_follow_corrects_a_small_typo_and_names_this_weeks_date(
    bot: Harness, kw06: Issue
) -> None:
    await bot.send("/subscribe")
    await bot.send("/follow palantier")
    assert bot.last().text == (
        "⭐ Du folgst jetzt Palantir (statt „palantier“). Am Tag der Zahlen erinnere ich dich "
        "um 09:00 Uhr.\n\n"
        "Diese Woche: Montag, 3. Februar, nach US-Börsenschluss (22:00)."
    )
    follows = Database(bot.engine).run_sync(watchlist, chat_id=4242)
    assert [(c.folded, c.name) for c in follows] == [("palantir", "Palantir")]


@pytest.mark.parametrize("typed", ["AMD", "amd", "Amd"])
async def test_follow_is_case_insensitive_and_says_no_correction(
    bot: Harness, kw06: Issue, typed: str
) -> None:
    await bot.send("/subscribe")
    await bot.send(f"/follow {typed}")
    assert bot.last().text.startswith("⭐ Du folgst jetzt AMD. Am Tag der Zahlen")


async def test_follow_without_subscription_explains_the_reminder_needs_one(
    bot: Harness, kw06: Issue
) -> None:
    await bot.send("/follow Uber")
    assert bot.last().text.endswith(SUBSCRIBE_NOTE)


async def test_unknown_company_is_saved_as_written(bot: Harness, kw06: Issue) -> None:
    await bot.send("/subscribe")
    await bot.send("/follow Siemens Energy")
    assert bot.last().text == (
        "⭐ Gemerkt: Siemens Energy. Die Firma steht noch auf keiner Earnings-Liste – sobald "
        "sie auftaucht, erinnere ich dich am Tag der Zahlen um 09:00 Uhr."
    )
    await bot.send("/follow siemens energy")
    assert bot.last().text == "Du folgst Siemens Energy schon. /following zeigt deine Watchlist."


@pytest.mark.parametrize("typed", ["arn", "Apple", "Alphabetic Holdings"])
async def test_wildly_different_names_are_not_matched(
    bot: Harness, kw06: Issue, typed: str
) -> None:
    await bot.send(f"/follow {typed}")
    assert bot.last().text.startswith(f"⭐ Gemerkt: {typed}.")


async def test_fifty_follows_at_most(bot: Harness, kw06: Issue) -> None:
    for number in range(50):
        await bot.send(f"/follow Firma {number}")
        bot.clock.advance(2.5)  # slower than the burst limit for one reader
    await bot.send("/follow Palantir")
    assert bot.last().text == (
        "Du folgst schon 50 Firmen – mehr geht nicht. Mit /unfollow <Firma> machst du Platz."
    )
    assert len(Database(bot.engine).run_sync(watchlist, chat_id=4242)) == 50


@pytest.mark.parametrize(
    ("args", "answer"),
    [
        ("", "Welcher Firma willst du folgen? Schreib z. B. /follow Palantir."),
        ("x" * 500, "Der Name ist mir zu lang – höchstens 60 Zeichen, bitte."),
        ("😀 🚀", "Das sieht nicht nach einem Firmennamen aus. Schreib z. B. /follow Palantir."),
        ("!!! ___", "Das sieht nicht nach einem Firmennamen aus. Schreib z. B. /follow Palantir."),
    ],
)
async def test_bad_names_get_a_friendly_answer(
    bot: Harness, kw06: Issue, args: str, answer: str
) -> None:
    await bot.send(f"/follow {args}".strip())
    assert bot.texts() == [answer]
    assert Database(bot.engine).run_sync(watchlist, chat_id=4242) == []


async def test_unfollow(bot: Harness, kw06: Issue) -> None:
    await bot.send("/follow Palantir")
    await bot.send("/unfollow palantier")
    assert bot.last().text == "🔕 Du folgst Palantir nicht mehr."
    await bot.send("/unfollow Palantir")
    assert bot.last().text == "Du folgst „Palantir“ nicht. /following zeigt deine Watchlist."
    await bot.send("/unfollow")
    assert bot.last().text.startswith("Welcher Firma willst du nicht mehr folgen?")
    await bot.send("/unfollow " + "y" * 500)
    assert bot.last().text.startswith("Der Name ist mir zu lang")


async def test_following_lists_this_weeks_times(bot: Harness, kw06: Issue) -> None:
    await bot.send("/following")
    assert bot.last().text.startswith("Du folgst noch keiner Firma.")
    await bot.send("/subscribe")
    for name in ("amd", "Siemens", "Amazon"):
        await bot.send(f"/follow {name}")
    await bot.send("/following")
    assert bot.last().text == (
        "⭐ Du folgst 3 Firmen:\n\n"
        "• amazon – Donnerstag, 6. Februar, nach US-Börsenschluss (22:00)\n"
        "• AMD – Dienstag, 4. Februar, nach US-Börsenschluss (22:00)\n"
        "• Siemens – diese Woche nicht auf der Liste\n\n"
        "Am Tag der Zahlen erinnere ich dich um 09:00 Uhr. /unfollow <Firma> entfernt eine."
    )


async def test_deletedata_erases_the_watchlist(bot: Harness, kw06: Issue) -> None:
    await bot.send("/subscribe")
    await bot.send("/follow AMD")
    await bot.send("/deletedata")
    assert "Watchlist" in bot.last().text
    await bot.press("del:yes", message_id=bot.last().message_id)
    assert Database(bot.engine).run_sync(watchlist, chat_id=4242) == []


async def test_follow_button_with_a_full_watchlist_says_so(bot: Harness, kw06: Issue) -> None:
    for number in range(50):
        await bot.send(f"/follow Firma {number}")
        bot.clock.advance(2.5)
    await bot.send("/earnings AMD")
    answer = bot.last()
    [(_, data)] = buttons(answer)
    await bot.press(data, message_id=answer.message_id, reply_markup=answer.reply_markup)
    assert bot.answers()[-1] == "Du folgst schon 50 Firmen – mit /unfollow machst du Platz."
    assert bot.last().method == "sendMessage"  # the button stays as it was
