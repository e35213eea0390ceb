"""Whether a message is one Telegram accepts: its text length, entity count and entity bounds."""

from __future__ import annotations

from newsletter.limits import CAPTION_LIMITS, TEXT_LIMITS
from newsletter.model import Message, Section
from newsletter.utf16 import utf16_len


def message_problems(sections: list[Section]) -> list[str]:
    """Check every message against Telegram's limits; return what is wrong (empty when valid)."""
    problems = []
    for section in sections:
        for number, message in enumerate(section.messages, start=1):
            problem = _problem(message)
            if problem:
                problems.append(f"{section.kind} #{number}: {problem}")
    return problems


def _problem(message: Message) -> str | None:
    limits = CAPTION_LIMITS if message.photo else TEXT_LIMITS
    size = utf16_len(message.text)
    if not message.photo and not message.text.strip():
        return "empty text"
    if size > limits.length:
        return f"{size} UTF-16 units > {limits.length}"
    if len(message.entities) > limits.entities:
        return f"{len(message.entities)} entities > {limits.entities}"
    for entity in message.entities:
        if entity.length <= 0 or entity.offset < 0 or entity.offset + entity.length > size:
            return f"entity {entity.type} at {entity.offset}+{entity.length} outside the text"
    return None
