"""Text together with its Telegram entities: slice, strip and join without breaking offsets.

Indices into Python strings count code points; `Entity.offset`/`length` count UTF-16 code units.
Everything here converts between the two with `utf16_offsets`, so callers cut by string index and
get entities that are valid for the cut text: positive length, inside the text, in UTF-16 units.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from newsletter.limits import Limits
from newsletter.model import Entity
from newsletter.utf16 import utf16_len, utf16_offsets


def entity_spans(entities: Iterable[Entity], offsets: Sequence[int]) -> list[tuple[int, int]]:
    """Return each entity's (start, end) as string indices, given `utf16_offsets(text)`.

    Raises ValueError for an entity outside the text, with a non-positive length, or with an
    edge inside a surrogate pair (in the middle of an astral character).
    """
    index = {unit: i for i, unit in enumerate(offsets)}
    spans = []
    for entity in entities:
        start = index.get(entity.offset)
        end = index.get(entity.offset + entity.length)
        if entity.length <= 0 or start is None or end is None:
            raise ValueError(f"invalid entity for this text: {entity}")
        spans.append((start, end))
    return spans


def clip_entities(
    text: str,
    entities: Sequence[Entity],
    start: int,
    end: int,
    *,
    offsets: Sequence[int] | None = None,
) -> tuple[Entity, ...]:
    """Return the entities that overlap `text[start:end]`, clipped to it and shifted to its start.

    Order is kept; entities that do not overlap the slice are dropped. `offsets` may pass a
    precomputed `utf16_offsets(text)`.
    """
    units = utf16_offsets(text) if offsets is None else offsets
    base, limit = units[start], units[end]
    clipped = []
    for e in entities:
        first, last = max(e.offset, base), min(e.offset + e.length, limit)
        if last > first:
            clipped.append(Entity(e.type, first - base, last - first, e.url, e.language))
    return tuple(clipped)


@dataclass(frozen=True, slots=True)
class Styled:
    """A text with its entities (offsets relative to `text`, in UTF-16 code units)."""

    text: str
    entities: tuple[Entity, ...] = ()

    def slice(self, start: int, end: int) -> Styled:
        """Return `text[start:end]` (string indices) with its entities clipped and shifted."""
        return Styled(self.text[start:end], clip_entities(self.text, self.entities, start, end))

    def strip(self) -> Styled:
        """Return the text without leading and trailing whitespace, entities clipped to it."""
        stripped = self.text.lstrip()
        start = len(self.text) - len(stripped)
        end = start + len(stripped.rstrip())
        if start == 0 and end == len(self.text):
            return self
        return self.slice(start, end)

    def wrapped(self, entity_type: str) -> Styled:
        """Return the same text with one more entity over all of it, placed first."""
        if not self.text:
            return self
        outer = Entity(type=entity_type, offset=0, length=utf16_len(self.text))
        return Styled(self.text, (outer, *self.entities))

    def fits(self, limits: Limits) -> bool:
        """Tell whether this text can be sent as one message (or caption) under `limits`."""
        return utf16_len(self.text) <= limits.length and len(self.entities) <= limits.entities


def concat(parts: Iterable[Styled | str]) -> Styled:
    """Join styled parts and plain strings into one `Styled`, shifting every entity."""
    texts: list[str] = []
    entities: list[Entity] = []
    position = 0
    for part in parts:
        styled = Styled(part) if isinstance(part, str) else part
        entities.extend(replace(e, offset=e.offset + position) for e in styled.entities)
        texts.append(styled.text)
        position += utf16_len(styled.text)
    return Styled("".join(texts), tuple(entities))


def substitute(styled: Styled, replacements: Iterable[tuple[int, int, str]]) -> Styled:
    """Replace `text[start:end]` (string indices) by new text, moving every entity with it.

    Replacements must not overlap. An entity before or after a replaced span keeps its text;
    one that contains a span grows or shrinks with it; an edge inside a replaced span moves to
    that span's edge (the entity covers all of the new text it touched). Entities that end up
    empty are dropped. Offsets stay in UTF-16 units, so emoji before a span are counted right.
    """
    text = styled.text
    units = utf16_offsets(text)
    pieces: list[str] = []
    edits: list[tuple[int, int, int]] = []  # (old start, old end, new length) in UTF-16 units
    last = 0
    for start, end, new in sorted(replacements, key=lambda r: (r[0], r[1])):
        if start < last or end < start:
            raise ValueError(f"overlapping or reversed replacement at {start}:{end}")
        pieces += [text[last:start], new]
        edits.append((units[start], units[end], utf16_len(new)))
        last = end
    if not edits:
        return styled
    pieces.append(text[last:])

    def move(position: int, *, end: bool) -> int:
        shift = 0
        for old_start, old_end, length in edits:
            if position <= old_start:
                break
            if position >= old_end:
                shift += length - (old_end - old_start)
                continue
            return old_start + shift + (length if end else 0)
        return position + shift

    entities = []
    for e in styled.entities:
        first, last_unit = move(e.offset, end=False), move(e.offset + e.length, end=True)
        if last_unit > first:
            entities.append(replace(e, offset=first, length=last_unit - first))
    return Styled("".join(pieces), tuple(entities))
