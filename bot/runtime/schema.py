"""The database schema at start-up and for `doppelbot migrate [--check]`.

At start-up the schema is migrated under a lock (`storage.db.migrate`), unless AUTO_MIGRATE is
false: then a database that is behind stops the start with one German line, and
`doppelbot migrate` brings it up to date. `doppelbot migrate --check` exits 1 when it is behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from bot.config import ConfigError, Settings
from storage.db import alembic_config, head_revision, migrate, schema_revision

EXIT_BEHIND = 1


@dataclass(frozen=True, slots=True)
class SchemaState:
    """The database's revision (None: empty) and the newest one this code knows."""

    current: str | None
    head: str

    @property
    def is_current(self) -> bool:
        """Whether the database is at the newest revision."""
        return self.current == self.head

    @property
    def is_known(self) -> bool:
        """Whether this code knows the database's revision (else it is newer than the code)."""
        script = ScriptDirectory.from_config(alembic_config())
        return self.current is None or script.get_revision(self.current) is not None

    def describe(self) -> str:
        """ "0006 (aktuell)" or "0002 (veraltet, aktuell ist 0006)"."""
        if self.is_current:
            return f"{self.head} (aktuell)"
        return f"{self.current or 'keine'} (veraltet, aktuell ist {self.head})"


def schema_state(engine: Engine) -> SchemaState:
    """Where the database's schema stands."""
    return SchemaState(schema_revision(engine), head_revision())


def prepare_schema(engine: Engine, settings: Settings) -> None:
    """At start-up: migrate (AUTO_MIGRATE), or refuse to start on a database that is behind."""
    if settings.auto_migrate:
        _check_known(schema_state(engine))
        migrate(engine)
        return
    state = schema_state(engine)
    if not state.is_current:
        raise ConfigError(
            f"Die Datenbank hat Schema-Version {state.current or 'keine'}, nötig ist "
            f"{state.head}: zuerst doppelbot migrate ausführen (oder AUTO_MIGRATE=true)."
        )


def migrate_database(engine: Engine, *, check: bool) -> tuple[int, str]:
    """`doppelbot migrate [--check]`: return the exit code and the German line to print."""
    state = schema_state(engine)
    _check_known(state)
    if state.is_current:
        return 0, f"Die Datenbank ist auf dem neuesten Stand (Schema-Version {state.head})."
    if check:
        return EXIT_BEHIND, (
            f"Die Datenbank ist nicht auf dem neuesten Stand: Schema-Version "
            f"{state.current or 'keine'}, aktuell ist {state.head}. doppelbot migrate bringt "
            "sie dorthin."
        )
    migrate(engine)
    return 0, f"Datenbank migriert: Schema-Version {state.current or 'keine'} → {state.head}."


def _check_known(state: SchemaState) -> None:
    if not state.is_known:
        raise ConfigError(
            f"Die Datenbank hat Schema-Version {state.current}, die dieses Doppelbot nicht "
            "kennt (eine neuere Version hat sie migriert): Doppelbot aktualisieren."
        )
