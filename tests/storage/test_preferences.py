"""A reader's stored choices: read, set (creating the chat), the zones in use, erased with
/deletedata."""

from sqlmodel import Session

from storage.chats import delete_chat_data
from storage.preferences import (
    Preferences,
    chosen_zones,
    get_preferences,
    set_delivery_time,
    set_format,
    set_sections,
    set_timezone,
)
from storage.subscribers import get_subscriber, subscribe

CHAT = 4242


def test_a_chat_the_bot_does_not_know_has_every_default(session: Session) -> None:
    assert get_preferences(session=session, chat_id=CHAT) == Preferences()
    assert get_subscriber(session=session, chat_id=CHAT) is None  # reading creates nothing


def test_each_choice_is_stored_and_read_back(session: Session) -> None:
    subscribe(session=session, chat_id=CHAT)
    set_format(session=session, chat_id=CHAT, delivery_format="compact")
    set_sections(session=session, chat_id=CHAT, sections="news,chart")
    set_delivery_time(session=session, chat_id=CHAT, delivery_time="07:45")
    after = set_timezone(session=session, chat_id=CHAT, timezone="Europe/Vienna")
    session.commit()
    expected = Preferences("compact", "news,chart", "07:45", "Europe/Vienna", "active")
    assert after == expected
    assert get_preferences(session=session, chat_id=CHAT) == expected


def test_none_puts_a_choice_back_to_the_default(session: Session) -> None:
    set_delivery_time(session=session, chat_id=CHAT, delivery_time="now")
    after = set_delivery_time(session=session, chat_id=CHAT, delivery_time=None)
    assert after.delivery_time is None


def test_setting_a_choice_creates_an_unknown_chat_like_start(session: Session) -> None:
    after = set_format(session=session, chat_id=CHAT, delivery_format="compact")
    session.commit()
    subscriber = get_subscriber(session=session, chat_id=CHAT)
    assert subscriber is not None and subscriber.status == "new" and subscriber.referral_code
    assert after == Preferences(delivery_format="compact", status="new")


def test_chosen_zones_are_the_distinct_zones_readers_chose(session: Session) -> None:
    set_timezone(session=session, chat_id=1, timezone="Europe/Vienna")
    set_timezone(session=session, chat_id=2, timezone="America/New_York")
    set_timezone(session=session, chat_id=3, timezone="Europe/Vienna")
    set_format(session=session, chat_id=4, delivery_format="full")  # no zone chosen
    assert chosen_zones(session=session) == ["America/New_York", "Europe/Vienna"]


def test_deletedata_erases_the_choices_with_the_chat(session: Session) -> None:
    set_timezone(session=session, chat_id=CHAT, timezone="Europe/Vienna")
    set_sections(session=session, chat_id=CHAT, sections="news")
    assert delete_chat_data(session=session, chat_id=CHAT)
    session.commit()
    assert get_preferences(session=session, chat_id=CHAT) == Preferences()
    assert chosen_zones(session=session) == []
