"""Subscriber lifecycle: /start, subscribe, unsubscribe, blocked, invite codes."""

import re

from sqlmodel import Session

from storage.subscribers import (
    StatusChange,
    count_active,
    count_by_status,
    get_by_referral_code,
    get_or_create_subscriber,
    get_subscriber,
    mark_blocked,
    subscribe,
    unblock,
    unsubscribe,
)


def test_first_start_creates_a_new_chat_that_is_not_subscribed(session: Session) -> None:
    subscriber, created = get_or_create_subscriber(
        session=session,
        chat_id=-1001234567890,
        first_name="Ada",
        username="ada",
        language_code="de",
    )
    assert created
    assert (subscriber.chat_id, subscriber.status) == (-1001234567890, "new")
    assert subscriber.subscribed_at is None
    assert subscriber.created_at == subscriber.updated_at
    assert count_active(session=session) == 0


def test_second_start_returns_the_same_chat_with_a_fresh_profile(session: Session) -> None:
    first, _ = get_or_create_subscriber(session=session, chat_id=1, first_name="Ada")
    code = first.referral_code
    session.commit()
    again, created = get_or_create_subscriber(
        session=session, chat_id=1, first_name="Ada L.", username="ada"
    )
    assert not created
    assert (again.first_name, again.username, again.referral_code) == ("Ada L.", "ada", code)
    assert again.updated_at >= again.created_at


def test_missing_profile_fields_do_not_erase_known_ones(session: Session) -> None:
    get_or_create_subscriber(session=session, chat_id=1, first_name="Ada", username="ada")
    again, _ = get_or_create_subscriber(session=session, chat_id=1)
    assert (again.first_name, again.username) == ("Ada", "ada")


def test_overlong_names_are_clipped_to_fit_the_columns(session: Session) -> None:
    subscriber, _ = get_or_create_subscriber(session=session, chat_id=1, first_name="A" * 300)
    session.commit()
    assert len(get_subscriber(session=session, chat_id=1).first_name) == 128
    assert subscriber.chat_id == 1


def test_subscribe_then_unsubscribe_then_subscribe_again(session: Session) -> None:
    get_or_create_subscriber(session=session, chat_id=1)
    assert subscribe(session=session, chat_id=1) == StatusChange("active", True)
    assert subscribe(session=session, chat_id=1) == StatusChange("active", False)
    assert count_active(session=session) == 1
    assert unsubscribe(session=session, chat_id=1) == StatusChange("unsubscribed", True)
    assert unsubscribe(session=session, chat_id=1) == StatusChange("unsubscribed", False)
    assert count_active(session=session) == 0
    assert subscribe(session=session, chat_id=1) == StatusChange("active", True)
    subscriber = get_subscriber(session=session, chat_id=1)
    assert subscriber.subscribed_at >= subscriber.unsubscribed_at


def test_subscribe_creates_an_unknown_chat(session: Session) -> None:
    assert subscribe(session=session, chat_id=42) == StatusChange("active", True)
    assert get_subscriber(session=session, chat_id=42).status == "active"


def test_unsubscribing_an_unknown_or_never_subscribed_chat_changes_nothing(
    session: Session,
) -> None:
    assert unsubscribe(session=session, chat_id=5) == StatusChange("new", False)
    assert get_subscriber(session=session, chat_id=5) is None
    get_or_create_subscriber(session=session, chat_id=6)
    assert unsubscribe(session=session, chat_id=6) == StatusChange("new", False)


def test_blocked_reader_is_marked_once_and_no_longer_counted(session: Session) -> None:
    subscribe(session=session, chat_id=1)
    subscribe(session=session, chat_id=2)
    assert mark_blocked(session=session, chat_id=1)
    assert not mark_blocked(session=session, chat_id=1)
    assert not mark_blocked(session=session, chat_id=999)
    subscriber = get_subscriber(session=session, chat_id=1)
    assert subscriber.status == "blocked" and subscriber.blocked_at is not None
    assert count_active(session=session) == 1


def test_blocked_reader_who_comes_back_can_subscribe_again(session: Session) -> None:
    subscribe(session=session, chat_id=1)
    mark_blocked(session=session, chat_id=1)
    assert subscribe(session=session, chat_id=1) == StatusChange("active", True)


def test_blocked_reader_who_sends_stop_is_unsubscribed(session: Session) -> None:
    subscribe(session=session, chat_id=1)
    mark_blocked(session=session, chat_id=1)
    assert unsubscribe(session=session, chat_id=1) == StatusChange("unsubscribed", True)


def test_referral_codes_are_url_safe_unique_and_fit_a_deep_link(session: Session) -> None:
    codes = {
        get_or_create_subscriber(session=session, chat_id=i)[0].referral_code for i in range(200)
    }
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[A-Za-z0-9_-]{8,32}", code)
        assert len("ref_" + code) <= 64


def test_chat_is_found_by_its_referral_code_exactly(session: Session) -> None:
    subscriber, _ = get_or_create_subscriber(session=session, chat_id=1)
    subscriber.referral_code = "AbC-12_x"
    session.commit()
    assert get_by_referral_code(session=session, code="AbC-12_x").chat_id == 1
    for wrong in ("abc-12_x", "AbC-12_", "AbC-12_x ", "", "%", "AbC-12__"):
        assert get_by_referral_code(session=session, code=wrong) is None


def test_unblock_gives_back_the_status_a_chat_had_when_it_blocked(session: Session) -> None:
    subscribe(session=session, chat_id=1)  # active when blocking
    subscribe(session=session, chat_id=2)
    unsubscribe(session=session, chat_id=2)  # unsubscribed when blocking
    get_or_create_subscriber(session=session, chat_id=3)  # never subscribed
    for chat_id in (1, 2, 3):
        assert mark_blocked(session=session, chat_id=chat_id)
    assert count_by_status(session=session) == {
        "new": 0,
        "active": 0,
        "unsubscribed": 0,
        "blocked": 3,
    }
    changes = [unblock(session=session, chat_id=c) for c in (1, 2, 3)]
    assert [(c.status, c.changed) for c in changes] == [
        ("active", True),
        ("unsubscribed", True),
        ("new", True),
    ]
    assert unblock(session=session, chat_id=1).changed is False  # not blocked (any more)
    assert unblock(session=session, chat_id=99) == ("new", False)  # unknown
