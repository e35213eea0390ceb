"""End to end: a fresh `doppelbot run` with FEED_URL backfills the feed's site by itself.

A real bot process against the fake Bot API; the feed and the site are a beehiiv-like site on
127.0.0.1 (`tests/bot/publishing/beehiiv_site.py`). The slot has just passed and readers wait,
yet none of the old issues the backfill finds is sent or previewed: the admins get one summary
when it is done, and the issues are in the archive.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import BOT_TOKEN
from storage.db import make_engine
from storage.tables import IssueRecord
from tests.bot.broadcast_fixtures import add_readers
from tests.bot.instances import launch
from tests.bot.publishing.beehiiv_site import BeehiivSite, fixture_posts

ADMIN = 778
READERS = (4101, 4102)
WAIT = 60.0
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def test_a_fresh_bot_backfills_the_feeds_site_and_sends_none_of_the_old_issues(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    engine = make_engine(url)
    from storage.db import migrate

    migrate(engine)
    add_readers(engine, READERS)
    slot = dt.datetime.now(ZoneInfo("Europe/Berlin")) - dt.timedelta(minutes=1)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    with BeehiivSite(fixture_posts()) as site, FakeBotAPIThread(token=BOT_TOKEN) as api:
        env = {
            **clean,
            "DATABASE_URL": url,
            "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_API_URL": api.base_url,
            "ADMIN_IDS": str(ADMIN),
            "TIMEZONE": "Europe/Berlin",
            "BROADCAST_AT": f"{WEEKDAYS[slot.weekday()]} {slot:%H:%M}",
            "FEED_URL": f"{site.url}/feed",
            "LOG_LEVEL": "INFO",
        }
        bot = launch(env, tmp_path / "bot.log", "run", "--polling")
        try:
            api.wait_for(
                lambda a: any(t.startswith("📚 Archiv nachgeladen") for t in a.texts(ADMIN)),
                timeout=WAIT,
            )
        finally:
            bot.send_signal(signal.SIGTERM)
            returncode = bot.wait(20)
        admin = api.texts(ADMIN)
        readers = [api.texts(reader) for reader in READERS]
        agents = {r.headers.get("User-Agent") for r in site.requests}
    output = (tmp_path / "bot.log").read_text()
    with engine.connect() as connection:
        issues = connection.execute(select(func.count()).select_from(IssueRecord)).scalar_one()
    engine.dispose()
    assert returncode == 0 and "Traceback" not in output, output
    [summary] = [t for t in admin if t.startswith("📚 Archiv nachgeladen")]
    assert summary.startswith(
        f"📚 Archiv nachgeladen. Backfill {site.url}: 4 Beiträge gefunden (Sitemap), "
        "3 gespeichert, 0 unverändert, 1 übersprungen (1 keine Ausgabe), 0 fehlgeschlagen"
    )
    assert issues == 3
    assert not any(t.startswith("🔎 Prüfbericht") for t in admin)  # no preview per old issue
    assert readers == [[], []]  # an old issue is never sent because it was found
    assert agents == {"Doppelbot/0.1 (+https://github.com/doppelbot)"}
