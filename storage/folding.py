"""Folding text for search: case-, accent- and umlaut-insensitive, the same on every database.

`fold("Börse")`, `fold("BOERSE")` and `fold("boerse")` are all `"boerse"`; `"Café"` becomes
`"cafe"`, `"Straße"` `"strasse"`. The text is NFC-normalised, then folded character by
character, so a position in the folded text can be mapped back to the original (for snippets).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = []
    for c in char.casefold():
        if c in _UMLAUTS:
            folded.append(_UMLAUTS[c])
            continue
        decomposed = unicodedata.normalize("NFKD", c)
        folded.append("".join(d for d in decomposed if not unicodedata.combining(d)))
    return "".join(folded)


def fold(text: str) -> str:
    """Return `text` casefolded, with umlauts spelt out and other accents removed."""
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))


def fold_with_offsets(text: str) -> tuple[str, str, list[int]]:
    """Fold `text` and map back: return (NFC text, folded text, origin of each folded char).

    `origin[i]` is the index in the NFC text of the character that produced folded char `i`;
    one extra entry at the end is the NFC text's length.
    """
    original = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(original):
        folded = _fold_char(char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(original))
    return original, "".join(parts), origin


def search_terms(query: str) -> list[str]:
    """Split a search query into distinct folded words, in their order of appearance."""
    return list(dict.fromkeys(_WORD.findall(fold(query))))
