"""Who is in the demo: three readers and the publisher, each in a private chat with the bot
(the chat id is the user id, as in Telegram), and the readers who are subscribed when it starts.

Erika is new (she meets the bot with /start); Max and Lena are subscribed (Lena reads the
compact format), and so are `QUIET_READERS` readers no page shows, so a broadcast has a few
hundred messages to count. The publisher's id is in ADMIN_IDS.
"""

from __future__ import annotations

from dataclasses import dataclass

QUIET_READERS = 60
QUIET_FIRST_ID = 700_001


@dataclass(frozen=True, slots=True)
class Person:
    """One person at the page's role switch."""

    user_id: int
    first_name: str
    label: str  # what the role switch says
    publisher: bool = False
    subscribed: bool = False
    compact: bool = False

    @property
    def username(self) -> str:
        """Their Telegram user name."""
        return self.first_name.lower()

    def to_dict(self) -> dict[str, object]:
        """The JSON form the page gets."""
        role = "publisher" if self.publisher else "reader"
        return {"id": self.user_id, "name": self.first_name, "label": self.label, "role": role}


READERS = (
    Person(4242, "Erika", "Leserin Erika (neu)"),
    Person(5151, "Max", "Leser Max (abonniert)", subscribed=True),
    Person(6161, "Lena", "Leserin Lena (abonniert, kompakt)", subscribed=True, compact=True),
)
PUBLISHER = Person(1001, "Philipp", "Herausgeber Philipp (Admin)", publisher=True)
PEOPLE = (*READERS, PUBLISHER)


def person(user_id: int) -> Person | None:
    """The person with `user_id`, or None."""
    return next((p for p in PEOPLE if p.user_id == user_id), None)


def quiet_readers() -> range:
    """The chat ids of the subscribed readers no page shows."""
    return range(QUIET_FIRST_ID, QUIET_FIRST_ID + QUIET_READERS)
