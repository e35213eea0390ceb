"""The compact issue: header, the lead's first paragraph, a button per section."""

from __future__ import annotations

import dataclasses

from newsletter.compact import LEAD_CHARS, button_label, compact_view
from newsletter.issue import build_issue
from newsletter.model import Message, Section
from newsletter.utf16 import utf16_slice
from newsletter.validity import message_problems
from tests.conftest import FIXTURES


def kw6():
    return build_issue((FIXTURES / "kw06-2025.rss.xml").read_bytes())


def test_the_compact_kw6_is_header_lead_paragraph_and_a_button_per_section() -> None:
    view = compact_view(kw6())
    text = view.message.text
    assert text.startswith("KW6 - Der Drache erwacht (Oder schlafen wir nur?)\n")
    assert "1.066 Wörter · ca. 5 Min. Lesezeit\nIm Browser lesen\n\n" in text
    assert "🛗 Der KI Drache erwacht - Waren wir blind?\n\nWas ist passiert?" in text
    assert "Ein zweiter Blick lohnt sich" not in text  # only the first paragraph
    assert text.endswith("Tipp auf einen Abschnitt, dann kommt er ganz.")
    link = [e for e in view.message.entities if e.type == "text_link"]
    assert [utf16_slice(text, e.offset, e.length) for e in link] == ["Im Browser lesen"]
    assert [label for label, _ in view.buttons] == [
        "🛗 Der KI Drache erwacht - Waren wir bli…",
        "📰 News der Woche",
        "🦉 Chart der Woche: Der Vorzeigefonds",
        "🎧 Hörenswert: Manager Magazin - Das The…",
        "🖨️ Earnings Season: Quartalsergebnisse…",
        "👋 Zum Schluss",
    ]
    assert [position for _, position in view.buttons] == [1, 2, 3, 4, 5, 6]
    assert message_problems([Section("other", "", "", [view.message])]) == []


def test_a_long_lead_paragraph_is_cut_between_words() -> None:
    issue = kw6()
    long = Message("🛗 Lead\n\n" + "Wort " * 600)
    sections = [dataclasses.replace(s, messages=[long]) if s.kind == "lead" else s
                for s in issue.sections]  # fmt: skip
    view = compact_view(dataclasses.replace(issue, sections=sections))
    paragraph = view.message.text.split("\n\n")[3]
    assert paragraph.endswith("Wort …") and len(paragraph) <= LEAD_CHARS + 2


def test_labels_get_an_emoji_and_stay_short() -> None:
    assert button_label(Section("news", "News der Woche", "", [])) == "📰 News der Woche"
    assert button_label(Section("other", "Ein Abschnitt", "", [])) == "📄 Ein Abschnitt"
    assert len(button_label(Section("lead", "A" * 80, "", []))) == 40
