"""What a backfill run did, in German: one summary line, then a line per post worth a look.

The summary counts the posts found, stored (and updated), unchanged, skipped and failed, each
skip and failure grouped by why ("2 übersprungen (1 keine Ausgabe, 1 nicht mehr da)"). The
details list every skipped or failed post with its reason and every stored issue that rendered
with warnings, with them. The admins get both in one Telegram message (`for_admins`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsletter.german import number
from newsletter.limits import MAX_TEXT
from newsletter.utf16 import utf16_len

ADMIN_DETAIL_LINES = 30


@dataclass(frozen=True, slots=True)
class Line:
    """One post in the details: its slug, why (a short kind, grouped in the summary) and the
    detail (German)."""

    slug: str
    why: str
    detail: str = ""


@dataclass(slots=True)
class BackfillReport:
    """The outcome of one run, filled in as it goes."""

    site: str
    via: str = "sitemap"
    found: int = 0
    stored: list[str] = field(default_factory=list)  # labels of new issues
    updated: list[str] = field(default_factory=list)  # labels of issues a changed post updated
    unchanged: int = 0
    skipped: list[Line] = field(default_factory=list)
    failed: list[Line] = field(default_factory=list)
    warned: list[Line] = field(default_factory=list)  # stored, with their warnings
    stopped: bool = False  # ended before every post was read (stopped, or the bot shut down)

    @property
    def done(self) -> int:
        """How many posts were handled."""
        stored = len(self.stored) + len(self.updated)
        return stored + self.unchanged + len(self.skipped) + len(self.failed)

    def summary(self) -> str:
        """One line: found, stored, updated, unchanged, skipped (why), failed (why)."""
        via = "Sitemap" if self.via == "sitemap" else "Archivseiten"
        parts = [
            f"{number(self.found)} Beiträge gefunden ({via})",
            f"{number(len(self.stored))} gespeichert",
        ]
        if self.updated:
            parts.append(f"{number(len(self.updated))} aktualisiert")
        parts += [
            f"{number(self.unchanged)} unverändert",
            f"{number(len(self.skipped))} übersprungen{_grouped(self.skipped)}",
            f"{number(len(self.failed))} fehlgeschlagen{_grouped(self.failed)}",
        ]
        end = f" – abgebrochen nach {number(self.done)} von {number(self.found)}" * self.stopped
        return f"Backfill {self.site}: " + ", ".join(parts) + end

    def details(self) -> list[str]:
        """A line per skipped or failed post and per warning of a stored one."""
        lines = [f"  übersprungen {x.slug}: {x.why}{_more(x.detail)}" for x in self.skipped]
        lines += [f"  fehlgeschlagen {x.slug}: {x.why}{_more(x.detail)}" for x in self.failed]
        for warned in self.warned:
            lines += [f"  Warnung {warned.slug} ({warned.why}): {warned.detail}"]
        return lines

    def for_admins(self) -> str:
        """The summary and the first details, within one Telegram message."""
        head = f"📚 Archiv nachgeladen. {self.summary()}"
        details = self.details()
        shown = details[:ADMIN_DETAIL_LINES]
        rest = len(details) - len(shown)
        text = "\n".join([head, *shown])
        while utf16_len(text) > MAX_TEXT - 100 and shown:
            shown.pop()
            rest += 1
            text = "\n".join([head, *shown])
        more = f"\n  … und {number(rest)} weitere (doppelbot backfill zeigt alle)" if rest else ""
        return text + more


def _grouped(lines: list[Line]) -> str:
    if not lines:
        return ""
    counts = Counter(line.why for line in lines)
    return " (" + ", ".join(f"{number(n)} {why}" for why, n in counts.items()) + ")"


def _more(detail: str) -> str:
    return f" – {detail}" if detail else ""
