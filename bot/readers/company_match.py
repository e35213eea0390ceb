"""Which listed company a reader means: "palantier" is Palantir, "AMD" is AMD, "arn" is nobody.

Names are compared folded (`storage.folding.fold`: case, umlauts and accents do not matter) and
with runs of spaces and punctuation made one space. An exact match wins; else the closest name
by edit distance (rapidfuzz's Levenshtein), if it is close enough for the name's length (no
typo allowed in names of up to 3 characters, one up to 7, two from 8 on) and no other name is
as close. A wildly different name matches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from storage.folding import fold
from storage.watchlist import ListedCompany

_SEPARATORS = re.compile(r"[\W_]+")


def fold_company(name: str) -> str:
    """Return the form names are stored and compared in: folded, single spaces, no edges."""
    return " ".join(fold(name).split())


def comparable(folded: str) -> str:
    """Return `folded` with punctuation runs as one space: "eli-lilly" → "eli lilly"."""
    return _SEPARATORS.sub(" ", folded).strip()


def allowed_typos(name: str) -> int:
    """How many edits a name of this length may be away from a listed one."""
    length = len(name)
    return 0 if length <= 3 else 1 if length <= 7 else 2


def match_company(name: str, listed: Sequence[ListedCompany]) -> ListedCompany | None:
    """Return the listed company `name` means, or None (see the module docstring)."""
    folded = fold_company(name)
    for company in listed:
        if company.folded == folded:
            return company
    wanted = comparable(folded)
    limit = allowed_typos(wanted)
    if not wanted or limit == 0:
        return None
    choices = [comparable(company.folded) for company in listed]
    best = process.extract(
        wanted, choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=None
    )
    if not best:
        return None
    closest = min(distance for _, distance, _ in best)
    winners = {listed[index] for _, distance, index in best if distance == closest}
    names = {company.folded for company in winners}
    return next(iter(winners)) if len(names) == 1 else None
