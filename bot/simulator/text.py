"""Message text as Telegram counts and shows it: UTF-16 lengths, entity checks, stripping.

Lengths are computed with `str.encode("utf-16-le")` (C speed) because the fake server checks
every message on its hot path.
"""

from __future__ import annotations

from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_ENTITIES = 100

ENTITY_TYPES = frozenset(
    {
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "url",
        "email",
        "phone_number",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "blockquote",
        "expandable_blockquote",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
    }
)
_REQUIRED_FIELD = {"text_link": "url", "text_mention": "user", "custom_emoji": "custom_emoji_id"}


def utf16_len(text: str) -> int:
    """Return the length of `text` in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _splits_pair(encoded: bytes, offset: int) -> bool:
    """Whether UTF-16 `offset` points at the second half of a surrogate pair."""
    if offset * 2 >= len(encoded):
        return False
    return 0xDC <= encoded[offset * 2 + 1] <= 0xDF


def check_entities(text: str, entities: object) -> str | None:
    """Return what is wrong with `entities` for `text` (offsets in UTF-16 units), or None."""
    if not isinstance(entities, list):
        return "entities must be an array"
    encoded = text.encode("utf-16-le")
    size = len(encoded) // 2
    astral = size != len(text)
    for i, entity in enumerate(entities):
        if not isinstance(entity, dict):
            return f"entity {i} is not an object"
        kind, offset, length = entity.get("type"), entity.get("offset"), entity.get("length")
        if kind not in ENTITY_TYPES:
            return f"entity {i} has unsupported type {kind!r}"
        if type(offset) is not int or type(length) is not int:
            return f"entity {i} needs integer offset and length"
        if offset < 0 or length < 1 or offset + length > size:
            return (
                f"entity {i} ({kind}) at offset {offset} with length {length} "
                f"is outside the text of {size} UTF-16 units"
            )
        if astral and (_splits_pair(encoded, offset) or _splits_pair(encoded, offset + length)):
            return f"entity {i} ({kind}) at offset {offset} splits a surrogate pair"
        needed = _REQUIRED_FIELD.get(kind)
        if needed and not entity.get(needed):
            return f"entity {i} ({kind}) has no {needed}"
    return None


def shown(text: str, entities: list[dict[str, Any]] | None) -> tuple[str, list[dict[str, Any]]]:
    """Return the text and entities as Telegram stores them: whitespace stripped at both ends,
    entities shifted and clipped to the stripped text (empty ones dropped)."""
    entities = entities or []
    if not text or (not text[0].isspace() and not text[-1].isspace()):
        return text, entities
    stripped = text.strip()
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    moved = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        end = min(size, entity["offset"] + entity["length"] - lead)
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})
    return stripped, moved
