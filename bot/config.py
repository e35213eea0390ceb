"""Settings from the environment or `.env` (pydantic-settings), loaded once in `__main__`."""

from __future__ import annotations

import datetime as dt
import re
import socket
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.config_values import (
    WeeklyTime,
    check_webhook_url,
    parse_clock,
    parse_duration,
)
from newsletter.choices import FULL, parse_format
from storage.db import normalise_database_url

DEFAULT_RATE = 30.0
PAID_RATE = 1000.0

MIN_FEED_INTERVAL = dt.timedelta(seconds=10)
_CHANNEL = re.compile(r"^(?:@[A-Za-z][A-Za-z0-9_]{3,31}|-100\d{5,16})$")


_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
SECRET_RULE = "1 bis 256 Zeichen aus A-Z, a-z, 0-9, _ und -"
MIN_LEASE_TTL = dt.timedelta(seconds=2)


class ConfigError(ValueError):
    """A setting is missing or malformed; the message is one line for the user."""


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
    backfill: str = "auto"
    channel_id: str | None = None
    reminder_at: str = "09:00"
    # Production (README, "Production"): webhook mode, several instances, operations.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    port: int = Field(default=8080, ge=1, le=65535)
    listen: str = "0.0.0.0"
    auto_migrate: bool = True
    log_format: str = "text"
    lease_ttl: Annotated[dt.timedelta, NoDecode] = dt.timedelta(seconds=30)
    instance_name: str = ""
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_listen: str = "127.0.0.1"
    # Reader choices (README, "Reader choices"): the format of a reader who chose none.
    default_format: str = FULL

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _metrics_off_when_empty(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

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
                raise ValueError(f"erwartet Chat-IDs mit Komma getrennt, nicht {value!r}") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unbekannte Zeitzone {value!r}") from None
        return value

    @field_validator("broadcast_at")
    @classmethod
    def _check_broadcast_at(cls, value: str) -> str:
        WeeklyTime.parse(value)
        return value

    @field_validator("broadcast_grace", mode="before")
    @classmethod
    def _parse_grace(cls, value: object) -> object:
        return parse_duration(value, bare="h")

    @field_validator("feed_interval", mode="before")
    @classmethod
    def _parse_feed_interval(cls, value: object) -> object:
        interval = parse_duration(value, bare="m")
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

    @field_validator("backfill")
    @classmethod
    def _check_backfill(cls, value: str) -> str:
        if value.strip().lower() not in ("auto", "off"):
            raise ValueError(f"erwartet auto oder off, nicht {value!r}")
        return value.strip().lower()

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

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        return check_webhook_url(value.strip()) if value and value.strip() else None

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _SECRET.fullmatch(value.get_secret_value()):
            raise ValueError(SECRET_RULE)
        return value

    @field_validator("log_format")
    @classmethod
    def _check_log_format(cls, value: str) -> str:
        if value.strip().lower() not in ("text", "json"):
            raise ValueError(f"erwartet text oder json, nicht {value!r}")
        return value.strip().lower()

    @field_validator("lease_ttl", mode="before")
    @classmethod
    def _parse_lease_ttl(cls, value: object) -> object:
        ttl = parse_duration(value, bare="s")
        if isinstance(ttl, dt.timedelta) and ttl < MIN_LEASE_TTL:
            raise ValueError(f"mindestens {MIN_LEASE_TTL.total_seconds():.0f}s, nicht {value!r}")
        return ttl

    @field_validator("default_format")
    @classmethod
    def _check_default_format(cls, value: str) -> str:
        chosen = parse_format(value)
        if chosen is None:
            raise ValueError(f"erwartet voll oder kompakt, nicht {value!r}")
        return chosen

    @property
    def instance(self) -> str:
        """This instance's name in leases, logs and `doppelbot status` (default: host name)."""
        return self.instance_name.strip()[:48] or socket.gethostname()[:48]

    @property
    def mode(self) -> str:
        """How `doppelbot run` gets updates by default: `webhook` with WEBHOOK_URL, else
        `polling`."""
        return "webhook" if self.webhook_url else "polling"

    @property
    def webhook_path(self) -> str:
        """The path of WEBHOOK_URL, where the webhook server takes updates (`/` if none)."""
        return urlsplit(self.webhook_url or "").path or "/"

    def require_webhook(self) -> tuple[str, str]:
        """Return WEBHOOK_URL and WEBHOOK_SECRET, or raise `ConfigError` (one German line)."""
        if not self.webhook_url:
            raise ConfigError(
                "WEBHOOK_URL fehlt: die öffentliche https-Adresse, die Telegram aufrufen soll "
                "(z. B. https://bot.example.org/telegram)"
            )
        if self.webhook_secret is None:
            raise ConfigError(
                f"WEBHOOK_SECRET fehlt: mit WEBHOOK_URL ist es Pflicht ({SECRET_RULE})"
            )
        return self.webhook_url, self.webhook_secret.get_secret_value()

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
                "TELEGRAM_BOT_TOKEN fehlt: in die Umgebung oder in .env eintragen "
                "(ein Token gibt es bei @BotFather)"
            )
        return self.telegram_bot_token.get_secret_value().strip()


def load_settings(**overrides: object) -> Settings:
    """Load settings from the environment and `.env`; raise `ConfigError` on a bad value."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "Einstellungen"
        raise ConfigError(f"{name}: {german_error(err)}") from None


_PYDANTIC_GERMAN = {
    "bool_parsing": "erwartet true oder false",
    "int_parsing": "erwartet eine ganze Zahl",
    "int_from_float": "erwartet eine ganze Zahl",
    "float_parsing": "erwartet eine Zahl",
    "greater_than": "muss größer als {gt} sein",
    "greater_than_equal": "muss mindestens {ge} sein",
    "less_than_equal": "darf höchstens {le} sein",
}


def german_error(err: Any) -> str:
    """One pydantic error in German: our validators' own text, else a translation by type."""
    if err["type"] == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    template = _PYDANTIC_GERMAN.get(err["type"], "ungültiger Wert")
    return f"{template.format(**err.get('ctx', {}))}, nicht {err.get('input')!r}"
