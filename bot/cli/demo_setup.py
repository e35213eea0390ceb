"""What `doppelbot demo` prepares before the bot starts: its settings (from nothing in the
environment: no token, no network) and its database (the sample issues stored and already
previewed, the subscribed readers)."""

from __future__ import annotations

from typing import Any

from pydantic_settings import PydanticBaseSettingsSource
from sqlalchemy import Engine
from sqlmodel import Session

from bot.config import Settings
from bot.database import Database
from bot.demo import samples
from bot.demo.people import PEOPLE, PUBLISHER, quiet_readers
from bot.publishing.ingest import store_reviewed
from bot.publishing.review import claim_current
from bot.simulator.objects import BOT_TOKEN
from newsletter.choices import COMPACT
from newsletter.issue import build_issue
from storage.db import migrate
from storage.preferences import set_format
from storage.subscribers import get_or_create_subscriber, subscribe

DEMO_TOKEN = BOT_TOKEN  # made up; only the simulator accepts it


class DemoSettings(Settings):
    """`Settings` read from the arguments only: the environment and `.env` do not count."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[Any],
        init_settings: PydanticBaseSettingsSource,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only the values passed in."""
        return (init_settings,)


def demo_settings(database_url: str, api_url: str) -> Settings:
    """The demo's settings: its database, the simulator, the publisher as the one admin."""
    return DemoSettings(
        telegram_bot_token=DEMO_TOKEN,  # type: ignore[arg-type]
        database_url=database_url,
        telegram_api_url=api_url,
        admin_ids=(PUBLISHER.user_id,),
        timezone="Europe/Berlin",
        broadcast_grace="1s",  # type: ignore[arg-type]
        log_level="WARNING",
        instance_name="demo",
    )


def seed(engine: Engine) -> None:
    """Migrate the empty database, store the sample issues (as previewed) and the readers."""
    migrate(engine)
    db = Database(engine)
    for name in samples.STORED:
        ingested = db.run_sync(store_reviewed, issue=build_issue(samples.sample(name)))
        db.run_sync(claim_current, issue_id=ingested.stored.id)
    db.run_sync(_readers)


def _readers(*, session: Session) -> None:
    for person in (p for p in PEOPLE if p.subscribed):  # Erika is new: she meets the bot
        get_or_create_subscriber(
            session=session,
            chat_id=person.user_id,
            first_name=person.first_name,
            username=person.username,
            language_code="de",
        )
        subscribe(session=session, chat_id=person.user_id)
        if person.compact:
            set_format(session=session, chat_id=person.user_id, delivery_format=COMPACT)
    for chat_id in quiet_readers():
        subscribe(session=session, chat_id=chat_id)
