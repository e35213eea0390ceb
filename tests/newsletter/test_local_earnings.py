"""The earnings section with clock times: text rewritten, entities moved, limits kept."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from newsletter.entities import Styled, entity_spans, substitute
from newsletter.limits import MAX_CAPTION, MAX_TEXT
from newsletter.local_earnings import localize_earnings
from newsletter.model import EarningsRow, Entity, Message
from newsletter.utf16 import utf16_len, utf16_offsets, utf16_slice
from tests.conftest import FIXTURES

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
ATOMS = ["Wort", "Größe", "a", " ", "\n", "😀", "🇨🇳", "👨‍👩‍👧", "(BMO)", "e\u0301", ": "]
NEW_TEXTS = ["", "x", "(vor US-Börsenstart, 15:30)", "🕒 22:00", "ä"]


def kw06_section() -> tuple[Message, list[EarningsRow]]:
    """The KW6 earnings message as stored, and its rows."""
    data = json.loads((FIXTURES / "golden" / "kw06-render-earnings.json").read_text())
    issue = json.loads((FIXTURES / "golden" / "kw06-issue.json").read_text())
    rows = [
        EarningsRow(dt.date.fromisoformat(r["date"]), r["weekday"], r["company"], r["timing"])
        for r in issue["earnings"]
    ]
    return Message.from_dict(data["messages"][0]), rows


def marked(message: Message) -> list[str]:
    """The texts the message's entities mark."""
    return [utf16_slice(message.text, e.offset, e.length) for e in message.entities]


def test_kw06_section_gets_berlin_times_and_keeps_its_bold_day_labels() -> None:
    stored, rows = kw06_section()
    [local] = localize_earnings([stored], rows, BERLIN)
    lines = local.text.split("\n")
    assert lines[2] == "• Montag 3. Februar: Palantir (nach US-Börsenschluss, 22:00)"
    assert lines[3].startswith(
        "• Dienstag 4. Februar: PayPal (vor US-Börsenstart, 15:30), BestBuy (vor US-Börsenstart, "
    )
    assert "AMD (nach US-Börsenschluss, 22:00)" in lines[3]
    assert "(BMO)" not in local.text and "(AMC)" not in local.text
    assert lines[-1] == "• Freitag 7. Februar:"
    assert (
        marked(local)
        == marked(stored)
        == [
            "🖨️ Earnings Season: Quartalsergebnisse der Woche",
            "Montag 3. Februar:",
            "Dienstag 4. Februar:",
            "Mittwoch 5. Februar:",
            "Donnerstag 6. Februar:",
            "Freitag 7. Februar:",
        ]
    )
    assert utf16_len(local.text) <= MAX_TEXT
    assert "(AMC)" in stored.text  # the stored message is not touched


def test_other_zone_and_dst_gap_week() -> None:
    rows = [
        EarningsRow(dt.date(2026, 3, 10), "Dienstag", "PayPal", "BMO"),
        EarningsRow(dt.date(2026, 3, 10), "Dienstag", "AMD", "AMC"),
    ]
    message = Message("• Dienstag 10. März: PayPal (BMO), AMD (amc)")
    [berlin] = localize_earnings([message], rows, BERLIN)
    [tokyo] = localize_earnings([message], rows, TOKYO)
    assert berlin.text == (
        "• Dienstag 10. März: PayPal (vor US-Börsenstart, 14:30), "
        "AMD (nach US-Börsenschluss, 21:00)"
    )
    assert tokyo.text == (
        "• Dienstag 10. März: PayPal (vor US-Börsenstart, 22:30), "
        "AMD (nach US-Börsenschluss, Mi 05:00)"
    )


def test_only_timings_on_listed_days_change() -> None:
    rows = [EarningsRow(dt.date(2025, 2, 4), "Dienstag", "Alphabet (Google)", "AMC")]
    text = (
        "Vorab (BMO) ein Hinweis\n"
        "• Dienstag 4. Februar: Alphabet (Google) (After Hours), Foo\n"
        "• Mittwoch 5. Februar: Uber (BMO)"
    )
    [local] = localize_earnings([Message(text)], rows, BERLIN)
    assert local.text == (
        "Vorab (BMO) ein Hinweis\n"
        "• Dienstag 4. Februar: Alphabet (Google) (nach US-Börsenschluss, 22:00), Foo\n"
        "• Mittwoch 5. Februar: Uber (BMO)"  # no row for 5 February: left as written
    )


def test_localising_twice_changes_nothing_more() -> None:
    stored, rows = kw06_section()
    once = localize_earnings([stored], rows, BERLIN)
    assert localize_earnings(once, rows, BERLIN) == once


def test_without_rows_or_timings_the_messages_are_returned_as_they_are() -> None:
    stored, rows = kw06_section()
    assert localize_earnings([stored], [], BERLIN) == [stored]
    plain = Message("Danke fürs Lesen!")
    assert localize_earnings([plain], rows, BERLIN) == [plain]


def _long_day(count: int, filler: int) -> tuple[Message, list[EarningsRow]]:
    day = dt.date(2025, 2, 4)
    names = [f"Firma{i}" for i in range(count)]
    head = "x" * filler + "\n"
    text = head + "• Dienstag 4. Februar: " + ", ".join(f"{n} (BMO)" for n in names)
    bold = Entity("bold", utf16_len(head) + 2, len("Dienstag 4. Februar:"))
    rows = [EarningsRow(day, "Dienstag", n, "BMO") for n in names]
    return Message(text, (bold,)), rows


