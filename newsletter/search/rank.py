"""BM25 ranking of sections, with a section's title counting more than its text.

Each query term is a set of indexed words with weights (`newsletter.search.match`). A term's
frequency in a section is the weighted sum of its words' counts, a title occurrence counting
`TITLE` times; its rarity is the BM25 idf of the sections holding any of its words. Only
sections holding every term are scored. Sums run in the query's term order over exact
frequencies, so every database gives the same scores.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import NamedTuple

K1 = 1.2
B = 0.75
TITLE = 3


class Posting(NamedTuple):
    """How often an indexed word occurs in a section's title and text."""

    section: int
    word: int
    title: int
    body: int


def frequencies(postings: Iterable[Posting], weights: Mapping[int, float]) -> dict[int, float]:
    """The weighted frequency of one term (its words' `weights`) per section holding it."""
    found: dict[int, float] = {}
    for p in postings:
        weight = weights.get(p.word)
        if weight:
            found[p.section] = found.get(p.section, 0.0) + weight * (p.body + TITLE * p.title)
    return found


def idf(holding: int, sections: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1 + (sections - holding + 0.5) / (holding + 0.5))


def bm25(
    terms: list[dict[int, float]], lengths: Mapping[int, int], sections: int, average: float
) -> dict[int, float]:
    """Score the sections that hold every term (`frequencies` of each, in query order);
    `lengths` are the sections' word counts, `average` their mean over all `sections`."""
    if not terms:
        return {}
    holding = set(terms[0]).intersection(*terms[1:])
    rarity = [idf(len(term), sections) for term in terms]
    scores = {}
    for section in holding:
        norm = K1 * (1 - B + B * lengths[section] / (average or 1.0))
        scores[section] = sum(
            r * term[section] * (K1 + 1) / (term[section] + norm)
            for r, term in zip(rarity, terms, strict=True)
        )
    return scores
