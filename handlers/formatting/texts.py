"""Every German reply text a reader sees: short, friendly, du-form, like the newsletter.

Fixed texts are constants; texts with values are small functions that take plain values.
Longer lists (archive, search, earnings, referrals) are formatted in `handlers/formatting/`.
"""

from __future__ import annotations

# The command list Telegram shows in the menu (set at start-up), in this order.
READER_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Begrüßung und nächste Ausgabe"),
    ("latest", "Die neueste Ausgabe lesen"),
    ("archive", "Ältere Ausgaben, z. B. /archive 6"),
    ("search", "In allen Ausgaben suchen"),
    ("earnings", "Earnings der Woche, z. B. /earnings heute"),
    ("follow", "Einer Firma folgen: Erinnerung am Tag der Zahlen"),
    ("following", "Deine Watchlist"),
    ("unfollow", "Einer Firma nicht mehr folgen"),
    ("subscribe", "Jeden Montag die neue Ausgabe bekommen"),
    ("unsubscribe", "Abo beenden"),
    ("settings", "Format, Abschnitte, Zeit und Zeitzone"),
    ("referral", "Dein Einladungslink"),
    ("top", "Die besten Empfehler:innen"),
    ("help", "Alle Befehle"),
    ("privacy", "Was ich speichere"),
    ("deletedata", "Alles über dich löschen"),
)

# Buttons
BUTTON_SUBSCRIBE = "📬 Abonnieren"
BUTTON_NEWER = "« Neuere"
BUTTON_OLDER = "Ältere »"
BUTTON_MORE = "Mehr »"
BUTTON_DELETE_YES = "🗑️ Ja, alles löschen"
BUTTON_DELETE_NO = "Abbrechen"
BUTTON_SHARE = "📤 Link teilen"
SHARE_TEXT = "Lies das Doppelgänger Update direkt in Telegram:"

# /start, /subscribe, /unsubscribe
_INTRO = (
    "Ich bringe dir das Doppelgänger Update nach Telegram: jeden Montag die neue Ausgabe, "
    "Abschnitt für Abschnitt – dazu Archiv, Suche und die Earnings der Woche."
)


def welcome(
    first_name: str | None, when: str, *, subscribed: bool, invited: bool, returned: bool = False
) -> str:
    """The /start greeting; `when` is the next delivery ("Montag, 9. Februar, 07:00 Uhr");
    `returned`: the reader had blocked the bot and is back."""
    hello = f"Hallo {first_name}! 👋" if first_name else "Hallo! 👋"
    if invited:
        hello += " Schön, dass du über eine Einladung kommst."
    if returned:
        hello += " Schön, dass du wieder da bist."
    if subscribed:
        status = f"Du bist schon dabei ✅ Nächste Ausgabe: {when}."
    else:
        status = f"Nächste Ausgabe: {when}. Tipp auf „Abonnieren“, dann kommt sie zu dir."
    return f"{hello}\n\n{_INTRO}\n\n{status}\n\n/help zeigt dir alle Befehle."


def subscribed(when: str, *, changed: bool) -> str:
    """The answer to /subscribe (and the subscribe button)."""
    if changed:
        return f"✅ Abonniert! Nächste Ausgabe: {when}.\n\nBis dahin zeigt dir /latest die neueste."
    return f"Du bist schon dabei ✅ Nächste Ausgabe: {when}."


def unsubscribed(when: str, *, changed: bool) -> str:
    """The answer to /unsubscribe."""
    if changed:
        return (
            f"Erledigt, du bekommst keine Ausgaben mehr – die nächste ({when}) kommt ohne dich. "
            "Mit /subscribe bist du jederzeit wieder dabei."
        )
    return f"Du hast gerade kein Abo. Nächste Ausgabe: {when} – mit /subscribe bekommst du sie."


def referral_credited(count: int) -> str:
    """The short note to a referrer when a reader they invited subscribed."""
    total = "1 Einladung" if count == 1 else f"{count} Einladungen"
    return f"🎉 Über deinen Link ist gerade jemand dazugekommen. Danke fürs Weitersagen! ({total})"


# /latest, /archive
def no_issue_yet(when: str) -> str:
    """/latest or /archive before the first issue was stored."""
    return f"Hier ist noch keine Ausgabe. Die erste kommt: {when}."


ARCHIVE_USAGE = (
    "Das verstehe ich nicht. Schreib /archive für die Liste oder z. B. /archive 6, "
    "/archive KW6 oder /archive 6 2025 für eine Ausgabe."
)


def week_not_found(label: str) -> str:
    """An /archive request for a week that is not stored; `label` is e.g. "KW 7/2025"."""
    return f"{label} ist nicht im Archiv. /archive zeigt dir alle Ausgaben."


ISSUE_GONE = "Diese Ausgabe gibt es nicht mehr."
SECTION_GONE = (
    "Diesen Abschnitt gibt es in der Ausgabe nicht mehr – sie wurde überarbeitet. "
    "/latest zeigt dir die neue Fassung."
)
SECTION_JUST_SENT = "Den Abschnitt habe ich dir gerade geschickt 🙂"
STALE_BUTTON = "Dieser Knopf ist nicht mehr aktuell."

# /search
SEARCH_USAGE = "Wonach soll ich suchen? Schreib z. B. /search DeepSeek oder /search Palantir."
NO_MORE_HITS = "Weitere Treffer gibt es nicht."


