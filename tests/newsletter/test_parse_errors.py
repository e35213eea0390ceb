"""Bad input is refused with one German line saying what is wrong; odd encodings still parse."""

from __future__ import annotations

import codecs

import pytest

from newsletter.errors import ParseError
from newsletter.parse import parse_issue
from tests.newsletter.issue_samples import fragment, h2, intro, p, rss, sections

EMPTY_RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>X</title></channel></rss>'
EMPTY_ATOM = (
    '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>X</title></feed>'
)
ITEM_WITHOUT_BODY = (
    '<rss version="2.0"><channel><item><title>KW6 - Leer</title>'
    "<link>https://doppelgaenger.beehiiv.com/p/kw6</link></item></channel></rss>"
)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ("", "leer"),
        (b"", "leer"),
        (" \n\t\u00a0 ", "leer"),
        (b"\xef\xbb\xbf   \r\n", "leer"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "Binärdaten"),
        (b"<p>Text\x00mit NUL</p>", "Binärdaten"),
        ("\x01\x02\x03\x04\x05\x06 Steuerzeichen", "Binärdaten"),
        (b"<p>\x81\x8d\x8f\x90\x9d</p>", "kein lesbarer Text"),
        (b"\xef\xbb\xbf<p>\xff\xfe kaputt</p>", "UTF-8"),
        ("Hallo Welt, das ist nur Text: a < b und c > d.", "weder Feed noch HTML"),
        (EMPTY_RSS, "keine Einträge"),
        (EMPTY_ATOM, "keine Einträge"),
        (ITEM_WITHOUT_BODY, "„KW6 - Leer“ hat keinen Inhalt"),
        ('<?xml version="1.0"?><rss version="2.0"><channel><item><title>X</ti', "wohlgeformt"),
        ('<?xml version="1.0"?><note><to>Tove</to></note>', "kein RSS- oder Atom-Feed"),
        ("<html><head><title></title></head><body><div></div></body></html>", "kein Newsletter"),
        ("<div><img src='https://media.beehiiv.com/x.png'></div>", "Kein Newsletter-Inhalt"),
        (fragment(intro()[0]), "Kein Newsletter-Inhalt"),
        ("<p>Hallo Welt</p>", "Kein Newsletter erkannt"),
    ],
    ids=[
        "empty-str", "empty-bytes", "whitespace", "bom-whitespace", "png", "nul-byte",
        "control-chars", "undecodable", "bad-utf8-after-bom", "plain-text", "rss-without-items",
        "atom-without-entries", "item-without-body", "broken-xml", "other-xml", "empty-html",
        "image-only", "chrome-only", "html-without-issue",
    ],
)  # fmt: skip
def test_bad_input_is_a_one_line_german_parse_error(data: str | bytes, says: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_issue(data)
    message = str(caught.value)
    assert says.lower() in message.lower()
    assert "\n" not in message
    assert message.endswith((".", ")"))


def test_input_of_another_type_is_refused() -> None:
    with pytest.raises(ParseError, match="Eingabetyp"):
        parse_issue(42)  # type: ignore[arg-type]


def test_a_bare_fragment_of_headings_and_paragraphs_is_valid_input() -> None:
    issue = parse_issue(h2("🛗 Der Drache") + p("Text."))
    assert [(s.kind, s.title) for s in issue.sections] == [
        ("header", "Beitrag ohne Titel"),
        ("other", "🛗 Der Drache"),
    ]
    assert any("nicht die Form einer Doppelgänger-Ausgabe" in w for w in issue.warnings)


def test_utf8_with_bom_parses() -> None:
    data = codecs.BOM_UTF8 + fragment().encode("utf-8")
    assert parse_issue(data).meta.week == 6


def test_utf16_with_bom_parses() -> None:
    assert parse_issue(fragment().encode("utf-16")).meta.week == 6


def test_legacy_bytes_use_the_declared_charset() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
        "</head><body>" + h2("🛗 Zölle für Mäuse").replace("🛗 ", "") + p("Größe: 5 €") + "</body>"
    )
    issue = parse_issue(page.encode("iso-8859-15"))
    assert issue.sections[1].title == "Zölle für Mäuse"
    assert "Größe: 5 €" in issue.sections[1].html


def test_undeclared_legacy_bytes_fall_back_to_cp1252() -> None:
    data = ("<h2>Zölle</h2><p>„Anführung“ – 5 €</p>").encode("cp1252")
    issue = parse_issue(data)
    assert "„Anführung“ – 5 €" in issue.sections[1].html


def test_feed_declaring_another_encoding_parses_from_str_and_bytes() -> None:
    feed = rss().replace('encoding="UTF-8"', 'encoding="windows-1252"')
    item = (
        "<item><title>KW6 - Zölle</title><link>https://x.example/p/kw6</link>"
        f"<content:encoded><![CDATA[{fragment(*intro(), *sections())}]]></content:encoded></item>"
    )
    feed = feed.replace("</channel>", item + "</channel>").replace("👋", "").replace("❤️", "")
    feed = "".join(ch for ch in feed if ord(ch) < 0x2000 or ch in "“”„–€")
    for data in (feed, feed.encode("cp1252")):
        issue = parse_issue(data)
        assert issue.meta.title == "KW6 - Zölle"
        assert issue.meta.week == 6
