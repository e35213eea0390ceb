"""Hand-built `Issue` objects for storage tests (the parser is not needed to store an issue)."""

from __future__ import annotations

import datetime as dt

from newsletter.model import EarningsRow, Entity, Issue, IssueMeta, Message, Section


def message(text: str, *, bold: str | None = None, photo: str | None = None) -> Message:
    """A message; `bold` marks the first occurrence of that substring bold (UTF-16 offsets)."""
    entities: tuple[Entity, ...] = ()
    if bold:
        start = len(text[: text.index(bold)].encode("utf-16-le")) // 2
        entities = (Entity("bold", start, len(bold.encode("utf-16-le")) // 2),)
    return Message(text=text, entities=entities, photo=photo)


def section(title: str, *texts: str, kind: str = "news") -> Section:
    """A section whose messages are `texts` (the first one starts with the title, in bold)."""
    messages = [message(f"{title}\n{texts[0]}" if texts else title, bold=title)]
    messages += [message(t) for t in texts[1:]]
    return Section(
        kind=kind, title=title, markdown=f"## {title}\n\n" + "\n\n".join(texts), messages=messages
    )  # type: ignore[arg-type]


def issue(
    week: int | None = 6,
    year: int | None = 2025,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    url: str | None = None,
    sections: list[Section] | None = None,
    earnings: list[EarningsRow] | None = None,
    warnings: list[str] | None = None,
) -> Issue:
    """An issue of week `week`; defaults make a small but complete KW6-like issue."""
    if date is None and week is not None and year is not None:
        date = dt.date.fromisocalendar(year, week, 1)
    meta = IssueMeta(
        title=title or (f"KW{week} - Der Drache erwacht" if week else "Sonderausgabe"),
        subtitle="(Oder schlafen wir nur?)",
        author="Philipp Klöckner",
        date=date,
        week=week,
        year=year,
        url=url,
        words=1176,
        reading_minutes=6,
    )
    if sections is None:
        sections = [
            section("Doppelgänger Update", "Heute ist Montag.", kind="header"),
            section("🐉 DeepSeek", "Die Börse fällt, Nvidia verliert 17 %.", "Mehr 🇨🇳 News."),
            section("📈 Chart der Woche", "Ein Bild sagt mehr.", kind="chart"),
        ]
    if earnings is None:
        monday = date or dt.date(2025, 2, 3)
        earnings = [
            EarningsRow(monday, "Montag", "Palantir", "AMC"),
            EarningsRow(monday + dt.timedelta(days=1), "Dienstag", "Alphabet", "AMC"),
            EarningsRow(monday + dt.timedelta(days=3), "Donnerstag", "Amazon", None),
        ]
    return Issue(meta=meta, sections=sections, earnings=earnings, warnings=warnings or [])
