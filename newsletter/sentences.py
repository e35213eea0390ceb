"""Sentence boundaries in the newsletter's German prose, found in linear time.

A sentence ends at a run of ".", "!", "?" or "…" (plus closing quotes or brackets) that is
followed by whitespace or the end of the text. Not an end: a dot inside a number or URL
("17.659", "beehiiv.com"), an ordinal ("3. Februar", "1. Platz") and the abbreviations "ca.",
"bzw.", "vgl.".
"""

from __future__ import annotations

import re

_END = re.compile(
    r"(?<!\bca)(?<!\bbzw)(?<!\bvgl)(?<!\b\d)(?<!\b\d\d)[.!?…]+[\"”“'’)\]]*(?=\s|$)", re.IGNORECASE
)
_SPACE = re.compile(r"\s*")


def sentence_end(text: str, pos: int) -> int:
    """Return the index just after the end of the sentence that contains `pos`."""
    match = _END.search(text, pos)
    return match.end() if match else len(text)


def sentence_start(text: str, pos: int) -> int:
    """Return the index of the first character of the sentence that contains `pos`."""
    start = 0
    for match in _END.finditer(text, 0, pos):
        start = match.end()
    space = _SPACE.match(text, start, pos)
    return space.end() if space else start


def sentences_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the whole sentences that `text[start:end]` touches.

    The span starts at the first sentence's first character and takes the whitespace after
    the last sentence with it, so cutting it leaves the neighbours one space apart.
    """
    first = sentence_start(text, start)
    last = sentence_end(text, max(start, end - 1) if end > start else end)
    space = _SPACE.match(text, last)
    return first, space.end() if space else last
