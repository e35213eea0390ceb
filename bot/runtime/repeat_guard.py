"""Doing a reader's request once when they ask twice in a row: a section button pressed twice.

A reader who taps "📰 News der Woche" twice (an impatient double tap, or a second tap while the
first section is still being sent) gets the section once: `first` says whether the same key
(chat, issue, section) was let through within `window`. Updates of one chat are handled in
order (`bot.runtime.updates.ChatOrderedUpdateProcessor`), so the second press is looked at only
after the first one's messages went out and always finds its key.

The memory is per process, like the burst limit (`bot.runtime.throttle`). With several instances
behind a load balancer (README, "Several instances"), two presses that land on two instances are
each let through once there: the reader then gets the section twice, never more often than there
are instances. Keys live `window` long and are pruned as new ones come, so the memory stays at
the presses of the last `window`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable

WINDOW = dt.timedelta(seconds=30)
_PRUNE_AT = 1024


class RepeatGuard:
    """Remembers which keys were let through, and when."""

    def __init__(self, window: dt.timedelta = WINDOW) -> None:
        self.window = window
        self._seen: dict[Hashable, dt.datetime] = {}

    def first(self, key: Hashable, now: dt.datetime) -> bool:
        """Return True (and remember `key`) unless `key` was let through less than `window`
        before `now`."""
        last = self._seen.get(key)
        if last is not None and now - last < self.window:
            return False
        if len(self._seen) >= _PRUNE_AT:
            self._prune(now)
        self._seen[key] = now
        return True

    def release(self, key: Hashable) -> None:
        """Forget `key` (its request failed: the reader may try again at once)."""
        self._seen.pop(key, None)

    def _prune(self, now: dt.datetime) -> None:
        self._seen = {key: at for key, at in self._seen.items() if now - at < self.window}
