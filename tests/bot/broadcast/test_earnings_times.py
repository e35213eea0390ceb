"""The broadcast sends the earnings section with TIMEZONE's clock times: the same number of
messages (the ledger's indices), the stored issue unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from bot.database import Database
from newsletter.model import EarningsRow, Entity, Issue, IssueMeta, Message, Section
from storage.issues import issue_messages
from tests.bot.broadcast_fixtures import World, add_readers, copy_database

LIST = "• Dienstag 10. März: PayPal (BMO), AMD (AMC)\n• Mittwoch 11. März: Foo"
ROWS = [
    EarningsRow(dt.date(2026, 3, 10), "Dienstag", "PayPal", "BMO"),
    EarningsRow(dt.date(2026, 3, 10), "Dienstag", "AMD", "AMC"),
    EarningsRow(dt.date(2026, 3, 11), "Mittwoch", "Foo", None),
]


def issue_with_earnings() -> Issue:
    """A lead message and a two-message earnings section, in a week only the US has switched."""
    bold = (Entity("bold", 2, len("Dienstag 10. März:")),)
    sections = [
        Section("lead", "Lead", "", [Message("Guten Morgen!")]),
        Section("earnings", "Earnings", "", [Message("Earnings der Woche"), Message(LIST, bold)]),
    ]
    meta = IssueMeta(title="KW11 - Test", week=11, year=2026, date=dt.date(2026, 3, 9))
    return Issue(meta=meta, sections=sections, earnings=ROWS, warnings=[])


@pytest.fixture
def world(sqlite_template: Engine, tmp_path) -> World:
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield World(engine, issue=issue_with_earnings())
    engine.dispose()


async def test_broadcast_sends_berlin_times_with_the_same_message_indices(world: World) -> None:
    add_readers(world.engine, [1, 2])
    result = await world.run()
    assert result.complete
    local = (
        "• Dienstag 10. März: PayPal (vor US-Börsenstart, 14:30), "
        "AMD (nach US-Börsenschluss, 21:00)"
    )
    expected = ["Guten Morgen!", "Earnings der Woche", local + "\n• Mittwoch 11. März: Foo"]
    for chat_id in (1, 2):
        assert world.request.texts(chat_id) == expected
        [*_, sent] = world.request.sent_to(chat_id)
        assert sent.entities == [{"type": "bold", "offset": 2, "length": 18}]
    assert world.ledger() == [(c, i, "sent") for c in (1, 2) for i in range(3)]
    stored = Database(world.engine).run_sync(issue_messages, issue_id=world.issue_id)
    assert stored[2].message.text == LIST  # the archive keeps the publisher's text
    assert not world.request.violations
