"""Folding company names: case-, accent- and umlaut-insensitive, the same on every database.

`fold("Börse")`, `fold("BOERSE")` and `fold("boerse")` are all `"boerse"`; `"Café"` becomes
`"cafe"`, `"Straße"` `"strasse"`. Earnings rows and the watchlist store names folded this way.
Full-text search folds words its own way (`newsletter.search.fold`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}


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
