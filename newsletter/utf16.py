"""Lengths and offsets in UTF-16 code units, the unit Telegram counts text and entities in."""


def utf16_len(text: str) -> int:
    """Return the length of `text` in UTF-16 code units (astral characters count two)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def utf16_offsets(text: str) -> list[int]:
    """Return, for each index 0..len(text), the UTF-16 offset of that index."""
    offsets = [0] * (len(text) + 1)
    pos = 0
    for i, ch in enumerate(text):
        offsets[i] = pos
        pos += 2 if ord(ch) > 0xFFFF else 1
    offsets[len(text)] = pos
    return offsets


def utf16_slice(text: str, offset: int, length: int) -> str:
    """Return the text that `length` UTF-16 units from `offset` cover (what an entity marks)."""
    units = text.encode("utf-16-le")
    return units[2 * offset : 2 * (offset + length)].decode("utf-16-le")
