"""Which indexed words a query word finds, and how well.

The index keeps every word once, filed under three short *buckets* (`Filed`): its first
letters (`head`) and the last letters of the word and of its stem. A query word names the
buckets its candidates can be in (`query_buckets`); `weight` then decides among those:

- the same word (`stems.same_word`: "Zinsen" and "Zins") counts fully;
- a longer word that starts with it (a compound: "Bildbearbeitung" →
  "Bildbearbeitungsfunktion", or a form the stemmer leaves alone: "sparen" → "spart") and
  a compound that ends with it ("Filter" → "Spamfilter", after at least `MIN_REST`
  letters) count less; both need `MIN_PART` letters of the query word;
- a small typo ("Palantier" → "Palantir") counts least, and only when nothing else matched
  (`fuzzy_weight`).

Weights are binary fractions, so sums of them times counts are exact on every machine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from rapidfuzz.distance import OSA

from newsletter.search.stems import base, keys, same_word
from newsletter.search.words import Word

MIN_PART = 4  # letters a query word needs to be found inside a compound
HEAD_LETTERS = 3
TAIL_LETTERS = MIN_PART
_SPELLED_OUT = re.compile(r"(?<!q)[aou]e")
MIN_REST = 3  # letters the rest of such a compound needs
SAME = 1.0
HEAD = 0.75
TAIL = 0.5
TYPO = 0.5


class Filed(NamedTuple):
    """An indexed word and where it is filed: its head, its last letters, its stem's."""

    word: str
    head: str
    tail: str
    stem_tail: str


class Buckets(NamedTuple):
    """The buckets a query word's candidates are in."""

    heads: frozenset[str]
    tails: frozenset[str]
    stem_tails: frozenset[str]

    def hold(self, filed: Filed) -> bool:
        """Whether `filed` is in one of these buckets."""
        return (
            filed.head in self.heads
            or filed.tail in self.tails
            or filed.stem_tail in self.stem_tails
        )


def head(word: str) -> str:
    """The first letters of a word or stem, with "ae", "oe", "ue" read as "a", "o", "u" (as
    the stemmer reads them: "Boerse" and "Börse" share their head)."""
    letters = word[: 2 * HEAD_LETTERS]
    return _SPELLED_OUT.sub(lambda m: m.group()[0], letters)[:HEAD_LETTERS]


def filed(word: str) -> Filed:
    """Where an indexed word is filed."""
    return Filed(word, head(word), word[-TAIL_LETTERS:], base(word)[-TAIL_LETTERS:])


def query_buckets(word: str) -> Buckets:
    """The buckets that hold every word `weight` or `fuzzy_weight` can accept for `word`.

    Heads: those of its keys (same word, longer words starting with it, and a typo after the
    first letters). Tails: those of its long keys (compounds ending with it) and its own last
    letters (a typo at the start still leaves them).
    """
    forms = keys(word)
    long = [k for k in forms if len(k) >= MIN_PART]
    heads = {head(k) for k in forms}
    tails = {k[-TAIL_LETTERS:] for k in long} | {word[-TAIL_LETTERS:]}
    return Buckets(frozenset(heads), frozenset(tails), frozenset(k[-TAIL_LETTERS:] for k in long))


def weight(query: str, word: str) -> float:
    """How well the indexed `word` answers the query word `query` (0: not at all)."""
    wanted, found = keys(query), keys(word)
    if not wanted.isdisjoint(found):
        return SAME
    long = [k for k in wanted if len(k) >= MIN_PART]
    if any(f.startswith(k) for k in long for f in found):
        return HEAD
    if any(f.endswith(k) and len(f) - len(k) >= MIN_REST for k in long for f in found):
        return TAIL
    return 0.0


def typos_allowed(word: str) -> int:
    """Edits tolerated in a query word: none below 5 letters, one below 9, else two."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def fuzzy_weight(query: str, word: str) -> float:
    """`TYPO` when `word` is `query` with a small typo (an edit, or two letters swapped)."""
    allowed = typos_allowed(query)
    if not allowed or abs(len(query) - len(word)) > allowed:
        return 0.0
    return TYPO if OSA.distance(query, word, score_cutoff=allowed) <= allowed else 0.0


def has_phrase(found: list[Word], phrase: tuple[str, ...]) -> bool:
    """Whether the words `found` in a text hold `phrase`, word after word (forms of each word
    count: "falsche Seite" is in "auf der falschen Seite"; a compound spans its parts)."""
    at: dict[int, list[Word]] = {}
    for word in found:
        at.setdefault(word.position, []).append(word)

    def follows(position: int, rest: tuple[str, ...]) -> bool:
        if not rest:
            return True
        return any(
            same_word(rest[0], w.text) and follows(w.position + w.width, rest[1:])
            for w in at.get(position, ())
        )

    return any(follows(position, phrase) for position in sorted(at))


def matches(query: str, vocabulary: Mapping[int, Filed]) -> dict[int, float]:
    """The indexed words (id → where filed) that answer the query word, with their `weight`;
    when none does, those that are a small typo away (`fuzzy_weight`)."""
    buckets = query_buckets(query)
    candidates = {id_: f.word for id_, f in vocabulary.items() if buckets.hold(f)}
    found = {id_: w for id_, word in candidates.items() if (w := weight(query, word))}
    if found:
        return found
    return {id_: w for id_, word in candidates.items() if (w := fuzzy_weight(query, word))}
