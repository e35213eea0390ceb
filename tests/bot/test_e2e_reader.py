"""End to end: `doppelbot ingest` and `doppelbot run` as processes against the fake Bot API.

Two readers go through the whole reader side: /start, /subscribe, /latest, /earnings (the week,
a company with its follow button, the calendar file), /follow, /following, /archive, /search,
/referral, a friend joining through the link, /top, /deletedata. The fake
server enforces Telegram's rules and flood limits (1 message/s per chat, bursts of 3); the test
asserts on what it recorded. Run with `-s` to see the conversation as a transcript.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import BOT_TOKEN, BOT_USERNAME, make_callback_update, make_message_update
from bot.simulator.records import SentMessage
from storage.db import make_engine, session_scope
from storage.tables import IssueRecord, Subscriber
from storage.watchlist import watchlist_size
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
ERIKA, MAX = 4242, 5151
WAIT = 15.0  # seconds for one reply; a seven-message issue takes about 4.5 s at 1 msg/s


def _doppelbot() -> list[str]:
    script = Path(sys.executable).with_name("doppelbot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


class Reader:
    """A Telegram user typing into their private chat with the bot; keeps a transcript."""

    def __init__(self, api: FakeBotAPIThread, user_id: int, name: str, log: list[str]) -> None:
        self.api, self.user_id, self.name, self.log = api, user_id, name, log
        self._message_id = 100

    def _wait(self, before: int, expect: int) -> list[SentMessage]:
        uid = self.user_id
        self.api.wait_for(lambda a: len(a.sent_to(uid)) >= before + expect, timeout=WAIT)
        return self.api.sent_to(uid)[before:]

    def type(self, text: str, expect: int = 1) -> list[SentMessage]:
        """Send `text`; return the `expect` messages the bot sent (or edited) in reply."""
        before = len(self.api.sent_to(self.user_id))
        self._message_id += 1
        self.api.push_update(
            make_message_update(
                text,
                user_id=self.user_id,
                first_name=self.name,
                username=self.name.lower(),
                message_id=self._message_id,
            )
        )
        replies = self._wait(before, expect)
        self.log.append(f"{self.name} › {text}")
        self.log.extend(_show(m) for m in replies)
        return replies

    def press(self, data: str, message: SentMessage, expect: int = 1) -> list[SentMessage]:
        """Press the button with `data` under `message`."""
        before = len(self.api.sent_to(self.user_id))
        answered = len(self.api.calls_to("answerCallbackQuery"))
        self.api.push_update(
            make_callback_update(
                data,
                user_id=self.user_id,
                message_id=message.message_id,
                reply_markup=message.reply_markup,
            )
        )
        replies = self._wait(before, expect)
        self.log.append(f"{self.name} › [Knopf {data}]")
        toasts = self.api.calls_to("answerCallbackQuery")[answered:]
        self.log.extend(f"  ‹ (Hinweis) {t['text']}" for t in toasts if t.get("text"))
        self.log.extend(_show(m) for m in replies)
        return replies


def _buttons(message: SentMessage) -> list[tuple[str, str]]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [(b["text"], b.get("callback_data") or b.get("url", "")) for row in rows for b in row]


def _show(message: SentMessage) -> str:
    keys = "".join(f"\n    [{label}]" for label, _ in _buttons(message))
    if message.method == "editMessageReplyMarkup":
        return "  ‹ (neue Knöpfe)" + keys
    kind = {"sendPhoto": "Foto", "editMessageText": "bearbeitet"}.get(message.method, "")
    if message.method == "sendDocument":
        kind = f"Datei {getattr(message.document, 'filename', message.document)}"
    head = f"  ‹ ({kind}) " if kind else "  ‹ "
    text = (message.text or "").replace("\n", "\n    ")
    return head + text + keys


def ingest_kw06(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`doppelbot ingest` of the KW6 fixture, as a process; it must succeed."""
    ingest = subprocess.run(
        [*_doppelbot(), "ingest", str(FIXTURES / "kw06-2025.rss.xml")],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert ingest.returncode == 0, ingest.stderr
    return ingest


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of the bot processes: a temp SQLite file, no .env, no real Telegram."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    return {
        **clean,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.db'}",
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TIMEZONE": "Europe/Berlin",
        "BROADCAST_AT": "mon 07:00",
        "BROADCAST_GRACE": "1s",  # no catch-up broadcast of the old fixture issue
        "ADMIN_IDS": "",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def api() -> Iterator[FakeBotAPIThread]:
    """The fake Bot API on 127.0.0.1 with Telegram's limits."""
    with FakeBotAPIThread(token=BOT_TOKEN, rate=30, per_chat_rate=1.0, burst=3) as server:
        yield server


def test_reader_session_through_a_running_bot(
    api: FakeBotAPIThread, env: dict[str, str], tmp_path: Path
) -> None:
    ingest = ingest_kw06(env, tmp_path)
    assert ingest.stdout.startswith("Ausgabe 1 (2025-KW06) gespeichert")

    log_path = tmp_path / "bot.log"
    with log_path.open("w") as log_file:
        bot = subprocess.Popen(
            [*_doppelbot(), "run"], cwd=tmp_path, stdout=log_file, stderr=subprocess.STDOUT,
            env={**env, "TELEGRAM_API_URL": api.base_url},
        )  # fmt: skip
        try:
            transcript = _session(api)
        finally:
            bot.send_signal(signal.SIGTERM)
            returncode = bot.wait(20)
    output = log_path.read_text()
    print("\n".join(transcript))

    assert returncode == 0, output
    assert "Traceback" not in output and " ERROR " not in output, output
    assert BOT_TOKEN.split(":")[1] not in output  # the token never reaches a log line
    assert api.violations == []
    stats = api.stats()
    assert stats["rate_limited"] == 0 and stats["duplicates"] == 0
    assert len(api.texts(ERIKA)) == 22 and len(api.texts(MAX)) == 2  # nothing unasked for
    engine = make_engine(env["DATABASE_URL"])
    with session_scope(engine) as session:
        assert session.get(Subscriber, ERIKA) is None  # /deletedata
        assert watchlist_size(session=session, chat_id=ERIKA) == 0  # her follows went too
        assert session.get(Subscriber, MAX).status == "active"
        assert session.scalar(select(func.count()).select_from(IssueRecord)) == 1
    engine.dispose()


def _session(api: FakeBotAPIThread) -> list[str]:
    """The conversation; returns its transcript."""
    api.wait_for(lambda a: a.stats()["per_method"].get("getUpdates", 0) >= 1, timeout=30)
    [commands] = api.calls_to("setMyCommands")
    assert {"command": "latest", "description": "Die neueste Ausgabe lesen"} in commands["commands"]
    log: list[str] = []
    erika = Reader(api, ERIKA, "Erika", log)
    friend = Reader(api, MAX, "Max", log)

    [welcome] = erika.type("/start")
    assert welcome.text.startswith("Hallo Erika! 👋")
    assert re.search(r"Nächste Ausgabe: Montag, \d{1,2}\. \w+, 07:00 Uhr\.", welcome.text)
    assert _buttons(welcome) == [("📬 Abonnieren", "sub")]

    [subscribed] = erika.type("/subscribe")
    assert subscribed.text.startswith("✅ Abonniert! Nächste Ausgabe: Montag,")

    issue = erika.type("/latest", expect=7)
    assert issue[0].text.startswith("KW6 - Der Drache erwacht (Oder schlafen wir nur?)")
    assert [m.method for m in issue].count("sendPhoto") == 1
    assert issue[-1].text.startswith("Danke für Deine Zeit und Aufmerksamkeit!")

    [earnings] = erika.type("/earnings")
    assert earnings.text.startswith("📅 Earnings der Woche (KW 6/2025)")
    assert "• Palantir – nach US-Börsenschluss (22:00)" in earnings.text

    [company] = erika.type("/earnings palantier")
    assert company.text.startswith(
        "📅 Palantir berichtet am Montag, 3. Februar, nach US-Börsenschluss (22:00)"
    )
    [(label, data)] = _buttons(company)
    assert label == "⭐ Folgen: Palantir"
    [edited] = erika.press(data, company)
    assert _buttons(edited) == [("🔕 Entfolgen: Palantir", data.replace(":f:", ":u:"))]

    [followed] = erika.type("/follow amd")
    assert followed.text.startswith("⭐ Du folgst jetzt AMD.")
    [watchlist] = erika.type("/following")
    assert "• Palantir – Montag, 3. Februar, nach US-Börsenschluss (22:00)" in watchlist.text

    [calendar] = erika.type("/earnings ics")
    assert calendar.method == "sendDocument" and calendar.document.filename.endswith(".ics")
    assert len(Calendar.from_ical(calendar.document.content).walk("VEVENT")) == 23

    [archive] = erika.type("/archive")
    assert "KW 6/2025 · 3. Februar 2025" in archive.text
    assert _buttons(archive) == [("📖 KW 6/2025", "iss:1")]

    [found] = erika.type("/search deepseek")
    assert found.text.startswith("🔎 Treffer für „deepseek“:\n\n1. KW 6/2025 · News der Woche")
    assert "\n\n2. KW 6/2025 · 🛗 Der KI Drache erwacht" in found.text
    assert _buttons(found) == [("1 · KW 6/2025", "sec:1:2"), ("2 · KW 6/2025", "sec:1:1")]

    [invite] = erika.type("/referral")
    link = re.search(rf"https://t\.me/{BOT_USERNAME}\?start=(ref_[A-Za-z0-9_-]+)", invite.text)
    assert link and "noch niemand dazugekommen" in invite.text

    [hello] = friend.type(f"/start {link[1]}")
    assert "Schön, dass du über eine Einladung kommst." in hello.text
    before = len(api.sent_to(ERIKA))
    friend.type("/subscribe")
    api.wait_for(lambda a: len(a.sent_to(ERIKA)) > before, timeout=WAIT)
    credit = api.sent_to(ERIKA)[-1]
    assert credit.text.startswith("🎉 Über deinen Link ist gerade jemand dazugekommen.")
    log.append(f"(an Erika) {_show(credit).strip()}")

    [top] = erika.type("/top")
    assert top.text == "🏆 Die besten Empfehler:innen\n\n🥇 Erika – 1 Leser:in"

    [question] = erika.type("/deletedata")
    assert _buttons(question) == [("🗑️ Ja, alles löschen", "del:yes"), ("Abbrechen", "del:no")]
    [done] = erika.press("del:yes", question)
    assert done.method == "editMessageText" and done.text.startswith("🗑️ Erledigt")
    return log
