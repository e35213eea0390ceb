"""Split a text with entities into chunks that Telegram accepts as messages.

Only what does not fit is split. Whole blocks (paragraphs, list items, a heading together with the
block after it) are packed greedily into chunks; a block is cut inside only when it alone is larger
than a message, then at a line break, else a sentence end, else a word boundary, and as the last
resort between two grapheme clusters (`regex`'s `\\X`), never inside one (🇨🇳, 👨‍👩‍👧, e + ◌́).

Chunks carry their place in the original text (string indices), so the caller and the tests can
check that nothing was lost: the whitespace dropped at a cut is exactly what lies between two
chunks, and every chunk's entities are the original entities clipped to the chunk and shifted.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsletter.entities import clip_entities, entity_spans
from newsletter.graphemes import Graphemes
from newsletter.limits import TEXT_LIMITS, Limits
from newsletter.model import Entity
from newsletter.utf16 import utf16_offsets

BLOCK, LINE, SENTENCE, WORD = range(4)

_SENTENCE_END = ".!?…"
_CLOSERS = "\"')]»«“”‘’"
_WHITESPACE = re.compile(r"\s+")  # for str patterns \s is exactly str.isspace()


@dataclass(frozen=True, slots=True)
class Block:
    """A span `text[start:end]` (string indices) to keep in one chunk when it fits.

    A heading block never ends a chunk while text follows it: it stays with the next block.
    """

    start: int
    end: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Chunk:
    """One message's worth of text: `text == original[start:end]`, entities relative to it."""

    start: int
    end: int
    text: str
    entities: tuple[Entity, ...]


@dataclass(frozen=True, slots=True)
class _Cut:
    end: int  # the chunk before the cut ends here
    resume: int  # the next chunk starts here; text[end:resume] is dropped whitespace
    level: int


def split_text(
    text: str,
    entities: Sequence[Entity] = (),
    *,
    limits: Limits = TEXT_LIMITS,
    blocks: Sequence[Block] | None = None,
) -> list[Chunk]:
    """Split `text` into chunks within `limits`; return [] for a text of only whitespace.

    Without `blocks`, paragraphs separated by a blank line are the blocks. Raises ValueError for
    entities that do not fit the text, overlapping blocks, or input no split can satisfy (more
    entities over one character than `limits.entities`).
    """
    offsets = utf16_offsets(text)
    spans = _Spans(entity_spans(entities, offsets))
    index = _EntityIndex(entities)
    clusters = Graphemes(text)
    first = clusters.trim_start(0, len(text))
    last = clusters.trim_end(first, len(text))
    chunks: list[Chunk] = []
    if first >= last:
        return chunks
    normalised = _normalise(clusters, blocks)
    cuts = _cuts(clusters, normalised)
    cut_ends = [cut.end for cut in cuts]
    forbidden = {b.end for b in normalised or () if b.heading and b.end < last}
    start = first
    while True:
        reach = _reach(start, last, offsets, spans, limits)
        if reach == last:
            chunks.append(_chunk(text, index, offsets, start, last))
            return chunks
        window = cuts[bisect.bisect_right(cut_ends, start) : bisect.bisect_right(cut_ends, reach)]
        cut = (
            _choose(window, start, reach, forbidden)
            or _grapheme_cut(clusters, start, reach, forbidden)
            or _choose(window, start, reach, set())  # the heading rule gives way to graphemes
            or _grapheme_cut(clusters, start, reach, set())
            or _last_resort(text, start, reach)
        )
        chunks.append(_chunk(text, index, offsets, start, cut.end))
        start = cut.resume


def _chunk(text: str, index: _EntityIndex, offsets: list[int], start: int, end: int) -> Chunk:
    nearby = index.overlapping(offsets[start], offsets[end])
    clipped = clip_entities(text, nearby, start, end, offsets=offsets)
    return Chunk(start=start, end=end, text=text[start:end], entities=clipped)


class _EntityIndex:
    """The entities sorted by offset, to find those near a chunk without scanning them all."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = entities
        self.order = sorted(range(len(entities)), key=lambda i: entities[i].offset)
        self.offsets = [entities[i].offset for i in self.order]
        self.longest = max((e.length for e in entities), default=0)

    def overlapping(self, base: int, limit: int) -> list[Entity]:
        """The entities overlapping UTF-16 units [base, limit), in their original order."""
        low = bisect.bisect_right(self.offsets, base - self.longest)
        high = bisect.bisect_left(self.offsets, limit)
        found = sorted(
            i
            for i in self.order[low:high]
            if self.entities[i].offset + self.entities[i].length > base
        )
        return [self.entities[i] for i in found]


class _Spans:
    """Entity spans (string indices) as sorted starts and ends, for counting them at a position."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = sorted(a for a, _ in spans)
        self.ends = sorted(b for _, b in spans)


