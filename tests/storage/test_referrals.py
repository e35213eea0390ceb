"""Referral rules: a chat new to the bot, credited once, at its first subscription."""

from sqlmodel import Session

from storage.chats import delete_chat_data
from storage.referrals import (
    ReferrerStanding,
    credit_referral,
    referral_count,
    referral_rank,
    top_referrers,
)
from storage.subscribers import get_or_create_subscriber, mark_blocked, subscribe, unsubscribe


def start(session: Session, chat_id: int, code: str | None = None, name: str | None = None):
    """What the /start handler does: know the chat, passing the link's invite code."""
    return get_or_create_subscriber(
        session=session, chat_id=chat_id, first_name=name, referral_code=code
    )[0]


def join(session: Session, chat_id: int, code: str | None = None) -> int | None:
    """A chat opens a link and subscribes; return whom it credited."""
    start(session, chat_id, code)
    subscribe(session=session, chat_id=chat_id)
    return credit_referral(session=session, chat_id=chat_id)


def mangle(code: str) -> str:
    """The code with its last character changed: what a mistyped link carries."""
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def code_of(session: Session, chat_id: int, name: str | None = None) -> str:
    return start(session, chat_id, name=name).referral_code


def test_new_chat_that_subscribes_through_a_link_credits_the_inviter(session: Session) -> None:
    code = code_of(session, 1)
    assert join(session, 2, code) == 1
    assert referral_count(session=session, chat_id=1) == 1
    assert referral_count(session=session, chat_id=2) == 0


def test_new_chat_is_not_credited_before_it_subscribes(session: Session) -> None:
    code = code_of(session, 1)
    assert start(session, 2, code).referred_by == 1
    assert credit_referral(session=session, chat_id=2) is None
    subscribe(session=session, chat_id=2)
    assert credit_referral(session=session, chat_id=2) == 1


def test_crediting_again_counts_nothing_more(session: Session) -> None:
    code = code_of(session, 1)
    join(session, 2, code)
    assert credit_referral(session=session, chat_id=2) is None
    assert referral_count(session=session, chat_id=1) == 1


def test_resubscribing_after_unsubscribing_does_not_count_again(session: Session) -> None:
    code = code_of(session, 1)
    join(session, 2, code)
    unsubscribe(session=session, chat_id=2)
    assert join(session, 2, code) is None
    assert referral_count(session=session, chat_id=1) == 1


def test_unsubscribing_keeps_the_credit(session: Session) -> None:
    join(session, 2, code_of(session, 1))
    unsubscribe(session=session, chat_id=2)
    assert referral_count(session=session, chat_id=1) == 1


def test_own_link_never_counts(session: Session) -> None:
    code = code_of(session, 1)
    assert start(session, 1, code).referred_by is None
    assert join(session, 1, code) is None
    assert referral_count(session=session, chat_id=1) == 0


def test_a_forced_self_referral_is_still_refused(session: Session) -> None:
    subscriber = start(session, 1)
    subscriber.referred_by = 1
    subscribe(session=session, chat_id=1)
    assert credit_referral(session=session, chat_id=1) is None


def test_chat_that_pressed_start_before_never_counts(session: Session) -> None:
    code = code_of(session, 1)
    start(session, 2)
    assert join(session, 2, code) is None
    assert referral_count(session=session, chat_id=1) == 0


def test_subscribed_chat_opening_a_link_never_counts(session: Session) -> None:
    code = code_of(session, 1)
    join(session, 2)
    assert join(session, 2, code) is None


def test_first_link_wins_when_a_new_chat_opens_a_second_one(session: Session) -> None:
    first, second = code_of(session, 1), code_of(session, 2)
    start(session, 3, first)
    assert join(session, 3, second) == 1
    assert referral_count(session=session, chat_id=2) == 0


def test_second_link_after_subscribing_changes_nothing(session: Session) -> None:
    first, second = code_of(session, 1), code_of(session, 2)
    assert join(session, 3, first) == 1
    assert join(session, 3, second) is None
    assert (
        referral_count(session=session, chat_id=1),
        referral_count(session=session, chat_id=2),
    ) == (1, 0)


def test_unknown_or_mangled_code_creates_the_chat_without_inviter(session: Session) -> None:
    code = code_of(session, 1)
    assert start(session, 2, "nonexistent").referred_by is None
    assert start(session, 3, mangle(code)).referred_by is None
    assert join(session, 2) is None


def test_inviter_who_deleted_their_data_gets_no_credit(session: Session) -> None:
    code = code_of(session, 1)
    start(session, 2, code)
    delete_chat_data(session=session, chat_id=1)
    assert join(session, 2) is None
    assert referral_count(session=session, chat_id=1) == 0


def test_inviter_who_blocked_the_bot_still_gets_the_credit(session: Session) -> None:
    code = code_of(session, 1)
    subscribe(session=session, chat_id=1)
    mark_blocked(session=session, chat_id=1)
    assert join(session, 2, code) == 1


def test_invited_reader_deleting_their_data_removes_the_credit(session: Session) -> None:
    code = code_of(session, 1)
    join(session, 2, code)
    delete_chat_data(session=session, chat_id=2)
    assert referral_count(session=session, chat_id=1) == 0
    # Back through the same link, the chat is new again: one credit, never two.
    assert join(session, 2, code) == 1
    assert referral_count(session=session, chat_id=1) == 1


def test_rank_is_shared_by_equal_counts(session: Session) -> None:
    codes = {chat: code_of(session, chat) for chat in (1, 2, 3, 4)}
    for invited, inviter in [(10, 1), (11, 1), (12, 2), (13, 2), (14, 3)]:
        join(session, invited, codes[inviter])
    ranks = [referral_rank(session=session, chat_id=c) for c in (1, 2, 3, 4)]
    assert ranks == [1, 1, 3, None]


def test_top_referrers_are_ranked_with_names_but_without_chat_ids(session: Session) -> None:
    codes = {
        chat: code_of(session, chat, name) for chat, name in [(1, "Ada"), (2, "Bo"), (3, "Cy")]
    }
    for invited, inviter in [(10, 2), (11, 1), (12, 2), (13, 1), (14, 3)]:
        join(session, invited, codes[inviter])
    top = top_referrers(session=session, limit=10)
    assert top == [
        ReferrerStanding(1, "Bo", None, 2),  # reached two first
        ReferrerStanding(1, "Ada", None, 2),
        ReferrerStanding(3, "Cy", None, 1),
    ]
    assert top_referrers(session=session, limit=1) == top[:1]
    assert all(1 not in standing[1:3] and 2 not in standing[1:3] for standing in top)


def test_nobody_referred_means_an_empty_leaderboard(session: Session) -> None:
    start(session, 1)
    assert top_referrers(session=session) == []
    assert referral_rank(session=session, chat_id=1) is None
