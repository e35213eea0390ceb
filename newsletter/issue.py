"""From input bytes to a rendered `Issue`: parse, render every section, read the earnings rows."""

from __future__ import annotations

from newsletter.checks import issue_checks
from newsletter.earnings import parse_earnings
from newsletter.errors import ParseError
from newsletter.model import EarningsRow, Issue, Section
from newsletter.parse import parse_issue
from newsletter.render import render_header, render_section
from newsletter.validity import message_problems


def build_issue(data: str | bytes, *, link: str | None = None) -> Issue:
    """Parse beehiiv input (feed, web page or fragment) and render it as Telegram messages.

    Raises `ParseError` for input that is not an issue, including HTML nested hundreds of levels
    deep (the tree walkers recurse). Problems that still allow a valid rendering (a missing date,
    an odd earnings line, a dropped embed) end up in `Issue.warnings`.
    """
    try:
        return _build(data, link)
    except RecursionError:
        raise ParseError(
            "Das HTML ist zu tief verschachtelt (Hunderte Ebenen ineinander) und lässt sich "
            "nicht lesen."
        ) from None


def _build(data: str | bytes, link: str | None) -> Issue:
    parsed = parse_issue(data, link=link)
    intro = next((raw for raw in parsed.sections if raw.kind == "header"), None)
    sections = [render_header(parsed.meta, intro)]
    sections += [render_section(raw) for raw in parsed.sections if raw.kind != "header"]
    sections = [s for s in sections if s.messages]
    warnings = list(parsed.warnings)
    earnings: list[EarningsRow] = []
    for section in sections:
        if section.kind == "earnings":
            rows, notes = parse_earnings(
                section_text(section), issue_date=parsed.meta.date, year=parsed.meta.year
            )
            earnings += rows
            warnings += [f"Earnings: {note}" for note in notes]
    problems = message_problems(sections)
    if problems:  # a renderer bug: refuse the issue rather than send an invalid message
        raise ParseError(f"Interner Fehler: ungültige Nachricht erzeugt ({problems[0]}).")
    issue = Issue(meta=parsed.meta, sections=sections, earnings=earnings, warnings=warnings)
    issue.warnings += [check.text for check in issue_checks(issue)]
    issue.warnings = list(dict.fromkeys(issue.warnings))
    return issue


def section_text(section: Section) -> str:
    """Return the plain text of a rendered section, its messages joined by line breaks."""
    return "\n".join(m.text for m in section.messages)