def _normalise(clusters: Graphemes, blocks: Sequence[Block] | None) -> list[Block] | None:
    """Shrink blocks to their non-whitespace content, then widen them to whole grapheme clusters;
    drop empty ones, check they do not overlap (blocks sharing one cluster are merged).
    """
    if blocks is None:
        return None
    text = clusters.text
    result: list[Block] = []
    content_end = 0
    for block in sorted(blocks, key=lambda b: b.start):
        start, end = max(block.start, 0), min(block.end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        if start < content_end:
            raise ValueError(f"overlapping blocks at {start}")
        content_end = end
        start, end = clusters.floor(start), clusters.ceil(end)
        if result and start < result[-1].end:  # one cluster straddles both blocks
            result[-1] = Block(result[-1].start, end, block.heading)
        else:
            result.append(Block(start, end, block.heading))
    return result


def _cuts(clusters: Graphemes, blocks: list[Block] | None) -> list[_Cut]:
    """Every place a chunk may end other than mid-word, with its level, sorted by position.

    A cut drops a run of whitespace between two boundaries; when a mark clings to the run's
    last space (" ́"), that space stays with the next chunk.
    """
    text = clusters.text
    between = {(a.end, b.start) for a, b in itertools.pairwise(blocks or ())}
    cuts = [_Cut(end, resume, BLOCK) for end, resume in between if end == resume]
    bound_set, size = clusters.bound_set, len(text)
    for run in _WHITESPACE.finditer(text):
        end, resume = run.span()
        if end not in bound_set:
            end = clusters.ceil(end)
        if resume not in bound_set:
            resume = clusters.floor(resume)
        if end == 0 or resume == size or end >= resume:
            continue
        newlines = text.count("\n", end, resume) if resume - end > 1 or text[end] == "\n" else 0
        if (blocks is None and newlines >= 2) or (between and (end, resume) in between):
            level = BLOCK
        elif newlines:
            level = LINE
        elif _ends_sentence(text, end, resume):
            level = SENTENCE
        else:
            level = WORD
        cuts.append(_Cut(end, resume, level))
    return sorted(cuts, key=lambda c: c.end)


def _ends_sentence(text: str, end: int, resume: int) -> bool:
    """A sentence ends before `end` unless it is a number ("3. Februar") or goes on lowercase."""
    i = end - 1
    while i > 0 and text[i] in _CLOSERS:
        i -= 1
    if text[i] not in _SENTENCE_END or (i > 0 and text[i - 1].isdigit()):
        return False
    return not text[resume].islower()


def _reach(start: int, last: int, offsets: list[int], spans: _Spans, limits: Limits) -> int:
    """The furthest end (≤ last) such that text[start:end] is within the limits."""
    reach = min(last, bisect.bisect_right(offsets, offsets[start] + limits.length) - 1)
    # Entities over `start` are in every chunk starting here (each end lies after its start);
    # of those starting later, a chunk holds the ones it reaches.
    after = bisect.bisect_right(spans.starts, start)
    covering = after - bisect.bisect_right(spans.ends, start)
    if covering + len(spans.starts) - after > limits.entities:
        room = limits.entities - covering
        reach = min(reach, spans.starts[after + room]) if room >= 0 else start
    if reach <= start:
        raise ValueError(f"nothing fits in one message at position {start}")
    return reach


def _choose(window: list[_Cut], start: int, reach: int, forbidden: set[int]) -> _Cut | None:
    """Pick the furthest cut of the best level; inside a block prefer cuts in the back half."""
    allowed = [c for c in window if c.end not in forbidden]
    half = start + (reach - start) // 2
    passes = [(BLOCK, start), (LINE, half), (SENTENCE, half), (WORD, half)]
    passes += [(LINE, start), (SENTENCE, start), (WORD, start)]
    for level, lowest in passes:
        for cut in reversed(allowed):
            if cut.level <= level and cut.end > lowest:
                return cut
    return None


def _grapheme_cut(clusters: Graphemes, start: int, reach: int, forbidden: set[int]) -> _Cut | None:
    """Cut mid-word between two grapheme clusters, at the furthest boundary that fits."""
    bounds = clusters.bounds
    candidates = bounds[bisect.bisect_right(bounds, start) : bisect.bisect_right(bounds, reach)]
    for at in reversed(candidates):
        if at not in forbidden and not clusters.blank_before(at) and not clusters.blank_after(at):
            return _Cut(at, at, WORD + 1)
    return None


def _last_resort(text: str, start: int, reach: int) -> _Cut:
    """Cut at `reach`, inside a grapheme cluster: only for a cluster longer than a message."""
    end = reach
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    resume = reach
    while text[resume].isspace():
        resume += 1
    return _Cut(end, resume, WORD + 1)
