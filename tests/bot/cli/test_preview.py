"""`doppelbot preview` as a user runs it: good issues, and every kind of bad input.

Every run ends one of two ways: a valid rendering (exit 0, nothing on stderr, every message
within Telegram's limits, a warning where something was dropped), or one German line on stderr
and exit code 2. Never a traceback, never an empty or over-long message. Runs go through
`bot.cli.main.main` in-process, and a few through real processes (`python -m bot`, the
`doppelbot` console script). URL sources are served from 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import main
from bot.publishing import source
from tests.bot.served_files import Answer, closed_port, serve
from tests.newsletter.issue_samples import fragment, h2, intro, p, rss, sections
from tests.newsletter.test_issue import assert_kw6_issue, check_sendable, kw6_input

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
RSS = FIXTURES / "kw06-2025.rss.xml"
RSS_BYTES = RSS.read_bytes()
ERROR_PREFIX = "doppelbot: Fehler: "


@dataclass(frozen=True)
class Run:
    """What one `doppelbot` run printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.out)


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    code = main(list(args))
    out, err = capsys.readouterr()
    return Run(code, out, err)


def assert_one_line_error(run: Run, says: str) -> None:
    """Exit 2, nothing on stdout, exactly one line on stderr that says `says`; no traceback."""
    assert run.code == 2, run
    assert run.out == ""
    assert run.err.endswith("\n") and run.err.count("\n") == 1, run.err
    assert run.err.startswith(ERROR_PREFIX), run.err
    assert "Traceback" not in run.err
    assert says in run.err, run.err


def assert_valid_rendering(run: Run, warns: str | None = None) -> dict[str, Any]:
    """Exit 0, nothing on stderr, every message sendable; `warns` in the warnings if given."""
    assert (run.code, run.err) == (0, ""), run.err
    data = run.json()
    assert data["sections"] and all(s["messages"] for s in data["sections"])
    check_sendable(data)
    if warns is not None:
        assert any(warns in w for w in data["warnings"]), data["warnings"]
    return data


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


# -- the real issue ---------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["rss", "web", "fragment"])
def test_preview_json_of_every_form_passes_the_acceptance_checks(capsys, tmp_path, form) -> None:
    path = write(tmp_path, f"kw06.{form}", kw6_input(form))
    run = run_main(capsys, "preview", path, "--json")
    assert (run.code, run.err) == (0, "")
    assert_kw6_issue(run.json())


def test_preview_text_marks_sections_numbers_messages_and_lists_links(capsys) -> None:
    run = run_main(capsys, "preview", str(RSS))
    assert (run.code, run.err) == (0, "")
    lines = run.out.splitlines()
    assert lines[:2] == [
        "KW6 - Der Drache erwacht (Oder schlafen wir nur?)",
        "KW 6 · 3. Februar 2025 · 7 Abschnitte · 7 Nachrichten · 23 Earnings · keine Warnungen",
    ]
    assert [line for line in lines if line.startswith("══ ")][2] == (
        "══ Abschnitt 3/7 · News der Woche (news) ══"
    )
    headers = [line for line in lines if line.startswith("── Nachricht ")]
    assert [h.split(" · ")[0] for h in headers] == [f"── Nachricht {n}/7" for n in range(1, 8)]
    assert headers[3].startswith("── Nachricht 4/7 · Foto mit Bildunterschrift · 546/1024 Zeichen")
    photo = lines.index(headers[3]) + 1
    assert lines[photo].startswith("📷 https://media.beehiiv.com/")
    assert lines[photo + 1] == "🦉 Chart der Woche: Der Vorzeigefonds"
    assert "  [Washington Post] → https://www.washingtonpost.com/" in lines
    assert lines[-1] == "Earnings: 23 Unternehmen an 4 Tagen"


def test_preview_of_a_url_gives_the_same_issue_as_the_file(capsys) -> None:
    with serve({"/feed": Answer(RSS_BYTES)}) as served:
        by_url = run_main(capsys, "preview", f"{served.url}/feed", "--json")
    by_file = run_main(capsys, "preview", str(RSS), "--json")
    assert by_url == by_file


def test_preview_follows_redirects(capsys) -> None:
    routes = {"/alt": Answer.redirect("/neu", status=301), "/neu": Answer(RSS_BYTES)}
    with serve(routes) as served:
        run = run_main(capsys, "preview", f"{served.url}/alt", "--json")
    assert_kw6_issue(assert_valid_rendering(run))