def search_too_long(limit: int) -> str:
    """A search query over the limit."""
    return f"Das ist mir zu lang – bitte such mit höchstens {limit} Zeichen."


def nothing_found(query: str) -> str:
    """A search without hits."""
    return f"Zu „{query}“ habe ich nichts gefunden. Versuch es mit einem anderen Wort."


# /earnings
EARNINGS_USAGE = (
    "Das verstehe ich nicht. Probier /earnings, /earnings heute, /earnings dienstag, "
    "/earnings Palantir oder /earnings ics."
)
NO_EARNINGS = "In der neuesten Ausgabe steht keine Earnings-Liste."


def no_earnings_on(day: str, issue: str) -> str:
    """A day without earnings in the newest list; `day` e.g. "heute (Montag, 9. Februar)"."""
    return f"Für {day} steht nichts auf der Earnings-Liste ({issue})."


def company_not_listed(name: str) -> str:
    """/earnings <company> for a company no list mentions."""
    return f"{name} steht auf keiner Earnings-Liste."


# /help, /privacy, /deletedata
HELP = (
    "So funktioniere ich:\n\n"
    "/subscribe – jeden Montag die neue Ausgabe bekommen\n"
    "/unsubscribe – Abo beenden\n"
    "/settings – wie und wann die Ausgabe kommt: kompakt oder voll, welche Abschnitte, "
    "deine Uhrzeit (z. B. /settings zeit 07:45 oder sofort) und Zeitzone\n"
    "/latest – die neueste Ausgabe lesen\n"
    "/archive – ältere Ausgaben, z. B. /archive 6\n"
    "/search – in allen Ausgaben suchen, z. B. /search DeepSeek\n"
    "/earnings – die Earnings der Woche; auch /earnings heute, /earnings dienstag "
    "oder /earnings Palantir\n"
    "/earnings ics – die Earnings der Woche als Kalenderdatei\n"
    "/follow – einer Firma folgen, z. B. /follow Palantir: Erinnerung am Tag der Zahlen\n"
    "/following – deine Watchlist\n"
    "/unfollow – einer Firma nicht mehr folgen\n"
    "/referral – dein Einladungslink\n"
    "/top – die besten Empfehler:innen\n"
    "/privacy – was ich speichere\n"
    "/deletedata – alles über dich löschen\n\n"
    "Teilen: Tipp in irgendeinem Chat @ und meinen Namen, dann ein Stichwort, eine Firma oder "
    "„kw 6“ – der Abschnitt kommt mit deinem Einladungslink. In Gruppen: /subscribe durch die "
    "Admins, auch in ein Forum-Thema."
)
PRIVACY = (
    "🔒 Was ich speichere – und warum:\n\n"
    "• deine Chat-ID, damit ich dir schreiben kann\n"
    "• Vorname, Benutzername und Sprache aus deinem Telegram-Profil: für die Begrüßung und "
    "(nur das erste Wort deines Vornamens) für /top\n"
    "• ob und seit wann du abonniert hast\n"
    "• deine Einstellungen aus /settings: Format, Abschnitte, Uhrzeit und Zeitzone\n"
    "• wann du dazugekommen bist, abbestellt oder mich blockiert hast (und welche Ausgabe "
    "du zuletzt bekommen hast): für die Leser-Statistik des Herausgebers, ohne Namen\n"
    "• deinen Einladungscode, wer dich eingeladen hat und wie viele über deinen Link kamen; "
    "teilst du mit @ und meinem Namen, ohne mich je gestartet zu haben, nur deine Telegram-ID "
    "und einen Einladungscode\n"
    "• welche Nachrichten einer Ausgabe dir zugestellt wurden, damit nichts doppelt kommt\n"
    "• deine Watchlist (die Firmen, denen du mit /follow folgst) und an welchen Tagen ich "
    "dich an ihre Zahlen erinnert habe, damit keine Erinnerung doppelt kommt\n"
    "• wie oft ein Abschnitt geöffnet oder geteilt wurde – nur als Zahl, nicht von wem\n\n"
    "Was du suchst oder mir schreibst, speichere ich nicht. "
    "Mit /deletedata löschst du alles über dich."
)
DELETE_CONFIRM = (
    "Soll ich wirklich alles über dich löschen? Abo, Einladungen, Watchlist und Zustellungen "
    "sind dann weg – das lässt sich nicht rückgängig machen."
)
DELETED = "🗑️ Erledigt: Über dich ist nichts mehr gespeichert. Wenn du wiederkommen willst: /start."
DELETE_CANCELLED = "Abgebrochen – es bleibt alles, wie es war."

# Everything else
UNKNOWN_COMMAND = "Den Befehl kenne ich nicht. /help zeigt dir, was ich kann."
NOT_A_COMMAND = "Ich verstehe nur Befehle. /help zeigt dir, welche."
SLOW_DOWN = (
    "Langsam, bitte 🙂 Das waren viele Befehle auf einmal. "
    "Gib mir ein paar Sekunden, dann bin ich wieder für dich da."
)
SORRY = "Huch, da ist etwas schiefgelaufen. Versuch es bitte gleich noch einmal."
BACK_SOON = (
    "Ich bin gleich wieder da: Meine Datenbank antwortet gerade nicht. "
    "Versuch es bitte in einer Minute noch einmal."
)
