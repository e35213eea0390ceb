"""What changed between two versions of an issue, and which sent messages can be edited in place.

`diff_issues(old, new)` compares what readers got (`old`, the broadcast's snapshot) with the
current version. Sections are paired by kind and title (difflib over the sections); a block of
sections that was replaced by as many others is paired by position (a corrected heading is still
the same section). For each changed pair it gives a short German before/after of the changed
words (`newsletter.wording`) and the **edits**: every old message (by its global index, the
broadcast's message index) whose content changed, with its new content.

What cannot be edited in place, and is listed as such:
- a section whose number of messages changed (the messages would no longer line up), a section
  that was added, and one that was removed: readers are sent nothing extra;
- a message that changed between text and photo;
- a photo that was replaced: `editMessageCaption` only changes the caption, so the caption is
  corrected (if it changed) and the old picture stays. Replacing the picture would need
  `editMessageMedia`, which Doppelbot does not use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from newsletter.model import Issue, Message, Section
from newsletter.wording import changed_words

PHOTO_REPLACED = "Bild ausgetauscht (nur die Bildunterschrift wird korrigiert)"


@dataclass(frozen=True, slots=True)
class Edit:
    """One sent message to edit: its global index in the old issue and its new content."""

    index: int
    message: Message

    @property
    def is_caption(self) -> bool:
        """Whether it is a photo's caption (`editMessageCaption`), else a text."""
        return self.message.photo is not None


@dataclass(frozen=True, slots=True)
class SectionChange:
    """A changed section: where it is, what changed in words, what can and cannot be edited."""

    position: int  # in the old issue (in the new one for an added section)
    kind: str
    title: str
    words: tuple[str, ...] = ()
    edits: tuple[Edit, ...] = ()
    problems: tuple[str, ...] = field(default=())  # German: why (part of) it is not editable

    @property
    def editable(self) -> bool:
        """Whether every change of the section can be made by editing in place."""
        return not self.problems


@dataclass(frozen=True, slots=True)
class IssueDiff:
    """Every changed section, in the old issue's order (added ones where they appear)."""

    sections: tuple[SectionChange, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything a reader sees changed."""
        return bool(self.sections)

    @property
    def edits(self) -> tuple[Edit, ...]:
        """All edits, by message index."""
        return tuple(sorted((e for s in self.sections for e in s.edits), key=lambda e: e.index))

    @property
    def not_editable(self) -> tuple[SectionChange, ...]:
        """The sections with changes that editing cannot bring to readers."""
        return tuple(s for s in self.sections if not s.editable)


def diff_issues(old: Issue, new: Issue) -> IssueDiff:
    """Compare what readers got (`old`) with the current issue (`new`); see the module doc."""
    starts = _starts(old.sections)
    keys_old = [(s.kind, s.title) for s in old.sections]
    keys_new = [(s.kind, s.title) for s in new.sections]
    changes: list[SectionChange] = []
    matcher = SequenceMatcher(a=keys_old, b=keys_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                change = _compare(i, starts[i], old.sections[i], new.sections[j])
                if change is not None:
                    changes.append(change)
            continue
        for i in range(i1, i2):
            changes.append(_whole(i, old.sections[i], "Abschnitt entfernt"))
        for j in range(j1, j2):
            changes.append(_whole(j, new.sections[j], "Abschnitt neu"))
    return IssueDiff(tuple(changes))


def _starts(sections: list[Section]) -> list[int]:
    """The global index of each section's first message."""
    starts, index = [], 0
    for section in sections:
        starts.append(index)
        index += len(section.messages)
    return starts


def _whole(position: int, section: Section, problem: str) -> SectionChange:
    return SectionChange(position, section.kind, section.title, problems=(problem,))


def _compare(position: int, start: int, old: Section, new: Section) -> SectionChange | None:
    """The change between two paired sections, or None when readers would see no difference."""
    if old.messages == new.messages:
        return None
    words = tuple(changed_words(_text(old), _text(new)))
    if not words:
        words = ("Links oder Formatierung geändert",)
    if len(old.messages) != len(new.messages):
        problem = f"Anzahl der Nachrichten geändert ({len(old.messages)} → {len(new.messages)})"
        return SectionChange(position, new.kind, new.title, words, problems=(problem,))
    edits: list[Edit] = []
    problems: list[str] = []
    for offset, (before, after) in enumerate(zip(old.messages, new.messages, strict=True)):
        if before == after:
            continue
        number = f"Nachricht {offset + 1}" if len(old.messages) > 1 else "Nachricht"
        if (before.photo is None) != (after.photo is None):
            problems.append(f"{number}: Text und Bild vertauscht")
            continue
        if before.photo != after.photo:
            problems.append(f"{number}: {PHOTO_REPLACED}")
        if (before.text, before.entities) != (after.text, after.entities):
            edits.append(Edit(start + offset, after))
    return SectionChange(position, new.kind, new.title, words, tuple(edits), tuple(problems))


def _text(section: Section) -> str:
    return "\n".join(message.text for message in section.messages)
