"""The compact issue: one message with the header, the lead story's first paragraph and a button
per section (the bot sends a section when its button is pressed). No I/O; the caller turns the
buttons into Telegram's inline keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsletter.entities import Styled, concat
from newsletter.limits import MAX_ENTITIES
from newsletter.model import Issue, Message, Section

LEAD_CHARS = 1200  # the lead's first paragraph is cut (between words, with "…") beyond this
HEADER_CHARS = 1500  # so is a header with a long intro (at most 2,700 + hint: under 4,096)
LABEL_CHARS = 40
KIND_EMOJI = {"lead": "🛗", "news": "📰", "chart": "🦉", "podcast": "🎧", "earnings": "📅",
              "closing": "👋", "other": "📄"}  # fmt: skip
KIND_TITLES = {"news": "News der Woche", "chart": "Chart der Woche", "podcast": "Hörenswert",
               "earnings": "Earnings der Woche", "closing": "Zum Schluss"}  # fmt: skip
TAP_HINT = "Tipp auf einen Abschnitt, dann kommt er ganz."


@dataclass(frozen=True, slots=True)
class CompactView:
    """The compact message and its buttons: (label, section position in the issue)."""

    message: Message
    buttons: tuple[tuple[str, int], ...]


def compact_view(issue: Issue) -> CompactView:
    """Render `issue` as one compact message (see the module docstring)."""
    parts: list[Styled | str] = []
    header = next((s for s in issue.sections if s.kind == "header"), None)
    if header is not None and header.messages:
        parts.append(_cap(_styled(header.messages[0]), HEADER_CHARS))
    opening = _opening(issue.sections)
    if opening is not None:
        parts += ["\n\n", opening]
    parts += ["\n\n", TAP_HINT]
    styled = concat(p for p in parts if p).strip()
    message = Message(styled.text, styled.entities[:MAX_ENTITIES])
    buttons = tuple(
        (button_label(section), position)
        for position, section in enumerate(issue.sections)
        if section.kind != "header" and section.messages
    )
    return CompactView(message, buttons)


def button_label(section: Section) -> str:
    """The section's button: its title with an emoji in front ("📰 News der Woche")."""
    title = " ".join((section.title or KIND_TITLES.get(section.kind, "Abschnitt")).split())
    if (
        section.kind in ("news", "closing")
        and title.casefold() == KIND_TITLES.get(section.kind, "").casefold()
    ):
        title = KIND_TITLES[section.kind]
    if title and not title[0].isalnum() and title[0] not in "„\"'(":
        label = title  # it starts with its own emoji
    else:
        label = f"{KIND_EMOJI.get(section.kind, '📄')} {title}"
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _opening(sections: list[Section]) -> Styled | None:
    """The lead's heading (bold) and first paragraph; without a lead, the first section's."""
    lead = next((s for s in sections if s.kind == "lead" and s.messages), None)
    lead = lead or next((s for s in sections if s.kind != "header" and s.messages), None)
    if lead is None:
        return None
    message = next((m for m in lead.messages if m.text.strip()), None)
    if message is None:
        return None
    styled = _styled(message)
    blocks = _blocks(styled.text)
    if not blocks:
        return None
    keep = blocks[:2] if len(blocks) > 1 else blocks[:1]
    start, end = keep[0][0], keep[-1][1]
    return _cap(styled.slice(start, end), LEAD_CHARS)


def _cap(styled: Styled, limit: int) -> Styled:
    """`styled` cut after at most `limit` characters, between words, with " …"."""
    if len(styled.text) <= limit:
        return styled
    cut = styled.text.rfind(" ", 0, limit)
    return concat([styled.slice(0, cut if cut > 0 else limit).strip(), " …"])


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the blank-line separated blocks of `text`."""
    spans, position = [], 0
    for chunk in text.split("\n\n"):
        if chunk.strip():
            spans.append((position, position + len(chunk)))
        position += len(chunk) + 2
    return spans


def _styled(message: Message) -> Styled:
    return Styled(message.text, message.entities)
