"""Property tests of the splitter: for arbitrary text and entities, nothing is lost or misplaced."""

from __future__ import annotations

import bisect
import itertools

import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsletter.limits import TEXT_LIMITS, Limits
from newsletter.model import Entity
from newsletter.split import Block, Chunk, split_text
from newsletter.utf16 import utf16_len, utf16_offsets

ATOMS = [
    "Wort", "Größe", "a", "Doppelgänger", "KI-Modell", "300.000", "3. Februar", "z. B.", "(AMC)",
    "😀", "🇨🇳", "🇩🇪", "👨‍👩‍👧", "🧑‍🔬", "❤️", "👍🏽", "e\u0301", "a\u0308\u0301", "🔗",
    " ", " ", " ", "\u00a0", "\n", "\n\n", "\r\n", "\t", ". ", "! ", "? ", "“Zitat.” ", ": ",
]  # fmt: skip
WORDS = [a for a in ATOMS if not a.isspace()]
RANDOM = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=8)


def texts(longest_run: int) -> st.SearchStrategy[str]:
    """Texts of words, emoji, flags, ZWJ sequences, combining marks, NBSP and line breaks.

    A piece may be one atom repeated up to `longest_run` times: a very long word.
    """
    run = st.tuples(st.sampled_from(WORDS), st.integers(1, longest_run))
    piece = st.one_of(st.sampled_from(ATOMS), RANDOM, run.map(lambda t: t[0] * t[1]))
    return st.lists(piece, max_size=30).map("".join)


TEXTS = texts(3000)
SHORT_TEXTS = texts(100)
SMALL_LIMITS = st.builds(Limits, length=st.integers(16, 400), entities=st.integers(3, 12))
TYPES = ["bold", "italic", "underline", "strikethrough", "code", "text_link"]


def long_paragraph(words: list[str]) -> str:
    """A paragraph of about 20,000 characters without a line break, of sentences ending "Ende."."""
    sentence = " ".join([words[0][:1].upper() + words[0][1:], *words[1:], "Ende. "])
    return (sentence * (20_000 // len(sentence) + 1)).strip()


PLAIN_WORDS = [w for w in WORDS if not set(w) & set(".!?")]
PARAGRAPHS = st.lists(st.sampled_from(PLAIN_WORDS), min_size=1, max_size=12).map(long_paragraph)


@st.composite
def entities_for(draw: st.DrawFn, text: str, depth: int) -> list[Entity]:
    """Valid entities for `text` (many tiny ones, nested, overlapping).

    At most `depth` of them touch any one grapheme cluster: more could not be sent without
    either cutting the cluster or breaking the entity limit.
    """
    if not text:
        return []
    offsets = utf16_offsets(text)
    boundaries = sorted({m.start() for m in regex.finditer(r"\X", text)} | {len(text)})
    accepted: list[tuple[int, int]] = []
    entities = []
    for _ in range(draw(st.integers(0, 250))):
        start = draw(st.integers(0, len(text) - 1))
        span = draw(st.sampled_from([1, 1, 2, 3, 10, 100, 5000]))
        end = min(len(text), start + draw(st.integers(1, span)))
        cluster_start = boundaries[bisect.bisect_right(boundaries, start) - 1]
        cluster_end = boundaries[bisect.bisect_left(boundaries, end)]
        if _depth_with(accepted, cluster_start, cluster_end) > depth:
            continue
        accepted.append((cluster_start, cluster_end))
        kind = draw(st.sampled_from(TYPES))
        url = f"https://example.com/{len(entities)}" if kind == "text_link" else None
        entities.append(Entity(kind, offsets[start], offsets[end] - offsets[start], url=url))
    return entities


def _depth_with(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """How many spans would cover one character at most if [start, end) were added."""
    events = sorted(
        [(max(a, start), 1) for a, b in spans if a < end and b > start]
        + [(min(b, end), -1) for a, b in spans if a < end and b > start]
    )
    deepest = depth = 0
    for _, step in events:
        depth += step
        deepest = max(deepest, depth)
    return deepest + 1


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Block]]:
    """A text made of blocks, some of them headings, joined by a blank line or a line break."""
    bodies = draw(st.lists(SHORT_TEXTS.map(str.strip).filter(bool), min_size=1, max_size=8))
    text, blocks = "", []
    for body in bodies:
        if text:
            text += draw(st.sampled_from(["\n\n", "\n", " \n\n "]))
        heading = draw(st.booleans())
        blocks.append(Block(len(text), len(text) + len(body), heading))
        text += body
    return text, blocks


def expected_entities(
    offsets: list[int], entities: list[Entity], chunk: Chunk
) -> tuple[Entity, ...]:
    """The original entities clipped to the chunk and shifted, computed in UTF-16 units."""
    base, limit = offsets[chunk.start], offsets[chunk.end]
    clipped = []
    for e in entities:
        first, last = max(e.offset, base), min(e.offset + e.length, limit)
        if last > first:
            clipped.append(Entity(e.type, first - base, last - first, url=e.url))
    return tuple(clipped)


def check(
    text: str,
    entities: list[Entity],
    limits: Limits,
    chunks: list[Chunk],
    blocks: list[Block] | None = None,
) -> None:
    """Every promise of `split_text`, checked against the original text."""
    boundaries = {m.start() for m in regex.finditer(r"\X", text)} | {len(text)}
    offsets = utf16_offsets(text)
    if not text.strip():
        assert chunks == []
        return
    assert chunks, "a text with content gives at least one chunk"
    assert text[: chunks[0].start].isspace() or chunks[0].start == 0
    assert text[chunks[-1].end :].isspace() or chunks[-1].end == len(text)
    for before, after in itertools.pairwise(chunks):
        gap = text[before.end : after.start]
        assert before.end <= after.start and (gap == "" or gap.isspace())
    assert "".join(text.split()) == "".join("".join(c.text.split()) for c in chunks)
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        clusters = regex.findall(r"\X", chunk.text)
        assert clusters and not clusters[0].isspace() and not clusters[-1].isspace()
        assert utf16_len(chunk.text) <= limits.length
        assert len(chunk.entities) <= limits.entities
        assert chunk.start in boundaries and chunk.end in boundaries, "cut inside a grapheme"
        assert chunk.entities == expected_entities(offsets, entities, chunk)
        valid = set(utf16_offsets(chunk.text))
        for e in chunk.entities:
            assert e.length > 0 and e.offset in valid and e.offset + e.length in valid
    if blocks is not None:
        check_blocks(text, offsets, entities, limits, chunks, blocks)


def heading_runs(text: str, blocks: list[Block]) -> list[tuple[int, int, int]]:
    """For each heading followed by text: where its run of headings starts, where it ends, and
    the end of the first grapheme cluster after the run (the least a message must hold with it).
    """
    runs = []
    for i, block in enumerate(blocks):
        rest = [b for b in blocks[i + 1 :] if not b.heading]
        if not block.heading or not rest:
            continue
        first = i
        while first > 0 and blocks[first - 1].heading:
            first -= 1
        cluster = regex.match(r"\X", text, pos=rest[0].start)
        runs.append((blocks[first].start, block.end, cluster.end()))
    return runs


def widened(text: str, block: Block) -> Block:
    """The block without surrounding whitespace, widened to whole grapheme clusters."""
    start, end = block.start, block.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    bounds = [m.start() for m in regex.finditer(r"\X", text)] + [len(text)]
    start = bounds[bisect.bisect_right(bounds, start) - 1]
    end = bounds[bisect.bisect_left(bounds, end)]
    return Block(start, end, block.heading)


def check_blocks(
    text: str,
    offsets: list[int],
    entities: list[Entity],
    limits: Limits,
    chunks: list[Chunk],
    blocks: list[Block],
) -> None:
    """A heading never ends a message when it can be kept with what follows it; a unit (a block,
    or headings with the block after them) that fits a message is never cut inside.
    """
    ends = {c.end for c in chunks[:-1]}
    blocks = [widened(text, b) for b in blocks]
    for start, heading_end, follow in heading_runs(text, blocks):
        prefix = Chunk(start, follow, text[start:follow], ())
        fits = utf16_len(prefix.text) <= limits.length
        if fits and len(expected_entities(offsets, entities, prefix)) <= limits.entities:
            assert heading_end not in ends, "a heading ends a message"
    units: list[tuple[int, int]] = []
    glue = False
    for block in blocks:
        if glue:
            units[-1] = (units[-1][0], block.end)
        else:
            units.append((block.start, block.end))
        glue = block.heading
    cuts = {c.start for c in chunks} | {c.end for c in chunks}
    for start, end in units:
        unit = Chunk(start, end, text[start:end], ())
        fits = utf16_len(unit.text) <= limits.length
        if fits and len(expected_entities(offsets, entities, unit)) <= limits.entities:
            assert not [at for at in cuts if start < at < end], "a fitting unit was cut"
    if utf16_len(text.strip()) <= limits.length and len(entities) <= limits.entities:
        assert len(chunks) == 1


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.data(), SHORT_TEXTS, SMALL_LIMITS)
def test_any_text_splits_losslessly_within_small_limits(data, text, limits):
    entities = data.draw(entities_for(text, limits.entities))
    check(text, entities, limits, split_text(text, entities, limits=limits))


