"""The German texts a group sees: short, addressed to the group ("ihr"), never more than one
answer per command."""

from __future__ import annotations

ONLY_ADMINS = "Das können nur die Admins dieser Gruppe."
ONLY_ADMINS_BUTTON = "Nur die Admins dieser Gruppe können das ändern."


def group_help(bot_username: str) -> str:
    """/help (and /start) in a group: what works here, and where the rest is."""
    return (
        "📬 Ich bringe euch das Doppelgänger Update in die Gruppe.\n\n"
        "/subscribe – jede neue Ausgabe hierher (nur Admins; in einem Forum in dieses Thema)\n"
        "/unsubscribe – keine Ausgaben mehr hierher (nur Admins)\n"
        "/settings – kompakt oder voll, Abschnitte, Uhrzeit, Zeitzone (nur Admins)\n"
        "/latest – die neueste Ausgabe\n\n"
        f"Alles andere – Archiv, Suche, Earnings, Watchlist – im privaten Chat: @{bot_username}. "
        f"Teilen geht überall: @{bot_username} und ein Stichwort tippen."
    )


def group_note(bot_username: str) -> str:
    """The one note for a command that works in private chats only."""
    return (
        f"Das geht nur im privaten Chat mit mir: @{bot_username}. "
        "Hier in der Gruppe: /subscribe, /unsubscribe, /settings (Admins) und /latest."
    )


def group_subscribed(when: str, *, topic: bool, changed: bool, moved: bool) -> str:
    """/subscribe in a group: where the issues go from now on; `when` the next delivery."""
    where = "in dieses Thema" if topic else "hierher"
    if changed:
        head = f"✅ Abonniert! Jede neue Ausgabe kommt {where}."
    elif moved:
        head = f"✅ Umgezogen: Die Ausgaben kommen ab jetzt {where}."
    else:
        head = f"Ihr seid schon dabei ✅ Die Ausgaben kommen {where}."
    return f"{head} Nächste Ausgabe: {when}.\n\nAdmins ändern Format und Zeit mit /settings."


def group_unsubscribed(*, changed: bool) -> str:
    """/unsubscribe in a group."""
    if changed:
        return "Erledigt: In diese Gruppe kommen keine Ausgaben mehr. /subscribe holt sie zurück."
    return "Diese Gruppe hat gerade kein Abo. Mit /subscribe kommen die Ausgaben hierher."


def added(bot_username: str) -> str:
    """The greeting when the bot was added to a group (one message)."""
    return (
        "👋 Hallo! Ich bringe euch das Doppelgänger Update. Ein Admin schreibt /subscribe – "
        "in einem Forum in das Thema, in das die Ausgaben kommen sollen. "
        f"Mehr mit /help@{bot_username}."
    )
