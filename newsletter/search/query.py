"""A reader's search query: the words every hit needs, quoted phrases, and `-words` to exclude.

`parse('Zinsen "de minimis" -Trump')` requires "zinsen", "de", "minimis" (the phrase's words,
but not the common ones like "der": `stems.STOPWORDS`), the phrase "de minimis" in this order,
and no "trump". Straight and typographic double quotes („…“, “…”, «…») open and close a
phrase; an unclosed one runs to the end. A hyphen word ("SPAM-Filter") needs its parts.
A minus before a phrase drops the phrase (only single words can be excluded). Terms are kept
sorted, so `Query.text()` writes a query back that parses to the same query.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from newsletter.search.stems import STOPWORDS
from newsletter.search.words import words

QUOTES = re.compile(r"[\"„“”«»‟″]")
MINUS = "-–−"
MIN_WORD = 2  # shorter words are neither indexed nor searched for
MAX_WORD = 64  # nor are longer ones


class Query(NamedTuple):
    """What a search asks for, as folded words."""

    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()

    def text(self) -> str:
        """The query written out again (`parse(q.text()) == q`)."""
        phrased = {w for phrase in self.phrases for w in phrase}
        parts = [w for w in self.terms if w not in phrased]
        parts += ['"' + " ".join(phrase) + '"' for phrase in self.phrases]
        parts += ["-" + w for w in self.excluded]
        return " ".join(parts)


def searchable(word: str) -> bool:
    """Whether a folded word is one the index holds and a search may ask for."""
    return MIN_WORD <= len(word) <= MAX_WORD and word not in STOPWORDS


def parse(query: str) -> Query:
    """Read a query (see the module docstring)."""
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    negated = False
    for number, segment in enumerate(QUOTES.split(query)):
        if number % 2:  # inside quotes
            phrase = tuple(w.text for w in words(segment) if w.width == 1)
            if negated:
                continue
            if len(phrase) > 1:
                phrases.append(phrase)
            terms += [w for w in phrase if searchable(w)]
            continue
        for chunk in segment.split():
            found = words(chunk)
            if chunk[0] in MINUS and found:
                excluded.append(found[-1].text)  # the joined word of a compound
            else:
                terms += [w.text for w in found if w.width == 1 and searchable(w.text)]
        negated = segment[-1:] in tuple(MINUS) and segment[-2:-1].strip() == ""
    return Query(
        tuple(sorted(set(terms))),
        tuple(dict.fromkeys(phrases)),
        tuple(sorted({w for w in excluded if len(w) >= MIN_WORD})),
    )