def test_short_form_when_the_long_one_would_not_fit() -> None:
    message, rows = _long_day(100, 1800)  # 3,325 units; the long form adds 2,200, the short 600
    [local] = localize_earnings([message], rows, BERLIN)
    assert "Firma0 (BMO 15:30), Firma1 (BMO 15:30)" in local.text
    assert utf16_len(local.text) <= MAX_TEXT
    assert marked(local) == ["Dienstag 4. Februar:"]


def test_unchanged_when_not_even_the_short_form_fits() -> None:
    message, rows = _long_day(100, 2500)  # 4,025 units: +600 is too much
    assert localize_earnings([message], rows, BERLIN) == [message]


def test_a_caption_keeps_the_caption_limit() -> None:
    message, rows = _long_day(20, 400)  # 723 units; the long form adds 440, the short 120
    photo = Message(message.text, message.entities, photo="https://example.com/chart.png")
    [local] = localize_earnings([photo], rows, BERLIN)
    assert local.photo == photo.photo
    assert "(BMO 15:30)" in local.text and utf16_len(local.text) <= MAX_CAPTION


@given(
    count=st.integers(1, 120),
    filler=st.integers(0, 4090),
    emoji=st.booleans(),
    photo=st.booleans(),
    timing=st.sampled_from(["BMO", "AMC"]),
)
def test_localising_never_breaks_a_limit_nor_adds_a_message(
    count: int, filler: int, emoji: bool, photo: bool, timing: str
) -> None:
    limit = MAX_CAPTION if photo else MAX_TEXT
    day = dt.date(2025, 10, 28)
    line = "• Dienstag 28. Oktober: " + ", ".join(f"F{i} ({timing})" for i in range(count))
    line = line[: limit - 1]
    atom = "🇨🇳" if emoji else "x"  # 4 units or 1
    room = (limit - utf16_len(line) - 1) // utf16_len(atom)
    text = atom * min(filler // 4, room) + "\n" + line
    units = utf16_offsets(text)
    entity = Entity("bold", 0, units[len(text)])
    message = Message(text, (entity,), photo="p.png" if photo else None)
    rows = [EarningsRow(day, "Dienstag", f"F{i}", timing) for i in range(count)]  # type: ignore[arg-type]
    result = localize_earnings([message, message], rows, BERLIN)
    assert len(result) == 2
    for local in result:
        assert utf16_len(local.text) <= limit
        entity_spans(local.entities, utf16_offsets(local.text))  # raises if invalid
        assert [e.offset for e in local.entities] == [0]
        assert local.entities[0].length == utf16_len(local.text)  # the bold grew with the text


@st.composite
def styled_with_replacements(draw: st.DrawFn) -> tuple[Styled, list[tuple[int, int, str]]]:
    """A text with entities at character boundaries and non-empty, non-touching replacements."""
    text = "".join(draw(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=25)))
    units = utf16_offsets(text)
    entities = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        entities.append(Entity("bold", units[start], units[end] - units[start]))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    replacements = [(a, b, draw(st.sampled_from(NEW_TEXTS))) for a, b in pairs]
    return Styled(text, tuple(entities)), replacements


def _untouched(start: int, end: int, replacements: list[tuple[int, int, str]]) -> bool:
    return all(end <= a or start >= b for a, b, _ in replacements)


@given(styled_with_replacements())
def test_substitute_moves_every_entity_validly(case) -> None:
    styled, replacements = case
    result = substitute(styled, replacements)
    expected, last = [], 0
    for a, b, new in replacements:
        expected += [styled.text[last:a], new]
        last = b
    assert result.text == "".join(expected) + styled.text[last:]
    spans = entity_spans(styled.entities, utf16_offsets(styled.text))
    new_spans = entity_spans(result.entities, utf16_offsets(result.text))  # valid, positive
    kept = iter(zip(result.entities, new_spans, strict=True))
    for entity, (start, end) in zip(styled.entities, spans, strict=True):
        inside_deleted = any(a <= start and end <= b and new == "" for a, b, new in replacements)
        if inside_deleted and not _untouched(start, end, replacements):
            continue
        moved, _ = next(kept)
        old_text = utf16_slice(styled.text, entity.offset, entity.length)
        new_text = utf16_slice(result.text, moved.offset, moved.length)
        if _untouched(start, end, replacements):
            assert new_text == old_text
        for a, b, new in replacements:
            if start < a and b < end:  # a replaced span strictly inside the entity
                assert new in new_text
    assert next(kept, None) is None


def test_substitute_counts_utf16_units_before_the_span() -> None:
    text = "🇨🇳 Alibaba (BMO) und mehr"
    start = text.index("(BMO)")
    bold = Entity("bold", 0, utf16_len("🇨🇳 Alibaba"))
    tail = Entity("italic", utf16_len(text[: text.index("und")]), 3)
    result = substitute(
        Styled(text, (bold, tail)), [(start, start + 5, "(vor US-Börsenstart, 15:30)")]
    )
    assert result.text == "🇨🇳 Alibaba (vor US-Börsenstart, 15:30) und mehr"
    assert [utf16_slice(result.text, e.offset, e.length) for e in result.entities] == [
        "🇨🇳 Alibaba",
        "und",
    ]


def test_substitute_keeps_order_of_replacements_at_one_point() -> None:
    result = substitute(Styled("Wort", (Entity("bold", 0, 1),)), [(0, 0, "x"), (0, 0, "y")])
    assert result.text == "xyWort"
    assert [utf16_slice(result.text, e.offset, e.length) for e in result.entities] == ["xyW"]
