"""What the feed poller remembers about FEED_URL between polls (one row per URL)."""

from __future__ import annotations

from sqlmodel import Session

from storage.tables import FeedState

ERROR_CHARS = 300


def load_feed_state(*, session: Session, url: str) -> FeedState:
    """The state of `url`; a new, unsaved one (never polled) when there is none."""
    state = session.get(FeedState, url)
    return state if state is not None else FeedState(url=url)


def save_feed_state(*, session: Session, state: FeedState) -> FeedState:
    """Insert or update the state; return the stored row."""
    if state.last_error:
        state.last_error = state.last_error[:ERROR_CHARS]
    merged = session.merge(state)
    session.flush()
    return merged
