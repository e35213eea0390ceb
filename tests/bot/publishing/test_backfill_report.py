"""The backfill's summary: counts with reasons grouped, details per post, and the admins'
message that stays within one Telegram message however many posts were skipped."""

from __future__ import annotations

from bot.publishing.backfill_report import BackfillReport, Line
from newsletter.limits import MAX_TEXT
from newsletter.utf16 import utf16_len


def test_the_summary_groups_skips_and_failures_by_why() -> None:
    report = BackfillReport("https://x.example", found=7, stored=["KW6"], updated=["KW7"])
    report.unchanged = 1
    report.skipped = [Line("a", "keine Ausgabe"), Line("b", "keine Ausgabe", "„Jobs“ hat keine KW")]
    report.skipped.append(Line("c", "nicht mehr da"))
    report.failed = [Line("d", "HTTP 500", "Abruf fehlgeschlagen: HTTP 500 für …/p/d")]
    assert report.summary() == (
        "Backfill https://x.example: 7 Beiträge gefunden (Sitemap), 1 gespeichert, "
        "1 aktualisiert, 1 unverändert, 3 übersprungen (2 keine Ausgabe, 1 nicht mehr da), "
        "1 fehlgeschlagen (1 HTTP 500)"
    )
    assert report.details() == [
        "  übersprungen a: keine Ausgabe",
        "  übersprungen b: keine Ausgabe – „Jobs“ hat keine KW",
        "  übersprungen c: nicht mehr da",
        "  fehlgeschlagen d: HTTP 500 – Abruf fehlgeschlagen: HTTP 500 für …/p/d",
    ]


def test_the_admins_get_one_message_however_long_the_details() -> None:
    report = BackfillReport("https://x.example", found=500)
    report.skipped = [Line(f"post-{n}", "keine Ausgabe", "x" * 300) for n in range(500)]
    text = report.for_admins()
    assert utf16_len(text) <= MAX_TEXT
    assert text.startswith("📚 Archiv nachgeladen. Backfill https://x.example: 500 Beiträge")
    shown = text.count("\n  übersprungen")
    assert 0 < shown <= 30
    assert text.endswith(f"  … und {500 - shown} weitere (doppelbot backfill zeigt alle)")
