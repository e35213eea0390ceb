"""Lengths and offsets in UTF-16 code units, the unit Telegram counts text and entities in."""

import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_len(text: str) -> int:
    """Return the length of `text` in UTF-16 code units (astral characters count two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_offsets(text: str) -> list[int]:
    """Return, for each index 0..len(text), the UTF-16 offset of that index."""
    offsets: list[int] = []
    start = extra = 0  # each astral character before an index adds one unit
    for astral in _ASTRAL.finditer(text):
        offsets.extend(range(start + extra, astral.start() + 1 + extra))
        start, extra = astral.start() + 1, extra + 1
    offsets.extend(range(start + extra, len(text) + 1 + extra))
    return offsets


def utf16_slice(text: str, offset: int, length: int) -> str:
    """Return the text that `length` UTF-16 units from `offset` cover (what an entity marks)."""
    units = text.encode("utf-16-le")
    return units[2 * offset : 2 * (offset + length)].decode("utf-16-le")
