"""Migrations from an empty database, on SQLite and PostgreSQL: they produce exactly the
models' schema (`storage.tables`), step by step and back, and two instances migrating at once
do not race."""

from __future__ import annotations

import threading

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (the models' metadata)
from storage.db import (
    alembic_config,
    head_revision,
    make_engine,
    migrate,
    schema_revision,
    session_scope,
)
from storage.folding import fold
from storage.issues import section_plain_text
from storage.search import search_sections
from tests.storage.factories import issue, section
from tests.storage.old_schema import store_as_of_old


def _diff(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_migrations_step_by_step_end_at_exactly_the_models_schema(empty_url: str) -> None:
    engine = make_engine(empty_url)
    try:
        assert schema_revision(engine) is None
        for revision in _revisions():
            migrate(engine, revision)
            assert schema_revision(engine) == revision
        assert schema_revision(engine) == head_revision()
        assert _diff(engine) == []
    finally:
        engine.dispose()


def test_downgrading_one_step_and_upgrading_again_gives_the_same_schema(empty_url: str) -> None:
    engine = make_engine(empty_url)
    try:
        migrate(engine)
        previous = _revisions()[-2]
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, previous)
        assert schema_revision(engine) == previous and _diff(engine) != []
        migrate(engine)
        assert _diff(engine) == []
    finally:
        engine.dispose()


def test_two_instances_migrating_at_once_do_not_race(empty_url: str) -> None:
    engines = [make_engine(empty_url) for _ in range(2)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(engine: Engine) -> None:
        start.wait()
        try:
            migrate(engine)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        assert schema_revision(engines[0]) == head_revision()
        assert _diff(engines[0]) == []
        with engines[0].connect() as connection:
            rows = connection.execute(text("SELECT count(*) FROM alembic_version")).scalar()
        assert rows == 1
    finally:
        for engine in engines:
            engine.dispose()


def test_migration_0010_indexes_the_sections_stored_before_it_and_back(empty_url: str) -> None:
    engine = make_engine(empty_url)
    try:
        migrate(engine, "0009")
        stored = issue(7, sections=[section("Zölle", "Der Handelskrieg ist zurück.")])
        with session_scope(engine) as session:
            store_as_of_old(session, stored)
        migrate(engine)
        with session_scope(engine) as session:
            (hit,) = search_sections(session=session, query="Handelskriege")
            assert (hit.week, hit.section_title) == (7, "Zölle")
            assert search_sections(session=session, query="Zoll")[0].section_title == "Zölle"
            lengths = session.scalars(text("SELECT search_length FROM issue_section")).all()
        assert lengths == [4]  # "zolle" in the title; "zolle", "handelskrieg", "zuruck"
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0009")
            folded = connection.execute(text("SELECT search_text FROM issue_section")).scalar()
        assert folded == fold("Zölle\n" + section_plain_text(stored.sections[0]))
    finally:
        engine.dispose()
