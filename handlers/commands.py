"""The command list Telegram shows readers in the menu (registered at start-up)."""

from __future__ import annotations

from telegram import BotCommand

from handlers.formatting.texts import READER_COMMANDS


def reader_commands() -> list[BotCommand]:
    """Return the reader commands with their German descriptions, in menu order."""
    return [BotCommand(command, description) for command, description in READER_COMMANDS]
