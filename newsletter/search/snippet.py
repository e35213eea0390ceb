"""A snippet of a found section: about `WIDTH` characters around its best match.

The best match is where the most different query terms stand close together (the first such
place on a tie); the cut falls at word boundaries, with "…" where text was left out.
"""

from __future__ import annotations

from collections.abc import Callable

from newsletter.search.words import nfc, words

WIDTH = 160
LEAD = 50  # characters shown before the match


def flatten(text: str) -> str:
    """The text as the snippet shows it: NFC, all whitespace runs as one space."""
    return " ".join(nfc(text).split())


def best_match(text: str, term_of: Callable[[str], int | None]) -> int:
    """The offset in `flatten(text)` of the best match; `term_of` names the query term a folded
    word answers (None: none). 0 when nothing matches."""
    hits = [(w.start, term) for w in words(flatten(text)) if (term := term_of(w.text)) is not None]
    best, best_terms = 0, 0
    counts: dict[int, int] = {}
    end = 0
    for start, term in hits:  # a window from each hit on; `counts` holds the terms inside
        while end < len(hits) and hits[end][0] < start + WIDTH - LEAD:
            counts[hits[end][1]] = counts.get(hits[end][1], 0) + 1
            end += 1
        if len(counts) > best_terms:
            best, best_terms = start, len(counts)
        counts[term] -= 1
        if not counts[term]:
            del counts[term]
    return best


def snippet(text: str, term_of: Callable[[str], int | None], width: int = WIDTH) -> str:
    """Cut about `width` characters of `text` around its best match, at word boundaries."""
    flat = flatten(text)
    hit = best_match(text, term_of)
    begin = max(0, hit - LEAD)
    if begin > 0:
        space = flat.find(" ", begin, hit)
        begin = space + 1 if space != -1 else begin
    end = begin + width
    if end < len(flat):
        space = flat.rfind(" ", hit, end)
        end = space if space != -1 else end
    else:
        end = len(flat)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(flat) else ""
    return prefix + flat[begin:end].strip() + suffix
