"""How the splitter cuts: whole blocks first, then lines, sentences, words, graphemes."""

from __future__ import annotations

import pytest

from newsletter.limits import MAX_ENTITIES, MAX_TEXT, TEXT_LIMITS, Limits
from newsletter.model import Entity
from newsletter.split import Block, split_text
from newsletter.utf16 import utf16_len


def blocks_of(*parts: tuple[str, bool]) -> tuple[str, list[Block]]:
    """Join (text, is_heading) parts with blank lines and return the text with its blocks."""
    text, blocks = "", []
    for body, heading in parts:
        if text:
            text += "\n\n"
        blocks.append(Block(len(text), len(text) + len(body), heading))
        text += body
    return text, blocks


def test_text_that_fits_is_one_chunk_unchanged():
    entities = [Entity("bold", 0, 5)]
    [chunk] = split_text("Hallo Welt", entities)
    assert (chunk.start, chunk.end, chunk.text, chunk.entities) == (
        0,
        10,
        "Hallo Welt",
        (entities[0],),
    )


def test_whitespace_only_text_gives_no_chunk():
    assert split_text(" \n\u00a0\n ") == []


def test_surrounding_whitespace_is_dropped():
    [chunk] = split_text("\n  Hallo  \n", [Entity("bold", 3, 5)])
    assert (chunk.start, chunk.text, chunk.entities) == (3, "Hallo", (Entity("bold", 0, 5),))


def test_whole_paragraphs_are_packed_and_only_what_does_not_fit_moves_on():
    paragraph = "Satz " * 300  # 1500 units
    text = "\n\n".join([paragraph.strip()] * 4)
    chunks = split_text(text)
    assert [c.text.count("\n\n") for c in chunks] == [1, 1]
    assert all(c.text.endswith("Satz") for c in chunks)


def test_heading_stays_with_its_paragraph_in_the_next_message():
    text, blocks = blocks_of(("a" * 3000, False), ("Überschrift", True), ("b" * 2000, False))
    first, second = split_text(text, blocks=blocks)
    assert first.text == "a" * 3000
    assert second.text.startswith("Überschrift\n\nbbb")


def test_heading_before_a_huge_paragraph_keeps_the_paragraphs_start():
    text, blocks = blocks_of(("Überschrift", True), ("Wort " * 2000, False))
    chunks = split_text(text, blocks=blocks)
    assert chunks[0].text.startswith("Überschrift\n\nWort Wort")


def test_oversized_block_is_cut_at_a_line_before_a_sentence():
    lines = ["Erste Zeile. Noch ein Satz " * 150, "Zweite Zeile. Mit Satz " * 150, "Ende."]
    text = "\n".join(line.strip() for line in lines)
    chunks = split_text(text, blocks=[Block(0, len(text))])
    assert chunks[0].text == lines[0].strip()


def test_long_paragraph_is_cut_after_a_sentence_not_after_an_ordinal_number():
    sentence = "Am 3. Februar stieg der Kurs um 5 Prozent. "
    chunks = split_text((sentence * 200).strip())
    assert all(c.text.endswith("Prozent.") for c in chunks)


def test_word_longer_than_a_message_is_cut_between_flags_not_inside_one():
    text = "🇨🇳" * 3000  # 12,000 units, every flag two regional indicators
    chunks = split_text(text)
    assert [utf16_len(c.text) for c in chunks] == [4096, 4096, 12000 - 2 * 4096]
    assert all(len(c.text) % 2 == 0 for c in chunks)


def test_zwj_sequences_and_combining_marks_are_never_split():
    text = ("👨\u200d👩\u200d👧" + "e\u0301" * 3) * 1000
    chunks = split_text(text, limits=Limits(length=100, entities=MAX_ENTITIES))
    assert "".join(c.text for c in chunks) == text
    assert all(c.text.startswith("👨") and c.text.endswith("\u0301") for c in chunks)


def test_entity_across_a_cut_is_clipped_into_both_chunks():
    text = "Eins. " * 1000 + "Zwei."
    link = Entity("text_link", 3000, 2000, url="https://example.com/")
    chunks = split_text(text, [link])
    first, second = chunks[0], chunks[1]
    assert first.entities == (Entity("text_link", 3000, len(first.text) - 3000, url=link.url),)
    gap = second.start - first.end
    assert second.entities == (Entity("text_link", 0, 5000 - first.end - gap, url=link.url),)


def test_more_than_a_hundred_entities_are_spread_over_messages():
    text = " ".join(["x"] * 250)
    entities = [Entity("bold", 2 * i, 1) for i in range(250)]
    chunks = split_text(text, entities)
    assert [len(c.entities) for c in chunks] == [MAX_ENTITIES, MAX_ENTITIES, 50]
    assert all(utf16_len(c.text) <= MAX_TEXT for c in chunks)


def test_entity_whose_edge_is_inside_an_emoji_is_rejected():
    with pytest.raises(ValueError, match="invalid entity"):
        split_text("😀 Hallo", [Entity("bold", 1, 3)])


def test_more_entities_on_one_character_than_allowed_is_rejected():
    entities = [Entity("bold", 0, 1)] * (MAX_ENTITIES + 1)
    with pytest.raises(ValueError, match="nothing fits"):
        split_text("x" * 5000, entities, limits=TEXT_LIMITS)


def test_overlapping_blocks_are_rejected():
    with pytest.raises(ValueError, match="overlapping"):
        split_text("a" * 5000, blocks=[Block(0, 3000), Block(2000, 5000)])
