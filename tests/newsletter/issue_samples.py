"""Small synthetic issues in beehiiv's markup, for the parser's variant and error tests.

The markup follows the KW6 fixtures (RSS `content:encoded`, web post page); the text is short so
each test states only what it varies.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures"
_P = '<p class="paragraph" style="text-align:left;">{}</p>'
_H2 = '<h2 class="heading" style="text-align:left;" id="x">{}</h2>'
HR = '<hr class="content_break">'
CHART_SRC = "https://media.beehiiv.com/uploads/asset/file/abc/chart.png"
FOOTER = (
    "<div class='beehiiv__footer'><br class='beehiiv__footer__break'>"
    "<hr class='beehiiv__footer__line'><a class=\"beehiiv__footer_link\" "
    'href="https://www.beehiiv.com/?utm_campaign=d&amp;utm_source=d">Powered by beehiiv</a></div>'
)


def p(text: str) -> str:
    """A beehiiv paragraph."""
    return _P.format(text)


def h2(text: str) -> str:
    """A beehiiv heading."""
    return _H2.format(text)


def intro(
    today: str = "Heute ist Montag, der 3. Februar 2025 und die KW6 startet.",
    length: str = "Der heutige Newsletter hat 1.066 Wörter und das vollständige Lesen dauert etwa "
    "5 Minuten.",
    subscribers: str = "17,659",
) -> list[str]:
    """The greeting and the intro paragraph, as beehiiv writes them."""
    return [
        p(f"👋 Hallo! Du empfängst diesen Newsletter als eine(r) von {subscribers} Abonnent:innen"
          " (+81)."),
        p("❤️ Danke an alle, die letzte Woche neue Leser:innen auf unseren Newsletter aufmerksam"
          " gemacht haben! Die “Share the Newsletter” Funktion findet ihr am Ende der aktuellen"
          f" Ausgabe und das Rennen startet jeden Montag von neuem. {length} {today}"),
    ]  # fmt: skip


def sections(
    lead: str = "🛗 Der KI Drache erwacht", link: str = "https://techcrunch.com/"
) -> list[str]:
    """Lead, news, chart, podcast, earnings and closing, in beehiiv's RSS markup."""
    return [
        HR, h2(lead), p("Was ist passiert? Ein Modell aus China."),
        p("Das sind die weiteren News der Woche:"),
        p("🔓 <b>OpenAI bereut:</b> Sam Altman gibt Fehler zu."),
        p(f'🔗 <a class="link" href="{html.escape(link)}" target="_blank">TechCrunch</a>'),
        HR, h2("🦉 Chart der Woche: Der Vorzeigefonds"),
        f'<div class="image"><img class="image__image" src="{CHART_SRC}"/></div>',
        p("300.000 US-Dollar pro Kopf."),
        HR, h2("🎧 Hörenswert: Das Thema"), p("Ein Podcast über Angermayer."),
        HR, h2("🖨️ Earnings Season: Quartalsergebnisse der Woche"),
        "<ul><li>" + p("<b>Montag 3. Februar:</b> Palantir (AMC)") + "</li></ul>",
        p("Dieser Newsletter wird auch weiterhin jeden Montagmorgen erscheinen. Einen Faxabruf"
          " gibt es leider nicht. Vielleicht solltest Du die Absender-eMail whitelisten."),
        p("Danke für Deine Zeit und Aufmerksamkeit! ❤️"),
        p("📮 Schick mir gern Dein Feedback an [email protected]."),
        p('Oder nutze diesen Link um ihn zu teilen: <a class="link" href="https://doppelgaenger'
          '.beehiiv.com/subscribe?ref=PLACEHOLDER">https://doppelgaenger.beehiiv.com/subscribe'
          "?ref=PLACEHOLDER</a>"),
        p("Die erfolgreichsten Helfer:innen, erwähnen wir im nächsten Newsletter."),
    ]  # fmt: skip


def fragment(*blocks: str) -> str:
    """The `div.beehiiv` fragment of `content:encoded` around `blocks` (default: a whole issue)."""
    body = "".join(blocks or [*intro(), *sections()])
    return f"<div class='beehiiv'><div class='beehiiv__body'>{body}</div>{FOOTER}</div>"


def rss_item(
    title: str = "KW6 - Der Drache erwacht (Oder schlafen wir nur?)",
    link: str = "https://doppelgaenger.beehiiv.com/p/kw6-der-drache-erwacht",
    pub_date: str = "Mon, 03 Feb 2025 05:00:00 +0000",
    creator: str = "Philipp Klöckner · 3. Februar 2025",
    body: str | None = None,
) -> str:
    """One RSS `<item>` in beehiiv's shape."""
    return (
        f"<item><title><![CDATA[{title}]]></title>"
        "<description><![CDATA[Doppelgänger Update (BETA)]]></description>"
        f'<link>{link}</link><guid isPermaLink="false">{link}</guid>'
        f"<pubDate>{pub_date}</pubDate><dc:creator><![CDATA[{creator}]]></dc:creator>"
        f"<content:encoded><![CDATA[{body or fragment()}]]></content:encoded></item>"
    )


def rss(*items: str) -> str:
    """An RSS 2.0 feed with `items`."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel>'
        "<title>Doppelgänger Update</title><link>https://doppelgaenger.beehiiv.com/</link>"
        f"<description>Doppelgänger Update</description>{''.join(items)}</channel></rss>"
    )


def web_page(
    *,
    title: str = "KW6 - Der Drache erwacht (Oder schlafen wir nur?)",
    byline: str = "Von Philipp Klöckner · 3. Februar 2025",
    published: str | None = "2025-02-03T05:00:00.000Z",
    blocks: list[str] | None = None,
) -> str:
    """A beehiiv web post page: breadcrumb, #web-header, #content-blocks with wrapped blocks."""
    ld = (
        '<script type="application/ld+json">{"@type":"Article","datePublished":"'
        + published
        + '"}</script>'
        if published
        else ""
    )
    wrapped = "".join(
        f'<div style="padding:12px;">{b}</div>' for b in (blocks or [*intro(), *sections()])
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{ld}</head>"
        '<body><ul class="flex"><li><a href="../">Doppelgänger Update</a></li><li><span>Posts'
        f"</span></li><li><span>{title}</span></li></ul><div class='rendered-post'>"
        f"<div id='web-header'><h1>{title}</h1><h3>Doppelgänger Update (BETA)</h3>"
        f"<div class='bh__byline_wrapper'><span>{byline}</span></div></div>"
        f"<div id='content-blocks'>{wrapped}</div></div></body></html>"
    )


def kw6_fragment() -> str:
    """The bare `div.beehiiv` fragment cut from the KW6 feed's `content:encoded`."""
    rss_text = (FIXTURES / "kw06-2025.rss.xml").read_text(encoding="utf-8")
    match = re.search(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", rss_text, re.S)
    assert match is not None
    return match.group(1)
