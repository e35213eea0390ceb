"""Conversion checks: the warnings and blocking problems the publisher sees before sending."""

from __future__ import annotations

import dataclasses
import datetime as dt

from newsletter.checks import blocking_problems, issue_checks, lead_digest
from newsletter.issue import build_issue
from newsletter.model import EarningsRow, Entity, Issue, Message, Section
from tests.conftest import FIXTURES


def kw6() -> Issue:
    return build_issue((FIXTURES / "kw06-2025.rss.xml").read_bytes())


def texts(issue: Issue, **kwargs) -> list[str]:
    return [check.text for check in issue_checks(issue, **kwargs)]


def without(issue: Issue, *kinds: str) -> Issue:
    return dataclasses.replace(issue, sections=[s for s in issue.sections if s.kind not in kinds])


def replace_section(issue: Issue, kind: str, messages: list[Message]) -> Issue:
    sections = [
        dataclasses.replace(s, messages=messages) if s.kind == kind else s for s in issue.sections
    ]
    return dataclasses.replace(issue, sections=sections)


def test_the_real_kw6_issue_passes_every_check() -> None:
    issue = kw6()
    assert issue_checks(issue) == []
    assert issue.warnings == []


def test_missing_usual_sections_are_named() -> None:
    found = texts(without(kw6(), "chart", "podcast"))
    assert "Abschnitte fehlen: Chart der Woche, Hörenswert/Podcast." in found
    assert blocking_problems(issue_checks(without(kw6(), "chart", "podcast"))) == []


def test_no_lead_story_blocks_the_issue() -> None:
    checks = issue_checks(without(kw6(), "lead"))
    assert blocking_problems(checks) == ["Kein Leitartikel erkannt."]


def test_a_post_with_one_section_and_nothing_recognised_is_blocked() -> None:
    issue = kw6()
    other = Section("other", "Hello", "Hello", [Message("Hello world")])
    post = dataclasses.replace(issue, sections=[issue.sections[0], other], earnings=[])
    checks = issue_checks(post)
    assert blocking_problems(checks) == [
        "Kein Leitartikel erkannt.",
        "Nur 1 Abschnitt(e) neben Kopf und Schluss.",
    ]
    assert "Kein Abschnitt erkannt (Leitartikel, News, Chart, Podcast, Earnings)." in texts(post)


def test_a_message_telegram_would_refuse_blocks_the_issue() -> None:
    issue = replace_section(kw6(), "podcast", [Message("x" * 4097)])
    [problem] = blocking_problems(issue_checks(issue))
    assert problem.startswith("Telegram würde eine Nachricht ablehnen: podcast #1: 4097")


def test_messages_near_a_limit_are_warned_about() -> None:
    bold = tuple(Entity("bold", n * 2, 1) for n in range(95))
    issue = replace_section(kw6(), "podcast", [Message("ab" * 1900, bold)])
    found = texts(issue)
    assert any("nah am Limit (3800/4096 Zeichen)" in t for t in found)
    assert any("95/100 Formatierungen" in t for t in found)
    chart = next(s for s in issue.sections if s.kind == "chart").messages[0]
    issue = replace_section(issue, "chart", [dataclasses.replace(chart, text="c" * 1000)])
    assert any("Bildunterschrift nah am Limit (1000/1024 Zeichen)" in t for t in texts(issue))


def test_links_that_are_not_web_links_or_keep_trackers_are_named() -> None:
    entities = (
        Entity("text_link", 0, 4, url="ftp://files.example.org/x"),
        Entity("text_link", 5, 4, url="https://example.org/a?id=3&fbclid=abc&gclid=x"),
    )
    found = texts(replace_section(kw6(), "podcast", [Message("eins zwei", entities)]))
    assert any("Link ohne http(s): ftp://files.example.org/x" in t for t in found)
    assert any("Tracking-Parametern (fbclid, gclid)" in t for t in found)


def test_earnings_without_timing_or_outside_the_week_are_named() -> None:
    issue = kw6()
    rows = [
        *issue.earnings[:2],
        EarningsRow(dt.date(2025, 2, 5), "Mittwoch", "Mystery", None),
        EarningsRow(dt.date(2025, 2, 11), "Dienstag", "Späti", "BMO"),
    ]
    found = texts(dataclasses.replace(issue, earnings=rows))
    assert "Earnings ohne Zeitangabe (BMO/AMC): Mystery." in found
    assert "Earnings-Datum außerhalb der Woche der Ausgabe: Späti (11.02.)." in found


def test_a_week_in_the_title_that_contradicts_the_date_is_named() -> None:
    issue = kw6()
    meta = dataclasses.replace(issue.meta, title="KW7 - Der Drache erwacht")
    found = texts(dataclasses.replace(issue, meta=meta))
    assert "Die KW im Titel (KW7) passt nicht zum Datum 03.02.2025 (KW6)." in found


def test_a_lead_identical_to_an_earlier_issue_is_named() -> None:
    issue = kw6()
    digest = lead_digest(issue.sections)
    assert digest is not None
    found = texts(issue, earlier_leads={digest: "KW 5/2025"})
    assert found == ["Der Leitartikel ist identisch mit dem von KW 5/2025."]
    assert lead_digest(without(issue, "lead").sections) is None