@st.composite
def block_cases(draw: st.DrawFn) -> tuple[str, list[Block], list[Entity], Limits]:
    """A document of blocks, limits, and entities that those limits allow."""
    text, blocks = draw(documents())
    limits = draw(SMALL_LIMITS)
    return text, blocks, draw(entities_for(text, limits.entities)), limits


# A space followed by a spacing mark (Thai "ำ") is one grapheme cluster: the second chunk must
# start with that space, not after it.
THAI = (
    "ก ำ",
    [Block(0, 3)],
    [Entity("bold", 0, 1), Entity("bold", 0, 1), Entity("bold", 0, 1), Entity("bold", 1, 1)],
    Limits(length=16, entities=3),
)


@FAST
@example(THAI)
@example(("ab \n\n \u0301cd", [Block(0, 2, True), Block(6, 9)], [], Limits(16, 3)))
@given(block_cases())
def test_blocks_are_packed_whole_and_headings_never_end_a_message(case):
    text, blocks, entities, limits = case
    chunks = split_text(text, entities, limits=limits, blocks=blocks)
    check(text, entities, limits, chunks, blocks)


@SLOW
@given(st.data(), TEXTS)
def test_any_text_splits_losslessly_within_telegram_limits(data, text):
    entities = data.draw(entities_for(text, TEXT_LIMITS.entities))
    check(text, entities, TEXT_LIMITS, split_text(text, entities))


@SLOW
@given(st.data(), PARAGRAPHS)
def test_paragraph_of_20000_characters_splits_at_sentences(data, text):
    entities = data.draw(entities_for(text, TEXT_LIMITS.entities))
    chunks = split_text(text, entities)
    check(text, entities, TEXT_LIMITS, chunks)
    assert len(chunks) >= utf16_len(text) // TEXT_LIMITS.length
    assert all(c.text.endswith("Ende.") for c in chunks), "cut at a sentence end"
