"""When a company reports: the spellings of BMO (before the US open) and AMC (after the close).

One table, `TIMING_ALIASES`, lists every accepted spelling; `read_timing` looks a text up in it
after folding case, umlauts ("ö" = "oe"), hyphens, dots and emoji variation selectors, so
"(Pre-Market)", "pre market", "(bmo)", "vorboerslich" and "Nach Börsenschluss" are all found.
"""

from __future__ import annotations

import re

from newsletter.german_dates import fold
from newsletter.model import Timing

TIMING_ALIASES: dict[Timing, tuple[str, ...]] = {
    "BMO": (
        "BMO",
        "before market open",
        "before the open",
        "before open",
        "pre-market",
        "premarket",
        "vorbörslich",
        "vor Börseneröffnung",
        "vor Börsenbeginn",
        "vor Börsenstart",
        "vor der Börse",
        "vor Handelsbeginn",
        "vor Handelsstart",
        "vor Markteröffnung",
        "vor Eröffnung",
        "morgens",
        "☀️",
        "🌅",
    ),
    "AMC": (
        "AMC",
        "after market close",
        "after the close",
        "after close",
        "after hours",
        "after-hours",
        "afterhours",
        "post-market",
        "postmarket",
        "nachbörslich",
        "nach Börsenschluss",
        "nach Börsenende",
        "nach der Börse",
        "nach Handelsschluss",
        "nach Handelsende",
        "nach Marktschluss",
        "abends",
        "🌙",
    ),
}

# Longest alias in words: how many trailing words of a bare "Apple nach Börsenschluss" to try.
MAX_ALIAS_WORDS = 3

_NOISE = re.compile(r"[.\-_?!*\ufe0f]+")


def _key(text: str) -> str:
    return " ".join(_NOISE.sub(" ", fold(text)).split())


_LOOKUP: dict[str, Timing] = {
    _key(alias): timing for timing, aliases in TIMING_ALIASES.items() for alias in aliases
}


def read_timing(text: str) -> Timing | None:
    """Return "BMO" or "AMC" if `text` (no parentheses) is one of their spellings, else None."""
    return _LOOKUP.get(_key(text))
