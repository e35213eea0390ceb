"""`doppelbot run [--webhook | --polling]`: the bot itself, until SIGTERM or Ctrl+C.

Webhook mode when WEBHOOK_URL is set (or `--webhook`), else long polling. The application is
built here, in the composition root (`bot.app.build_application`), and handed to the run mode
(`bot.runtime.webhook_mode`, `bot.runtime.polling_mode`).
"""

from __future__ import annotations

import argparse


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot run [--webhook | --polling]`."""
    run = commands.add_parser(
        "run", help="den Bot starten (Webhook mit WEBHOOK_URL, sonst Polling)"
    )
    how = run.add_mutually_exclusive_group()
    how.add_argument("--webhook", action="store_true", help="Webhook-Modus (WEBHOOK_URL, PORT)")
    how.add_argument("--polling", action="store_true", help="Long Polling (eine Instanz)")
    run.set_defaults(handler=run_bot)


def run_bot(args: argparse.Namespace) -> int:
    """Serve Telegram's updates until a stop signal; return the exit code."""
    from bot.app import build_application
    from bot.config import load_settings
    from bot.runtime.logs import setup_logging

    settings = load_settings()
    settings.require_token()
    setup_logging(settings.log_level, settings.log_format)
    mode = "webhook" if args.webhook else "polling" if args.polling else settings.mode
    if mode == "webhook":
        from bot.runtime.webhook_mode import serve_webhook

        settings.require_webhook()
        return serve_webhook(build_application(settings, mode="webhook"), settings)
    from bot.runtime.conflict import PollWatch
    from bot.runtime.polling_mode import polling_request, serve_polling

    watch = PollWatch()
    requests = polling_request(watch)
    app = build_application(settings, mode="polling", get_updates_request=requests)
    return serve_polling(app, settings, watch)
