"""The grapheme clusters of a text (UAX #29, `regex`'s `\\X`): where a cut may fall.

A cluster is what a reader sees as one character: 🇨🇳, 👨‍👩‍👧, e + ◌́, and also a space that
carries a combining or spacing mark (" ́", Thai " ำ"). Such a cluster begins with whitespace but
is not blank: trimming its space would leave the mark alone at the start of a message. So the
splitter trims whole blank clusters only, and every position it cuts at is a cluster boundary.
"""

from __future__ import annotations

import bisect

import regex

_GRAPHEME = regex.compile(r"\X")


class Graphemes:
    """The cluster boundaries of `text`, and which clusters are only whitespace."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds: list[int] = [m.start() for m in _GRAPHEME.finditer(text)] + [len(text)]
        self.bound_set = set(self.bounds)

    def floor(self, pos: int) -> int:
        """The last boundary at or before `pos`."""
        if pos in self.bound_set:
            return pos
        return self.bounds[bisect.bisect_right(self.bounds, pos) - 1]

    def ceil(self, pos: int) -> int:
        """The first boundary at or after `pos`."""
        if pos in self.bound_set:
            return pos
        return self.bounds[bisect.bisect_left(self.bounds, pos)]

    def blank_after(self, at: int) -> bool:
        """True if the cluster starting at boundary `at` is only whitespace (False at the end)."""
        if at >= len(self.text) or not self.text[at].isspace():
            return False
        return self.text[at : self.ceil(at + 1)].isspace()

    def blank_before(self, at: int) -> bool:
        """True if the cluster ending at boundary `at` is only whitespace (False at the start)."""
        if at <= 0 or not self.text[at - 1].isspace():
            return False
        return self.text[self.floor(at - 1) : at].isspace()

    def trim_start(self, start: int, end: int) -> int:
        """Move boundary `start` forward over blank clusters, not beyond `end`."""
        while start < end and self.blank_after(start):
            start = self.ceil(start + 1)
        return start

    def trim_end(self, start: int, end: int) -> int:
        """Move boundary `end` back over blank clusters, not before `start`."""
        while end > start and self.blank_before(end):
            end = self.floor(end - 1)
        return end
