"""Which message shows a run's progress in each admin's chat (a broadcast, a correction).

The ids are kept in the run's row (`progress_message_ids`, admin chat id as text → message id),
so a resumed run edits the same message instead of sending a new one.
"""

from __future__ import annotations

from sqlmodel import Session

from storage.tables import RunColumns


def remember_progress_message(
    *,
    session: Session,
    model: type[RunColumns],
    row_id: int,
    admin_chat_id: int,
    message_id: int,
) -> None:
    """Remember which message shows the run's progress in an admin's chat."""
    row = session.get(model, row_id)
    if row is None:
        return
    row.progress_message_ids = {**row.progress_message_ids, str(admin_chat_id): message_id}
    session.flush()
