"""Folding a word for search: case, accents and umlauts do not matter, the same everywhere.

`fold_word("Börse") == "borse"`, `"Erdoğan"` and `"ERDOGAN"` both give `"erdogan"`, `"İzmir"`
gives `"izmir"`, `"Straße"` `"strasse"`, typographic apostrophes are dropped
(`"Trump’s"` → `"trumps"`). The spelling with "ae", "oe", "ue" ("Boerse") is matched through
the stemmer (`newsletter.search.stems`), which maps it to the same stem as "Börse".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = {
    "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
}  # fmt: skip
APOSTROPHES = "'’ʼ‘`´"


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    parts = []
    for c in char.casefold():
        c = _SPECIAL.get(c, c)
        decomposed = unicodedata.normalize("NFKD", c)
        parts.append("".join(d for d in decomposed if not unicodedata.combining(d)))
    return "".join(parts)


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Return `word` casefolded, without accents, umlauts as their base vowel, no apostrophes."""
    folded = "".join(_fold_char(c) for c in unicodedata.normalize("NFC", word))
    return unicodedata.normalize("NFC", "".join(c for c in folded if c not in APOSTROPHES))
