"""/stats: admins get the figures and the chart as an uploaded PNG; nobody else."""

from __future__ import annotations

from bot.broadcast.texts import ONLY_ADMINS
from bot.simulator.params import Upload
from storage.tables.timestamps import utcnow
from tests.bot.stats_history import assert_valid_png
from tests.handlers.conftest import ADMIN_ID
from tests.handlers.harness import Harness


async def test_admin_gets_the_figures_and_a_png_chart(bot: Harness) -> None:
    bot.now = utcnow()  # the readers below subscribe now
    for reader in (1, 2, 3):
        await bot.send("/subscribe", user_id=reader)
    await bot.send("/unsubscribe", user_id=3)
    await bot.send("/stats", user_id=ADMIN_ID)
    text, chart = bot.sent(ADMIN_ID)
    assert text.method == "sendMessage" and text.text.startswith("📊 Statistik · ")
    assert "👥 Leser:innen: 2 aktiv" in text.text
    assert "3 neu · 0 zurück · 1 abbestellt · 0 blockiert" in text.text
    assert "📤 Noch kein Versand." in text.text
    assert chart.method == "sendPhoto" and isinstance(chart.photo, Upload)
    assert chart.photo.filename == "statistik.png"
    assert chart.text.startswith("📈 Aktive Leser:innen und Zu- und Abgänge pro Woche")
    assert assert_valid_png(chart.photo.content) == (1200, 900)
    assert not bot.request.violations


async def test_others_are_refused_and_get_no_chart(bot: Harness) -> None:
    await bot.send("/stats")
    assert bot.texts() == [ONLY_ADMINS]
    assert [m.method for m in bot.sent()] == ["sendMessage"]
