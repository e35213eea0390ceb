"""What changed between two versions of an issue, and which sent messages can be edited."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from newsletter.diff import PHOTO_REPLACED, diff_issues
from newsletter.issue import build_issue
from newsletter.model import Issue, Message, Section
from newsletter.snapshot import issue_from_dict, snapshot_messages
from newsletter.wording import changed_words, shorten
from tests.conftest import FIXTURES
from tests.storage.factories import issue as make_issue

RSS = (FIXTURES / "kw06-2025.rss.xml").read_bytes()
CHART_PARAGRAPH = (
    b'<hr class="content_break"><h2 class="heading" style="text-align:left;" id="chart'
)
EXTRA_NEWS = (
    b'<p class="paragraph" style="text-align:left;">'
    + b"Noch eine Meldung aus der Woche mit vielen Worten. " * 60
    + b"</p>"
)


def kw06(raw: bytes = RSS) -> Issue:
    return build_issue(raw)


def changed_kw06() -> Issue:
    """KW6 with a word changed in the lead, the chart's caption corrected and the news
    section grown to two messages."""
    raw = RSS.replace(b"kaum 6 Millionen US-Dollar", b"kaum 6 Milliarden US-Dollar")
    raw = raw.replace(b"300.000 US-Dollar pro Kopf", b"250.000 US-Dollar pro Kopf")
    raw = raw.replace(CHART_PARAGRAPH, EXTRA_NEWS + CHART_PARAGRAPH, 1)
    return build_issue(raw)


def test_the_real_issue_changed_in_three_places() -> None:
    old, new = kw06(), changed_kw06()
    diff = diff_issues(old, new)
    assert [(s.position, s.kind, s.editable) for s in diff.sections] == [
        (1, "lead", True),
        (2, "news", False),
        (3, "chart", True),
    ]
    lead, news, chart = diff.sections
    assert lead.words == ("„…kaum 6 Millionen US-Dollar an…“ → „…kaum 6 Milliarden US-Dollar an…“",)
    assert news.problems == ("Anzahl der Nachrichten geändert (1 → 2)",)
    assert news.edits == ()
    assert chart.words[0].endswith("„…Der Vorzeigefonds 250.000 US-Dollar pro…“")
    # the edits address what readers have: the chart is still message 4 (index 3) for them
    assert [(e.index, e.is_caption) for e in diff.edits] == [(1, False), (3, True)]
    assert diff.edits[0].message == new.sections[1].messages[0]
    assert diff.edits[1].message.text.startswith("🦉 Chart der Woche")


def test_an_added_and_a_removed_section_are_not_editable() -> None:
    old = make_issue()
    extra = Section("podcast", "🎧 Hörenswert", "", [Message("🎧 Hörenswert\nEin Podcast.")])
    added = replace(old, sections=[*old.sections, extra])
    diff = diff_issues(old, added)
    assert [(s.title, s.problems) for s in diff.sections] == [("🎧 Hörenswert", ("Abschnitt neu",))]
    assert diff.edits == ()
    removed = diff_issues(added, old)
    assert removed.sections[0].problems == ("Abschnitt entfernt",)


def test_a_corrected_heading_is_still_the_same_section() -> None:
    old = make_issue()
    news = old.sections[1]
    renamed = replace(
        news,
        title="🐉 DeepSeek!",
        messages=[Message("🐉 DeepSeek!\nDie Börse fällt."), *news.messages[1:]],
    )
    new = replace(old, sections=[old.sections[0], renamed, old.sections[2]])
    diff = diff_issues(old, new)
    assert [(s.position, s.editable) for s in diff.sections] == [(1, True)]
    assert [e.index for e in diff.edits] == [1]


def test_a_replaced_photo_keeps_its_caption_edit_and_is_flagged() -> None:
    old = make_issue(sections=[Section("chart", "Chart", "", [Message("Chart", photo="a.png")])])
    new = make_issue(sections=[Section("chart", "Chart", "", [Message("Chart!", photo="b.png")])])
    (change,) = diff_issues(old, new).sections
    assert change.problems == (f"Nachricht: {PHOTO_REPLACED}",)
    assert [(e.index, e.is_caption, e.message.text) for e in change.edits] == [(0, True, "Chart!")]


def test_a_text_that_became_a_photo_cannot_be_edited() -> None:
    old = make_issue(sections=[Section("chart", "Chart", "", [Message("Chart")])])
    new = make_issue(sections=[Section("chart", "Chart", "", [Message("Chart", photo="b.png")])])
    (change,) = diff_issues(old, new).sections
    assert change.edits == () and "Text und Bild" in change.problems[0]


def test_a_changed_link_shows_as_formatting() -> None:
    from newsletter.model import Entity

    old = make_issue(
        sections=[
            Section(
                "news", "N", "", [Message("Quelle", (Entity("text_link", 0, 6, url="https://a"),))]
            )
        ]
    )
    new = make_issue(
        sections=[
            Section(
                "news", "N", "", [Message("Quelle", (Entity("text_link", 0, 6, url="https://b"),))]
            )
        ]
    )
    (change,) = diff_issues(old, new).sections
    assert change.words == ("Links oder Formatierung geändert",)
    assert len(change.edits) == 1


def test_word_changes_are_short_and_counted() -> None:
    old = "eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf"
    new = "eins ZWEI drei vier fünf SECHS sieben acht NEUN zehn elf ZWÖLF dreizehn"
    lines = changed_words(old, new)
    assert lines[0] == "„eins zwei drei vier…“ → „eins ZWEI drei vier…“"
    assert len(lines) == 4 and lines[-1] == "… und 1 weitere Änderung"
    long = changed_words("a " * 5, "a " * 5 + "wort " * 200)
    assert long[0].startswith("neu: „") and len(long[0]) <= 200


def test_shorten_cuts_in_the_middle() -> None:
    assert shorten("abcdefghij", 5) == "ab…ij"
    assert shorten("kurz", 10) == "kurz"


def test_the_snapshot_round_trips_the_real_issue() -> None:
    issue = kw06()
    data = issue.to_dict()
    assert issue_from_dict(data) == issue
    assert snapshot_messages(data) == issue.messages


words = st.lists(
    st.sampled_from(["Börse", "KI", "🇨🇳", "Drache", "Nvidia", "17 %", "und"]),
    min_size=1,
    max_size=12,
)
texts = words.map(" ".join)


@st.composite
def issues(draw: st.DrawFn) -> Issue:
    sections = []
    for position in range(draw(st.integers(1, 4))):
        messages = [Message(t) for t in draw(st.lists(texts, min_size=1, max_size=3))]
        sections.append(Section("news", f"Abschnitt {position}", "", messages))
    return make_issue(sections=sections)


@given(issues())
def test_an_issue_compared_with_itself_has_no_changes(issue: Issue) -> None:
    diff = diff_issues(issue, issue_from_dict(issue.to_dict()))
    assert not diff.changed and diff.edits == ()


@given(issues(), st.data())
def test_changing_one_word_yields_exactly_that_one_edit(issue: Issue, data: st.DataObject) -> None:
    flat = [
        (s, m) for s in range(len(issue.sections)) for m in range(len(issue.sections[s].messages))
    ]
    index = data.draw(st.integers(0, len(flat) - 1))
    s, m = flat[index]
    section = issue.sections[s]
    old_message = section.messages[m]
    new_message = Message(old_message.text + " Korrektur")
    messages = [*section.messages[:m], new_message, *section.messages[m + 1 :]]
    sections = [*issue.sections[:s], replace(section, messages=messages), *issue.sections[s + 1 :]]
    diff = diff_issues(issue, replace(issue, sections=sections))
    assert [(e.index, e.message) for e in diff.edits] == [(index, new_message)]
    (change,) = diff.sections
    assert change.editable and change.words[0].startswith("neu: „")
    assert any("Korrektur" in line for line in change.words)  # (difflib may align repeated
    # words differently, so the summary can take more than one line for one change)
