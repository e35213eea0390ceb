"""Inline mode is switched on with BotFather, not by the bot: the check that tells the admins.

Sharing (`@bot …`) works only when BotFather's /setinline is on; Telegram's `getMe` then says
`supports_inline_queries`. Each time an instance becomes the leader (at start) it asks, and when
inline mode is off the admins hear it, at most once a day. Whether inline feedback
(/setinlinefeedback, needed to count shares) is on, Telegram does not say: the notice names it.
"""

from __future__ import annotations

import logging

from telegram.error import TelegramError
from telegram.ext import CallbackContext

from bot.config import Settings
from bot.deps import deps_of
from bot.runtime.jobs import Job
from storage.notices import note_once

log = logging.getLogger(__name__)

JOB_NAME = "inline-mode-check"
INLINE_OFF = (
    "⚠️ Der Inline-Modus ist aus: Leser:innen können das Update nicht mit @{bot} in andere "
    "Chats teilen. Schalte ihn bei @BotFather ein: /setinline (Platzhalter z. B. "
    "„Abschnitt oder Firma suchen …“) und /setinlinefeedback (damit /stats die geteilten "
    "Abschnitte zählt)."
)


def jobs(settings: Settings) -> list[Job]:
    """The check, once on each election."""
    return [Job(JOB_NAME, check_inline_mode, on_election=True)]


async def check_inline_mode(context: CallbackContext) -> bool:
    """Ask Telegram whether inline mode is on; tell the admins (once a day) when it is off.
    Return whether it is on (a failed question counts as on: nothing to tell)."""
    try:
        me = await context.bot.get_me()
    except TelegramError as exc:
        log.info("inline mode not checked: %s", exc.message)
        return True
    if me.supports_inline_queries:
        return True
    deps = deps_of(context)
    key = f"inline-mode-off:{deps.clock().date().isoformat()}"
    if await deps.db.run(note_once, key=key):
        await deps.notify(INLINE_OFF.format(bot=me.username))
    return False
