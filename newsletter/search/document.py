"""What the search index holds of a section: how often each word occurs in its title and in
its text, and how many indexed words it has (its length for ranking).

Only `query.searchable` words are counted: no stopwords, no single letters. The text is what a
reader sees (the rendered messages, which repeat the title), the title is counted apart so
that ranking can weigh it (`rank.TITLE`).
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from newsletter.search.query import searchable
from newsletter.search.words import words

MAX_COUNT = 32767  # counts are stored as small integers


class Document(NamedTuple):
    """A section as the index sees it: word → (title count, text count), and its length."""

    counts: dict[str, tuple[int, int]]
    length: int


def document(title: str, text: str) -> Document:
    """Count the searchable words of a section's `title` and `text`."""
    in_title = Counter(w.text for w in words(title) if searchable(w.text))
    in_text = Counter(w.text for w in words(text) if searchable(w.text))
    counts = {
        word: (min(in_title[word], MAX_COUNT), min(in_text[word], MAX_COUNT))
        for word in sorted(in_title.keys() | in_text.keys())
    }
    return Document(counts, sum(in_title.values()) + sum(in_text.values()))
