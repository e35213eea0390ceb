"""`doppelbot preview SOURCE --html OUT.html`: the issue as the chat shows it, written with the
web chat's renderer (the same bubbles, entities as HTML, the chat's stylesheet inline), and a
path that cannot be written is one German line."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.demo.render import entities_html
from bot.publishing.ingest import load_issue
from tests.bot.cli.test_preview import RSS, assert_one_line_error, run_main

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


class _Bubbles(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.froms: list[str] = []
        self.images: list[str] = []
        self.sections = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "div" and "data-from" in values:
            self.froms.append(values["data-from"] or "")
        if tag == "img":
            self.images.append(values.get("src") or "")
        if tag == "div" and values.get("class") == "section":
            self.sections += 1


def test_the_issue_is_written_as_chat_bubbles_section_by_section(capsys, tmp_path) -> None:
    out = tmp_path / "kw6.html"
    run = run_main(capsys, "preview", str(RSS), "--html", str(out))
    assert (run.code, run.err) == (0, "")
    assert run.out == (
        f"{out} geschrieben: KW6 - Der Drache erwacht (Oder schlafen wir nur?) – KW 6 · "
        "3. Februar 2025 · 7 Abschnitte · 7 Nachrichten · 23 Earnings · keine Warnungen\n"
    )
    html = out.read_text("utf-8")
    issue = load_issue(str(RSS))
    page = _Bubbles()
    page.feed(html)
    assert page.froms == ["bot"] * len(issue.messages)
    assert page.sections == len(issue.sections)
    assert page.images == [m.photo for m in issue.messages if m.photo]
    for message in issue.messages:  # the web chat's renderer, message by message
        assert entities_html(message.text, [e.to_dict() for e in message.entities]) in html
    assert "<b>" in html and '<a href="https://' in html
    assert ".tg-spoiler" in html and "<style>" in html  # the chat's stylesheet, inline
    assert "http" not in html.split("<style>")[1].split("</style>")[0]  # nothing fetched


def test_the_warnings_are_listed_under_the_issue(capsys, tmp_path) -> None:
    out = tmp_path / "kw8.html"
    source = FIXTURES / "beehiiv" / "kw08-2025.rss.xml"
    assert run_main(capsys, "preview", str(source), "--html", str(out)).code == 0
    warnings = out.read_text("utf-8").split('<div class="warnings">')[1]
    assert warnings.count("<li>⚠ Warnung: ") == len(load_issue(str(source)).warnings)


def test_a_path_that_cannot_be_written_is_one_german_line(capsys, tmp_path) -> None:
    missing = tmp_path / "fehlt" / "kw6.html"
    run = run_main(capsys, "preview", str(RSS), "--html", str(missing))
    assert_one_line_error(run, f"Kann die Vorschau nicht schreiben: {missing}: den Ordner gibt")
    run = run_main(capsys, "preview", str(RSS), "--html", str(tmp_path))
    assert_one_line_error(run, "das ist ein Ordner")


def test_html_and_json_together_are_refused(capsys, tmp_path) -> None:
    with pytest.raises(SystemExit) as exit_:
        run_main(capsys, "preview", str(RSS), "--json", "--html", str(tmp_path / "x.html"))
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--html geht nicht zusammen mit --json" in err
