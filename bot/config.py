"""Settings from the environment or `.env` (pydantic-settings), loaded once in `__main__`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.db import normalise_database_url

DEFAULT_RATE = 30.0
PAID_RATE = 1000.0

_WEEKDAYS = {
    # PTB's run_daily counts 0 = Sunday.
    "sun": 0, "so": 0, "sonntag": 0, "sunday": 0,
    "mon": 1, "mo": 1, "montag": 1, "monday": 1,
    "tue": 2, "di": 2, "dienstag": 2, "tuesday": 2,
    "wed": 3, "mi": 3, "mittwoch": 3, "wednesday": 3,
    "thu": 4, "do": 4, "donnerstag": 4, "thursday": 4,
    "fri": 5, "fr": 5, "freitag": 5, "friday": 5,
    "sat": 6, "sa": 6, "samstag": 6, "saturday": 6,
}  # fmt: skip
_GRACE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_FEED_INTERVAL = dt.timedelta(seconds=10)
_CHANNEL = re.compile(r"^(?:@[A-Za-z][A-Za-z0-9_]{3,31}|-100\d{5,16})$")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class WeeklyTime:
    """When the broadcast fires: weekdays in PTB's numbering (0 = Sunday) and a wall-clock time."""

    days: tuple[int, ...]
    time: dt.time

    @classmethod
    def parse(cls, value: str) -> WeeklyTime:
        """Parse `"mon 07:00"`, `"mon,thu 07:30"` or `"Montag 7:00"`."""
        parts = value.strip().lower().split()
        if len(parts) != 2:
            raise ValueError(f"expected 'mon 07:00', got {value!r}")
        names, clock = parts
        try:
            days = tuple(sorted({_WEEKDAYS[n.strip()] for n in names.split(",")}))
        except KeyError as exc:
            raise ValueError(f"unknown weekday {exc.args[0]!r} in {value!r}") from None
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", clock)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValueError(f"expected a time like 07:00, got {clock!r}")
        return cls(days=days, time=dt.time(int(match[1]), int(match[2])))


class Settings(BaseSettings):
    """Every setting of Doppelbot; see the README for what each one does."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    database_url: str = "sqlite:///doppelbot.db"
    telegram_api_url: str = "https://api.telegram.org/bot"
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    timezone: str = "Europe/Berlin"
    broadcast_at: str = "mon 07:00"
    broadcast_grace: Annotated[dt.timedelta, NoDecode] = dt.timedelta(hours=12)
    broadcast_rate: float | None = Field(default=None, gt=0)
    broadcast_paid: bool = False
    log_level: str = "INFO"
    feed_url: str | None = None
    feed_interval: Annotated[dt.timedelta, NoDecode] = dt.timedelta(minutes=10)
    approval_required: bool = False
    channel_id: str | None = None
    reminder_at: str = "09:00"

    @field_validator("database_url")
    @classmethod
    def _normalise_database_url(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            items = [v.strip() for v in value.split(",") if v.strip()]
            try:
                return tuple(int(v) for v in items)
            except ValueError:
                raise ValueError(f"expected comma-separated chat ids, got {value!r}") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("broadcast_at")
    @classmethod
    def _check_broadcast_at(cls, value: str) -> str:
        WeeklyTime.parse(value)
        return value

    @field_validator("broadcast_grace", mode="before")
    @classmethod
    def _parse_grace(cls, value: object) -> object:
        return parse_duration(value)

    @field_validator("feed_interval", mode="before")
    @classmethod
    def _parse_feed_interval(cls, value: object) -> object:
        interval = parse_duration(value, bare_unit="m")
        if isinstance(interval, dt.timedelta) and interval < MIN_FEED_INTERVAL:
            raise ValueError(f"mindestens 10s, nicht {value!r}")
        return interval

    @field_validator("feed_url")
    @classmethod
    def _check_feed_url(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if not value:
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(f"erwartet eine http(s)-URL, nicht {value!r}")
        return value

    @field_validator("channel_id")
    @classmethod
    def _check_channel_id(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if not value:
            return None
        if not _CHANNEL.match(value):
            raise ValueError(f"erwartet @kanalname oder -100…, nicht {value!r}")
        return value

    @field_validator("reminder_at")
    @classmethod
    def _check_reminder_at(cls, value: str) -> str:
        parse_clock(value)
        return value.strip()

    @property
    def tz(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)

    @property
    def schedule(self) -> WeeklyTime:
        """The broadcast time, parsed."""
        return WeeklyTime.parse(self.broadcast_at)

    @property
    def telegram_file_url(self) -> str:
        """Where files are downloaded from: TELEGRAM_API_URL's `/bot` → `/file/bot`."""
        base = self.telegram_api_url.rstrip("/")
        return base.removesuffix("/bot") + "/file/bot"

    @property
    def rate(self) -> float:
        """Messages per second for broadcasts: BROADCAST_RATE, else 30 (1000 when paid)."""
        if self.broadcast_rate is not None:
            return self.broadcast_rate
        return PAID_RATE if self.broadcast_paid else DEFAULT_RATE

    @property
    def reminder_time(self) -> dt.time:
        """When earnings reminders go out, on each reader's clock (REMINDER_AT)."""
        return parse_clock(self.reminder_at)

    def require_token(self) -> str:
        """Return the bot token or raise `ConfigError` with a one-line explanation."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: put it in the environment or in .env "
                "(get one from @BotFather)"
            )
        return self.telegram_bot_token.get_secret_value().strip()


def parse_duration(value: object, *, bare_unit: str = "h") -> object:
    """Parse "12h", "90m", "3600s", "1d" (a bare number counts in `bare_unit`) to a timedelta;
    anything that is not a string is left to pydantic."""
    if not isinstance(value, str):
        return value
    match = _GRACE.match(value)
    if not match:
        raise ValueError(f"expected a duration like 12h, 90m or 3600s, got {value!r}")
    unit = match[2].lower() or bare_unit
    return dt.timedelta(seconds=float(match[1]) * _UNIT_SECONDS[unit])


def parse_clock(value: str) -> dt.time:
    """Parse a wall-clock time "09:00" or "9:00"; raise ValueError with a German message."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"erwartet eine Uhrzeit wie 09:00, nicht {value!r}")
    return dt.time(int(match[1]), int(match[2]))


def load_settings(**overrides: object) -> Settings:
    """Load settings from the environment and `.env`; raise `ConfigError` on a bad value."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "settings"
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{name}: {msg}") from None
