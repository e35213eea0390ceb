"""End to end: a running `doppelbot run` process against the fake Bot API tells the admin at
start that inline mode is off, answers an inline query with results Telegram accepts (the
sharer's link on each), and takes a forum topic's subscription from the group's admin."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import BOT_USERNAME, make_inline_query_update, make_message_update
from storage.db import make_engine, session_scope
from storage.tables import Subscriber
from tests.bot.test_e2e_reader import (  # noqa: F401 (api, env: fixtures)
    WAIT,
    _doppelbot,
    api,
    env,
    ingest_kw06,
)

ADMIN, SHARER, FORUM = 777, 5001, -1009876543


def test_inline_sharing_and_a_forum_topic_through_a_running_bot(
    api: FakeBotAPIThread,  # noqa: F811
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    ingest_kw06(env, tmp_path)
    api.call(lambda a: a.backend.groups.add(FORUM, forum=True, creator=ADMIN, topics={7}))
    log_path = tmp_path / "bot.log"
    with log_path.open("w") as log_file:
        bot = subprocess.Popen(
            [*_doppelbot(), "run"], cwd=tmp_path, stdout=log_file, stderr=subprocess.STDOUT,
            env={**env, "TELEGRAM_API_URL": api.base_url, "ADMIN_IDS": str(ADMIN)},
        )  # fmt: skip
        try:
            api.wait_for(lambda a: len(a.sent_to(ADMIN)) >= 1, timeout=30)
            [notice] = api.texts(ADMIN)
            assert notice.startswith("⚠️ Der Inline-Modus ist aus") and "/setinline" in notice
            api.push_update(make_inline_query_update("Palantir", user_id=SHARER))
            api.wait_for(lambda a: len(a.calls_to("answerInlineQuery")) >= 1, timeout=WAIT)
            command = make_message_update("/subscribe@" + BOT_USERNAME, user_id=ADMIN,
                                          chat_id=FORUM, thread_id=7, forum=True)  # fmt: skip
            api.push_update(command)
            api.wait_for(lambda a: len(a.sent_to(FORUM)) >= 1, timeout=WAIT)
        finally:
            bot.send_signal(signal.SIGTERM)
            returncode = bot.wait(20)
    output = log_path.read_text()
    assert returncode == 0 and "Traceback" not in output, output
    assert api.violations == []
    [answer] = api.calls_to("answerInlineQuery")
    first = answer["results"][0]
    assert first["title"] == "📅 Palantir" and answer["is_personal"] is True
    url = first["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert url.startswith(f"https://t.me/{BOT_USERNAME}?start=ref_")
    [subscribed] = [c for c in api.calls_to("sendMessage") if c["chat_id"] == FORUM]
    assert subscribed["message_thread_id"] == 7 and "in dieses Thema" in subscribed["text"]
    engine = make_engine(env["DATABASE_URL"])
    with session_scope(engine) as session:
        forum = session.get(Subscriber, FORUM)
        assert forum is not None and (forum.status, forum.message_thread_id) == ("active", 7)
        sharer = session.get(Subscriber, SHARER)
        assert (
            sharer is not None and sharer.status == "sharer" and url.endswith(sharer.referral_code)
        )
    engine.dispose()