def test_feed_link_picks_the_item(capsys) -> None:
    link = "https://doppelgaenger.beehiiv.com/p/kw6-der-drache-erwacht"
    run = run_main(capsys, "preview", str(RSS), "--json", "--link", link)
    assert_kw6_issue(assert_valid_rendering(run))


def test_preview_of_an_item_without_description_shows_a_header_of_a_few_lines(
    capsys, tmp_path
) -> None:
    feed = re.sub(rb"<description><!\[CDATA\[[^]]*\]\]></description>\n", b"", RSS_BYTES)
    assert b"(BETA)" not in feed  # the item's subtitle is gone, the channel's description stays
    run = run_main(capsys, "preview", write(tmp_path, "ohne-untertitel.xml", feed))
    assert (run.code, run.err) == (0, "")
    lines = run.out.splitlines()
    assert lines[1].endswith("7 Abschnitte · 7 Nachrichten · 23 Earnings · keine Warnungen")
    header = lines[lines.index("══ Abschnitt 1/7 · Kopf (header) · " + lines[0] + " ══") + 1 :]
    assert header[:6] == [
        "── Nachricht 1/7 · Text · 125/4096 Zeichen · 2 Formatierungen ──",
        "KW6 - Der Drache erwacht (Oder schlafen wir nur?)",
        "",
        "KW 6 · 3. Februar 2025",
        "1.066 Wörter · ca. 5 Min. Lesezeit",
        "Im Browser lesen",
    ]
    assert "Abonnent:innen" not in run.out


# -- bad input ----------------------------------------------------------------------------------


def five_megabyte_issue() -> str:
    """An issue whose news section holds 5200 items: about 5.9 MB of HTML."""
    item = p("🔓 <b>Meldung:</b> " + "Ein Satz über Märkte. " * 40) + p(
        '🔗 <a class="link" href="https://example.com/?utm_source=x&amp;id=1">Quelle</a>'
    )
    blocks = [*intro(), *sections()]
    at = blocks.index(p("Das sind die weiteren News der Woche:")) + 1
    return fragment(*blocks[:at], *[item] * 5200, *blocks[at:])


