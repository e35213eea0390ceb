"""beehiiv's merge tags (`{{ subscriber.first_name }}`, `{{rp_refer_url}}`): never for a reader.

The email fills them in per subscriber; in Telegram there is nothing to fill them with. A sentence
built around a referral tag is email chrome (the `referral_merge_tag` rule of
`newsletter.chrome` cuts it whole). Every other tag is cut out so that it leaves no gap:
"Hallo {{ subscriber.first_name }}, schön …" → "Hallo, schön …", "Danke, {{ name }}, für …" →
"Danke, für …", "{{ first_name }}, heute …" → "heute …". Personal tags (names, e-mail, the
subscriber's fields) go silently; a tag of any other kind also goes, with a warning naming it.
"""

from __future__ import annotations

import re

from newsletter.blocks import TEXT_KINDS, Block
from newsletter.inline import merge_spans

MERGE_TAG = re.compile(r"\{\{[^{}]*\}\}")
REFERRAL_TAG = re.compile(r"\{\{\s*(?:rp_[^{}]*|[^{}]*refer[^{}]*)\}\}", re.IGNORECASE)
_PERSONAL = re.compile(
    r"\{\{\s*(?:subscriber\.\w+|first_?name|last_?name|full_?name|name|e-?mail)\b", re.IGNORECASE
)
_SPACE = " \t\u00a0"
_AFTER_LEADING = re.compile(r"[,:;!]?[ \t\u00a0]*")


def strip_merge_tags(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Cut every merge tag out of the blocks; return the blocks and warnings for unknown tags.

    A block left without words is dropped (an image stays, without the caption's tag).
    """
    kept: list[Block] = []
    warnings: list[str] = []
    for block in blocks:
        if block.kind in TEXT_KINDS and "{{" in block.text:
            spans = tag_spans(block.text)
            warnings += [
                warning(block.text[m.start() : m.end()])
                for m in MERGE_TAG.finditer(block.text)
                if not _PERSONAL.match(m.group())
            ]
            block = block.without(spans)
            if not block.has_words and block.kind != "image":
                continue
        kept.append(block)
    return kept, list(dict.fromkeys(warnings))


def without_merge_tags(text: str) -> str:
    """Return `text` (a title or subtitle) with its merge tags cut out, leaving no gap."""
    for start, end in reversed(tag_spans(text)):
        text = text[:start] + text[end:]
    return text


def warning(tag: str) -> str:
    """The publisher's warning about an unknown merge tag that was cut out."""
    return f"Platzhalter „{tag}“ entfernt (in Telegram gibt es keinen Wert dafür)."


def tag_spans(text: str) -> list[tuple[int, int]]:
    """The ranges to cut for the merge tags of `text`: the tag and the space or comma it leaves."""
    spans: list[tuple[int, int]] = []
    for match in MERGE_TAG.finditer(text):
        start, end = match.span()
        while start > 0 and text[start - 1] in _SPACE:
            start -= 1
        if start == 0 or text[start - 1] == "\n":
            end = _AFTER_LEADING.match(text, end).end()  # type: ignore[union-attr]
        elif text[start - 1] == "," and text[end : end + 1] in (",", ".", "!", "?", ":", ";"):
            start -= 1
        spans.append((start, end))
    return merge_spans(spans)
