"""`doppelbot demo` as a user starts it, without a browser: no token and no Telegram settings,
it prints its address, the web chat serves the page, the real bot answers /start through the
simulator, and Ctrl+C ends it with exit 0; a port in use is one German line and exit 2."""

from __future__ import annotations

import socket
import urllib.request

from bot.demo.people import READERS
from tests.bot.demo.demo_process import DemoProcess

ERIKA = READERS[0].user_id


def test_the_demo_starts_without_a_token_answers_and_ends_cleanly_on_ctrl_c() -> None:
    demo = DemoProcess()
    try:
        assert demo.first_line == f"Doppelbot-Demo: {demo.url}  (Strg+C beendet sie)\n"
        with urllib.request.urlopen(demo.url + "/", timeout=10) as response:
            assert b'<textarea name="message"' in response.read()
        assert demo.post(f"/api/chat/{ERIKA}/send", {"text": "/start"}) == {"ok": True}
        [you, bot] = demo.wait_for_bot(ERIKA, 1)
        assert 'data-from="you"' in you and "Hallo Erika!" in bot
    finally:
        code, err = demo.interrupt()
    assert code == 0, err
    assert err.strip().splitlines()[-1] == "Doppelbot-Demo beendet."
    assert "Traceback" not in err


def test_a_port_in_use_is_one_german_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        demo = DemoProcess(port)
        code, err = demo.interrupt()
    assert (code, demo.first_line) == (2, "")
    assert err == (
        f"doppelbot: Fehler: Port {port} ist schon belegt: einen anderen wählen, "
        f"z. B. doppelbot demo --port {port + 1}\n"
    )
