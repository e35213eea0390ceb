"""Telegram's size limits for one message, as named constants.

Lengths count UTF-16 code units (see `newsletter.utf16`), the unit Telegram counts in. The entity
limit is not documented officially: Telegram silently ignores the entities after about the 100th.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_TEXT = 4096
"""Longest text of a text message, in UTF-16 code units."""

MAX_CAPTION = 1024
"""Longest caption of a photo message, in UTF-16 code units."""

MAX_ENTITIES = 100
"""Most formatting entities Telegram honours in one message."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What one message may hold: `length` UTF-16 code units and `entities` entities."""

    length: int
    entities: int

    def __post_init__(self) -> None:
        if self.length < 1 or self.entities < 0:
            raise ValueError(f"unusable limits: {self.length} units, {self.entities} entities")


TEXT_LIMITS = Limits(length=MAX_TEXT, entities=MAX_ENTITIES)
"""Limits of a text message."""

CAPTION_LIMITS = Limits(length=MAX_CAPTION, entities=MAX_ENTITIES)
"""Limits of a photo caption."""
