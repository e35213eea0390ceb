"""The reader's invite link and standing, and the leaderboard (first names only, no ids)."""

from __future__ import annotations

import re

from bot.readers.subscription import ReferrerStanding

NAME_CHARS = 12
_MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def public_name(first_name: str | None) -> str:
    """Return what the leaderboard shows of a reader: the first word of the first name only
    (letters, cut to 12 characters), else "Anonym". Never the username, never the id."""
    match = _WORD.search(first_name or "")
    if match is None:
        return "Anonym"
    name = match.group()
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "."


def _readers(count: int) -> str:
    return "1 Leser:in" if count == 1 else f"{count} Leser:innen"


def referral_link(link: str, count: int, rank: int | None) -> str:
    """Return the /referral answer: the personal link, how many joined, the rank."""
    if count == 0 or rank is None:
        standing = (
            "Über deinen Link ist noch niemand dazugekommen. "
            "Teile ihn mit Leuten, die das Update lesen sollten!"
        )
    else:
        verb = "ist" if count == 1 else "sind"
        standing = (
            f"Über deinen Link {verb} {_readers(count)} dazugekommen – "
            f"damit bist du auf Platz {rank}. /top zeigt die Rangliste."
        )
    return f"🎁 Dein persönlicher Einladungslink:\n{link}\n\n{standing}"


def leaderboard(standings: list[ReferrerStanding]) -> str:
    """Return the /top answer: rank, first name, number of readers brought."""
    if not standings:
        return (
            "🏆 Noch hat niemand jemanden eingeladen. Mit /referral holst du dir deinen Link – "
            "vielleicht stehst du bald ganz oben!"
        )
    lines = [
        f"{_MEDALS.get(s.rank, f'{s.rank}.')} {public_name(s.first_name)} – {_readers(s.count)}"
        for s in standings
    ]
    return "🏆 Die besten Empfehler:innen\n\n" + "\n".join(lines)
