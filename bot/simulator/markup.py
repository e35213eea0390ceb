"""Telegram's rules for reply markup (inline keyboards) and for the bot's command list."""

from __future__ import annotations

import re

MAX_CALLBACK_DATA = 64
MAX_COMMANDS = 100
MAX_COMMAND_DESCRIPTION = 256

_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_MARKUP_KINDS = ("inline_keyboard", "keyboard", "remove_keyboard", "force_reply")
_URL = re.compile(r"^(https?|tg)://\S+$")
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


def _check_button(button: object) -> str | None:
    if not isinstance(button, dict):
        return "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        return 'can\'t parse inline keyboard button: Field "text" must be a non-empty String'
    actions = [a for a in _BUTTON_ACTIONS if a in button]
    if not actions:
        return (
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        return f"can't parse inline keyboard button: more than one action {actions}"
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
            return "BUTTON_DATA_INVALID"
    if "url" in button and not (isinstance(button["url"], str) and _URL.match(button["url"])):
        return "BUTTON_URL_INVALID"
    return None


def check_reply_markup(markup: object) -> str | None:
    """Return Telegram's complaint about `markup` (without `Bad Request: `), or None."""
    if not isinstance(markup, dict):
        return "can't parse reply keyboard markup JSON object"
    kinds = [k for k in _MARKUP_KINDS if k in markup]
    if len(kinds) != 1:
        return "can't parse reply keyboard markup JSON object"
    if kinds[0] != "inline_keyboard":
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        return 'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
    for row in rows:
        for button in row:
            if problem := _check_button(button):
                return problem
    return None


def check_commands(commands: object) -> str | None:
    """Return Telegram's complaint about a `setMyCommands` list, or None."""
    if not isinstance(commands, list) or len(commands) > MAX_COMMANDS:
        return "can't parse commands JSON object"
    for command in commands:
        if not isinstance(command, dict):
            return "can't parse BotCommand JSON object"
        if not _COMMAND.match(str(command.get("command", ""))):
            return "BOT_COMMAND_INVALID"
        description = command.get("description")
        if not isinstance(description, str) or not description.strip():
            return "command description is empty"
        if len(description) > MAX_COMMAND_DESCRIPTION:
            return "command description is too long"
    return None
