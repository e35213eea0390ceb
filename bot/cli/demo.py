"""`doppelbot demo [--port 8080] [--no-browser]`: Doppelbot in a browser, without Telegram.

The real bot, unchanged (`build_application`, `serve_polling`: the same as `doppelbot run`),
talks to the Telegram Bot API simulator (`bot.simulator`) in this process instead of Telegram,
on an SQLite database in a temporary folder that already holds the sample issues
(`bot.demo.samples`) and subscribed readers (`bot.cli.demo_setup`). The simulator and the web
chat (`bot.demo.server`) share one event loop in a thread of their own; the bot polls in the
main thread as it always does. The address is printed and opened in the browser (unless
`--no-browser`). Ctrl+C (or SIGTERM) stops the bot cleanly, then the web chat and the
simulator; the temporary folder is removed; exit 0. No token, no network.
"""

from __future__ import annotations

import argparse
import errno
import shutil
import sys
import tempfile
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from bot.demo.server import WebChat
    from bot.simulator.bot_api import FakeBotAPI
    from bot.simulator.bot_api_thread import FakeBotAPIThread

DEFAULT_PORT = 8080


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot demo [--port PORT] [--no-browser]`."""
    demo = commands.add_parser(
        "demo", help="den Bot im Browser ausprobieren (ohne Telegram, ohne Token)"
    )
    demo.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"Port des Web-Chats auf 127.0.0.1 (Vorgabe: {DEFAULT_PORT})",
    )
    demo.add_argument("--no-browser", action="store_true", help="keinen Browser öffnen")
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    """Serve the demo until Ctrl+C; return the exit code."""
    from bot.config import ConfigError

    if not 0 <= args.port <= 65535:
        raise ConfigError(f"--port: erwartet 0 bis 65535, nicht {args.port}")
    folder = Path(tempfile.mkdtemp(prefix="doppelbot-demo-"))
    try:
        return _serve(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _serve(args: argparse.Namespace, folder: Path) -> int:
    from bot.app import build_application
    from bot.cli.demo_setup import DEMO_TOKEN, demo_settings, seed
    from bot.demo.samples import web_files
    from bot.runtime.conflict import PollWatch
    from bot.runtime.logs import setup_logging
    from bot.runtime.polling_mode import polling_request, serve_polling
    from bot.simulator.bot_api_thread import FakeBotAPIThread
    from storage.db import make_engine

    database_url = f"sqlite:///{folder / 'demo.db'}"
    simulator = FakeBotAPIThread(token=DEMO_TOKEN, chat_log=True, web_files=web_files())
    simulator.start()
    engine = make_engine(database_url)
    try:
        settings = demo_settings(database_url, simulator.base_url)
        setup_logging(settings.log_level, settings.log_format)
        chat = _start_chat(simulator, settings.tz, args.port)  # a port in use stops here
        try:
            seed(engine)
            print(f"Doppelbot-Demo: {chat.url}  (Strg+C beendet sie)", flush=True)
            if not args.no_browser:
                webbrowser.open(chat.url)
            watch = PollWatch()
            requests = polling_request(watch)
            app = build_application(
                settings, engine=engine, mode="polling", get_updates_request=requests
            )
            code = serve_polling(app, settings, watch)
        finally:
            simulator.run(lambda api: chat.stop())
        print("Doppelbot-Demo beendet.", file=sys.stderr)
        return code
    finally:
        simulator.stop()
        engine.dispose()


def _start_chat(simulator: FakeBotAPIThread, tz: ZoneInfo, port: int) -> WebChat:
    """Start the web chat on the simulator's loop; a port in use is one German line."""
    from bot.config import ConfigError
    from bot.demo.server import WebChat

    async def start(api: FakeBotAPI) -> WebChat:
        chat = WebChat(api, tz, port=port)
        await chat.start()
        return chat

    try:
        return simulator.run(start)
    except OSError as exc:
        problem = "ist schon belegt" if exc.errno == errno.EADDRINUSE else "geht nicht"
        raise ConfigError(
            f"Port {port} {problem}: einen anderen wählen, z. B. doppelbot demo --port {port + 1}"
        ) from None
