"""What changed in a text, in a few words: „Milliarden“ → „Millionen“, for the admins' summary.

The two texts are compared word by word (difflib). Each changed stretch becomes one German line
with up to `CONTEXT` words around it, so the publisher can find the place; every quoted side is
cut to `SIDE_CHARS` characters, so a line stays under about 200 characters however much changed.
"""

from __future__ import annotations

from difflib import SequenceMatcher

CONTEXT = 2  # words shown before and after a change
SIDE_CHARS = 90  # characters of one quoted side, at most
MAX_LINES = 3  # changed stretches listed per section; the rest are counted


def changed_words(old: str, new: str, *, limit: int = MAX_LINES) -> list[str]:
    """German lines that show where `new` differs from `old`, word by word (empty: no word
    changed). At most `limit` lines, then one line counting the other changes."""
    a, b = old.split(), new.split()
    if a == b:
        return []
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    lines = [_line(a, b, op) for op in changes[:limit]]
    if len(changes) > limit:
        more = len(changes) - limit
        lines.append(f"… und {more} weitere Änderung{'en' if more > 1 else ''}")
    return lines


def _line(a: list[str], b: list[str], op: tuple[str, int, int, int, int]) -> str:
    tag, i1, i2, j1, j2 = op
    before = a[max(0, i1 - CONTEXT) : i1]
    after = a[i2 : i2 + CONTEXT]
    if tag == "insert":
        return f"neu: {_quote(before, b[j1:j2], after, a, i1, i2)}"
    if tag == "delete":
        return f"gestrichen: {_quote(before, a[i1:i2], after, a, i1, i2)}"
    old = _quote(before, a[i1:i2], after, a, i1, i2)
    new = _quote(before, b[j1:j2], after, a, i1, i2)
    return f"{old} → {new}"


def _quote(
    before: list[str], words: list[str], after: list[str], a: list[str], i1: int, i2: int
) -> str:
    """„… two words CHANGED two words …“, the changed words shortened in the middle if long."""
    middle = shorten(" ".join(words), SIDE_CHARS)
    parts = [" ".join(before), middle, " ".join(after)]
    text = " ".join(p for p in parts if p)
    if len(text) > SIDE_CHARS:
        text = middle
    lead = "…" if i1 - len(before) > 0 or (text == middle and before) else ""
    tail = "…" if i2 + len(after) < len(a) or (text == middle and after) else ""
    return f"„{lead}{text}{tail}“"


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, with "…" in the middle when it was cut."""
    if len(text) <= limit:
        return text
    keep = limit - 1
    head = keep - keep // 2
    return f"{text[:head].rstrip()}…{text[len(text) - keep // 2 :].lstrip()}"
