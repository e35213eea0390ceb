"""End to end: the publisher's week in a real `doppelbot run` process against the fake Bot API.

The feed (a local HTTP server) brings this week's issue; every admin gets the preview and the
check report; the slot is open but APPROVAL_REQUIRED holds the issue, so the admin is reminded;
the admin presses "✅ Freigeben" and the broadcast reaches every reader and the channel, once.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import BOT_TOKEN, make_callback_update
from storage.db import make_engine, migrate
from storage.tables import Subscriber
from storage.tables.timestamps import utcnow
from tests.bot.feeds import FeedServer, feed, item, serve_feed

ROOT = Path(__file__).resolve().parents[2]
ADMIN = 777
READERS = (4001, 4002, 4003)
CHANNEL = -1001234567890
WAIT = 40.0
BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def add_readers(url: str) -> None:
    engine = make_engine(url)
    migrate(engine)
    now = utcnow()
    rows = [
        {"chat_id": c, "status": "active", "kind": "private", "referral_code": f"r{c}",
         "created_at": now, "updated_at": now, "subscribed_at": now}
        for c in READERS
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(insert(Subscriber.__table__), rows)
    engine.dispose()


def test_feed_preview_approval_and_broadcast_in_a_running_bot(tmp_path: Path) -> None:
    slot = dt.datetime.now(BERLIN).replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
    week = slot.isocalendar().week
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    add_readers(url)
    server = FeedServer(body=feed(item(week, date=slot.date())))
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    with serve_feed(server), FakeBotAPIThread(token=BOT_TOKEN, rate=30, burst=3) as api:
        api.call(lambda a: a.backend.channels.add("@doppelkanal", CHANNEL))
        env = {
            **clean,
            "DATABASE_URL": url,
            "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_API_URL": api.base_url,
            "ADMIN_IDS": str(ADMIN),
            "TIMEZONE": "Europe/Berlin",
            "BROADCAST_AT": f"{WEEKDAYS[slot.weekday()]} {slot:%H:%M}",
            "BROADCAST_GRACE": "2h",
            "FEED_URL": server.url,
            "FEED_INTERVAL": "10s",
            "BACKFILL": "off",  # the feed's site is not on 127.0.0.1 (see test_e2e_backfill)
            "APPROVAL_REQUIRED": "true",
            "CHANNEL_ID": "@doppelkanal",
            "LOG_LEVEL": "INFO",
        }
        log_path = tmp_path / "bot.log"
        with log_path.open("w") as log_file:
            bot = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                stdout=log_file, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                report = _until_report(api)
                api.push_update(
                    make_callback_update(
                        report.reply_markup["inline_keyboard"][0][0]["callback_data"],
                        user_id=ADMIN, message_id=report.message_id,
                    )
                )  # fmt: skip
                everyone = (*READERS, CHANNEL)
                api.wait_for(lambda a: all(len(a.texts(c)) >= 7 for c in everyone), timeout=WAIT)
                api.wait_for(lambda a: _said(a, "✅ Versand abgeschlossen"), timeout=WAIT)
            finally:
                bot.send_signal(signal.SIGTERM)
                returncode = bot.wait(20)
        violations, stats = api.violations, api.stats()
        admin = api.texts(ADMIN)
        received = {chat: api.texts(chat) for chat in (*READERS, CHANNEL)}
    output = log_path.read_text()
    assert returncode == 0, output
    assert "Traceback" not in output, output
    assert violations == [] and stats["duplicates"] == 0
    assert any(
        t.startswith("⏳ Versandzeit für KW") and "noch nicht freigegeben" in t for t in admin
    )
    assert any(t.endswith("ist freigegeben. Der Versand läuft jetzt an.") for t in admin)
    for texts in received.values():
        assert len(texts) == 7 and texts[0].startswith(f"KW{week} - Der Drache erwacht")
    assert server.requests[0] == (None, None)


def _said(api: FakeBotAPIThread, start: str) -> bool:
    return any(t.startswith(start) for t in api.texts(ADMIN))


def _until_report(api: FakeBotAPIThread):
    api.wait_for(lambda a: _said(a, "🔎 Prüfbericht"), timeout=WAIT)
    [report] = [m for m in api.sent_to(ADMIN) if (m.text or "").startswith("🔎 Prüfbericht")]
    assert "⏸ Nicht freigegeben: noch nicht freigegeben (APPROVAL_REQUIRED)." in report.text
    preview = api.texts(ADMIN)[: api.texts(ADMIN).index(report.text)]
    assert len(preview) >= 7  # the issue as readers get it, before the report
    return report