EMBEDS = fragment(
    *intro(),
    h2("🛗 Lead"),
    p("Vorher."),
    "<script>alert('x')</script>",
    '<iframe src="https://open.spotify.com/embed/x"></iframe>',
    "<table><tr><th>Firma</th><th>Zeit</th></tr><tr><td>Palantir</td><td>AMC</td></tr></table>",
    p("Nachher."),
)
BROKEN = fragment(
    *intro(),
    "<h2>🛗 Lead<p>eins <b>zwei <i>drei</b> vier</i> fünf<p>sechs<div>sieben</div>acht</p>"
    "<ul><li>neun<li>zehn</ul>elf <span>zwölf<div>dreizehn</span></div></td>vierzehn"
    "<blockquote><p>fünfzehn<p>sechzehn</blockquote></b></div>siebzehn",
)
DEEP_BOLD = fragment(*intro(), h2("🛗 Lead"), p("<b>" * 300 + "tief" + "</b>" * 300))
LONG_PARAGRAPH = fragment(*intro(), h2("🛗 Lead"), p(" ".join(f"Wort{i}" for i in range(3000))))
BAD = {
    "empty": (b"", "Die Eingabe ist leer"),
    "whitespace": (b"  \n\t \r\n ", "Die Eingabe ist leer"),
    "plain text": ("Nur ein Satz ohne Tags.\nUnd noch einer.", "weder Feed noch HTML"),
    "binary with NUL": (bytes(range(256)) * 8, "Binärdaten"),
    "binary without NUL": (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 8, "kein lesbarer Text"),
    "feed without items": (rss(), "keine Einträge"),
    "html without sections": (
        "<html><body><div><span>Hallo</span></div></body></html>",
        "Kein Newsletter erkannt",
    ),
    "other xml": ("<?xml version='1.0'?><svg><text>x</text></svg>", "kein RSS- oder Atom-Feed"),
    "nesting too deep": (fragment(*intro(), "<div>" * 1200 + p("tief")), "zu tief verschachtelt"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_input_that_is_no_issue_is_a_one_line_error(capsys, tmp_path, name) -> None:
    data, says = BAD[name]
    for mode in ((), ("--json",)):
        run = run_main(capsys, "preview", write(tmp_path, "eingabe", data), *mode)
        assert_one_line_error(run, says)


GOOD = {
    "script, iframe and table": (EMBEDS, "durch einen Link ersetzt"),
    "broken nesting": (BROKEN, None),
    "20,000 characters without a line break": (LONG_PARAGRAPH, None),
    "control characters": (fragment(*intro(), h2("🛗 Lead"), p("a\x0bb &#x1; c\x7fd")), None),
    "300 nested bold tags": (DEEP_BOLD, None),
}  # fmt: skip


@pytest.mark.parametrize("name", list(GOOD))
def test_odd_but_readable_input_renders_validly(capsys, tmp_path, name) -> None:
    data, warns = GOOD[name]
    path = write(tmp_path, "eingabe.html", data)
    data = assert_valid_rendering(run_main(capsys, "preview", path, "--json"), warns)
    text = run_main(capsys, "preview", path)
    assert (text.code, text.err) == (0, "")
    assert text.out.count("── Nachricht ") == sum(len(s["messages"]) for s in data["sections"])


def test_embeds_become_links_with_warnings_and_the_table_rows(capsys, tmp_path) -> None:
    data = assert_valid_rendering(
        run_main(capsys, "preview", write(tmp_path, "x.html", EMBEDS), "--json"), "Tabelle"
    )
    [lead] = [s for s in data["sections"] if s["kind"] == "lead"]
    [message] = lead["messages"]
    assert message["text"] == (
        "🛗 Lead\n\nVorher.\n\n🎧 Auf Spotify anhören\n\nFirma | Zeit\n\nPalantir | AMC\n\nNachher."
    )
    links = [e["url"] for e in message["entities"] if e["type"] == "text_link"]
    assert links == ["https://open.spotify.com/x"]
    assert any("Spotify" in w and "Link" in w for w in data["warnings"])
    assert "alert" not in json.dumps(data)


def test_broken_nesting_loses_no_word(capsys, tmp_path) -> None:
    data = assert_valid_rendering(
        run_main(capsys, "preview", write(tmp_path, "x.html", BROKEN), "--json")
    )
    words = " ".join(m["text"] for s in data["sections"][1:] for m in s["messages"]).split()
    assert words[words.index("eins") :] == [
        "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "•", "neun", "•",
        "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn",
    ]  # fmt: skip


def test_a_long_paragraph_is_cut_between_words_into_full_messages(capsys, tmp_path) -> None:
    data = assert_valid_rendering(
        run_main(capsys, "preview", write(tmp_path, "x.html", LONG_PARAGRAPH), "--json")
    )
    [lead] = [s for s in data["sections"] if s["kind"] == "lead"]
    texts = [m["text"] for m in lead["messages"]]
    assert len(" ".join(texts)) > 25_000
    assert len(texts) == 7  # 25,891 characters: six full messages and the rest
    assert all(len(t) > 4080 for t in texts[:-1])
    assert " ".join(texts).split()[2:] == [f"Wort{i}" for i in range(3000)]


def test_a_five_megabyte_issue_renders_into_valid_messages(capsys, tmp_path) -> None:
    path = write(tmp_path, "gross.html", five_megabyte_issue())
    assert Path(path).stat().st_size > 5_000_000
    data = assert_valid_rendering(run_main(capsys, "preview", path, "--json"))
    [news] = [s for s in data["sections"] if s["kind"] == "news"]
    links = [e for m in news["messages"] for e in m["entities"] if e["type"] == "text_link"]
    assert len(links) == 5201
    assert {e["url"] for e in links} == {"https://example.com/?id=1", "https://techcrunch.com/"}


def served_cases() -> dict[str, tuple[Callable[[str], list[str]], str]]:
    return {
        "404": (lambda url: [f"{url}/fehlt"], "HTTP 404"),
        "500": (lambda url: [f"{url}/kaputt"], "HTTP 500"),
        "redirect loop": (lambda url: [f"{url}/kreis"], "Weiterleitungen"),
        "feed without the link": (
            lambda url: [f"{url}/feed", "--link", "https://doppelgaenger.beehiiv.com/p/kw7"],
            "Kein Eintrag im Feed hat den Link https://doppelgaenger.beehiiv.com/p/kw7",
        ),
    }


@pytest.mark.parametrize("name", list(served_cases()))
def test_url_that_gives_no_issue_is_a_one_line_error(capsys, name) -> None:
    args, says = served_cases()[name]
    routes = {
        "/feed": Answer(RSS_BYTES),
        "/kaputt": Answer(b"Fehler", status=500),
        "/kreis": Answer.redirect("/kreis"),
    }
    with serve(routes) as served:
        assert_one_line_error(run_main(capsys, "preview", *args(served.url)), says)


def test_too_large_response_is_a_one_line_error(capsys, monkeypatch) -> None:
    monkeypatch.setattr(source, "MAX_SOURCE_BYTES", len(RSS_BYTES) - 1)
    with serve({"/feed": Answer(RSS_BYTES), "/strom": Answer(RSS_BYTES, length=False)}) as served:
        for path in ("/feed", "/strom"):
            assert_one_line_error(run_main(capsys, "preview", served.url + path), "zu groß")


def test_closed_port_is_a_one_line_error(capsys) -> None:
    url = f"http://127.0.0.1:{closed_port()}/feed.xml"
    assert_one_line_error(run_main(capsys, "preview", url), f"keine Verbindung zu {url}")


def test_missing_file_and_directory_are_one_line_errors(capsys, tmp_path) -> None:
    assert_one_line_error(
        run_main(capsys, "preview", str(tmp_path / "fehlt.xml")), "Datei nicht gefunden"
    )
    assert_one_line_error(run_main(capsys, "preview", str(tmp_path)), "Ordner, keine Datei")


def test_feed_file_without_the_link_is_a_one_line_error(capsys) -> None:
    run = run_main(capsys, "preview", str(RSS), "--link", "https://example.com/p/x")
    assert_one_line_error(run, "Kein Eintrag im Feed hat den Link https://example.com/p/x")


# -- real processes -----------------------------------------------------------------------------


def run_process(command: list[str], cwd: Path) -> Run:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    return Run(done.returncode, done.stdout, done.stderr)


def test_python_m_bot_preview_prints_the_issue_json(tmp_path) -> None:
    run = run_process([sys.executable, "-m", "bot", "preview", str(RSS), "--json"], tmp_path)
    assert (run.code, run.err) == (0, "")
    assert_kw6_issue(run.json())


def test_python_m_bot_preview_of_a_missing_file_is_one_line_and_exit_2(tmp_path) -> None:
    run = run_process([sys.executable, "-m", "bot", "preview", "fehlt.xml"], tmp_path)
    assert_one_line_error(run, "Datei nicht gefunden: fehlt.xml")


def doppelbot() -> str:
    script = Path(sys.executable).with_name("doppelbot")
    assert script.exists(), "the console script is installed with the project (pip install -e .)"
    return str(script)


def test_doppelbot_script_previews_a_served_feed_as_text(tmp_path) -> None:
    with serve({"/feed": Answer(RSS_BYTES)}) as served:
        run = run_process([doppelbot(), "preview", f"{served.url}/feed"], tmp_path)
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("KW6 - Der Drache erwacht (Oder schlafen wir nur?)\n")
    assert run.out.count("── Nachricht ") == 7


@pytest.mark.parametrize(
    ("data", "says"),
    [(b"", "Die Eingabe ist leer"), (bytes(range(256)), "Binärdaten")],
)
def test_doppelbot_script_refuses_bad_files_in_one_line(tmp_path, data, says) -> None:
    path = write(tmp_path, "eingabe", data)
    assert_one_line_error(run_process([doppelbot(), "preview", path, "--json"], tmp_path), says)


def test_doppelbot_script_reports_a_404_in_one_line(tmp_path) -> None:
    with serve({}) as served:
        run = run_process([doppelbot(), "preview", f"{served.url}/feed"], tmp_path)
    assert_one_line_error(run, "HTTP 404")


def test_conversion_checks_are_warnings_in_the_preview_and_blocking_ones_marked(
    capsys, tmp_path
) -> None:
    path = write(tmp_path, "ohne-lead.html", "<h2>📰 News der Woche</h2><p>Eine Meldung.</p>")
    data = json.loads(run_main(capsys, "preview", path, "--json").out)
    assert "Kein Leitartikel erkannt." in data["warnings"]
    assert "Nur 1 Abschnitt(e) neben Kopf und Schluss." in data["warnings"]
    text = run_main(capsys, "preview", path).out
    assert "⛔ Blockiert: Kein Leitartikel erkannt.\n" in text
    assert "⚠ Warnung: Abschnitte fehlen: Chart der Woche, Hörenswert/Podcast, Earnings.\n" in text
