"""The webhook as Telegram keeps it: `setWebhook`, `getWebhookInfo`, `deleteWebhook`, and the
409 that `getUpdates` gets while a webhook is set (a long poll waiting when it is set ends with
409 too).

`setWebhook` checks what Telegram checks: an https URL on port 443, 80, 88 or 8443, and a
`secret_token` of 1–256 characters of `A-Z a-z 0-9 _ -`. `allow_local` (tests) also accepts
`http://127.0.0.1:<any port>`, where a test's bot listens. An empty `url` removes the webhook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.simulator.rules import ApiError, bad_request

WEBHOOK_PORTS = (443, 80, 88, 8443)
DEFAULT_MAX_CONNECTIONS = 40
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_ACTIVE = ApiError(
    409,
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first",
)
TERMINATED_BY_WEBHOOK = ApiError(409, "Conflict: terminated by setWebhook request")
HTTPS_REQUIRED = bad_request("bad webhook: An HTTPS URL must be provided for webhook")
BAD_PORT = bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
BAD_SECRET = bad_request("secret token contains unallowed characters")


@dataclass(slots=True)
class Webhook:
    """The bot's webhook: its URL ("" when none), secret and options."""

    allow_local: bool = False
    url: str = ""
    secret_token: str | None = None
    allowed_updates: list[str] | None = None
    max_connections: int = DEFAULT_MAX_CONNECTIONS

    @property
    def active(self) -> bool:
        """Whether a webhook is set (then getUpdates answers 409)."""
        return bool(self.url)

    def set(self, params: dict[str, Any]) -> bool | ApiError:
        """`setWebhook`: check and keep the webhook, or answer Telegram's error."""
        url = str(params.get("url") or "")
        if not url:
            self.delete()
            return True
        problem = self._check_url(url)
        if problem is not None:
            return problem
        secret = params.get("secret_token")
        if secret is not None and not _SECRET.fullmatch(str(secret)):
            return BAD_SECRET
        self.url, self.secret_token = url, None if secret is None else str(secret)
        self.allowed_updates = params.get("allowed_updates")
        self.max_connections = int(params.get("max_connections") or DEFAULT_MAX_CONNECTIONS)
        return True

    def _check_url(self, url: str) -> ApiError | None:
        parts = urlsplit(url)
        if self.allow_local and parts.scheme == "http" and parts.hostname == "127.0.0.1":
            return None
        if parts.scheme != "https" or not parts.hostname:
            return HTTPS_REQUIRED
        if (parts.port or 443) not in WEBHOOK_PORTS:
            return BAD_PORT
        return None

    def delete(self) -> None:
        """`deleteWebhook`: no webhook any more (getUpdates works again)."""
        self.url, self.secret_token, self.allowed_updates = "", None, None

    def info(self, pending: int) -> dict[str, Any]:
        """`getWebhookInfo`'s result."""
        info: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": pending,
        }
        if self.active:
            info["max_connections"] = self.max_connections
            if self.allowed_updates is not None:
                info["allowed_updates"] = self.allowed_updates
        return info
