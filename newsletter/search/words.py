"""The words of a text for search, with where they stand.

Words are letters and digits (`"KW6"`, `"2025"`); an apostrophe inside a word joins it
(`"McDonald's"` → `"mcdonalds"`). A hyphenated compound yields its parts and, spanning them,
the joined word: `"SPAM-Filtern"` gives `"spam"`, `"filtern"` and `"spamfiltern"`, so that
`"Spamfilter"` finds it as well as `"Filter"` does. Each word is folded (`fold_word`); its
`position` counts words (a joined word stands where its first part does and is `width` words
wide), for phrase matching. Spans are offsets into the NFC form of the text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from newsletter.search.fold import APOSTROPHES, fold_word

_PART = rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*"
_CHAIN = re.compile(rf"{_PART}(?:[-‐‑]{_PART})*")
_PARTS = re.compile(_PART)


class Word(NamedTuple):
    """A folded word of a text: its span in the NFC text, its position and width in words."""

    text: str
    start: int
    end: int
    position: int
    width: int = 1


def nfc(text: str) -> str:
    """The form of `text` that spans refer to."""
    return unicodedata.normalize("NFC", text)


def words(text: str) -> list[Word]:
    """Return the words of `text` in order (a joined compound right after its parts)."""
    found: list[Word] = []
    position = 0
    for chain in _CHAIN.finditer(nfc(text)):
        parts = list(_PARTS.finditer(chain.group()))
        first = position
        for part in parts:
            start = chain.start() + part.start()
            found.append(Word(fold_word(part.group()), start, start + len(part.group()), position))
            position += 1
        if len(parts) > 1:
            joined = fold_word("".join(p.group() for p in parts))
            found.append(Word(joined, chain.start(), chain.end(), first, len(parts)))
    return found
