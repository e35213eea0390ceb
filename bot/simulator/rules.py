"""Telegram's answers for failures and its rules for outgoing messages, shared by both fakes.

`check_outgoing` returns the error Telegram would answer (or None) and the violations it would
accept silently (more than 100 entities). Every rule here is a bug of ours when broken, so the fakes
record each one as a violation. Descriptions are Telegram's own where it has one; where Telegram
would silently fix the input (entities outside the text) or where we impose a house rule
(`parse_mode`), the fake answers 400 anyway so the bug is loud.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.simulator.markup import check_commands, check_reply_markup
from bot.simulator.params import Upload
from bot.simulator.photos import check_uploaded_photo
from bot.simulator.text import MAX_CAPTION, MAX_ENTITIES, MAX_TEXT, check_entities, utf16_len

MAX_CALLBACK_ANSWER = 200
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # "Bots can currently send files of up to 50 MB in size"


@dataclass(frozen=True, slots=True)
class ApiError:
    """A failed Bot API answer: HTTP status, description and optional `parameters`."""

    status: int
    description: str
    parameters: Mapping[str, int] | None = None

    def body(self) -> dict[str, Any]:
        """Return the JSON body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


@dataclass(frozen=True, slots=True)
class Timeout:
    """A request that times out. With `delivered`, Telegram did process it (the message exists);
    `RecordingRequest` raises `TimedOut`, the server answers only after `seconds`."""

    delivered: bool = True
    seconds: float = 30.0


Failure = ApiError | Timeout

BLOCKED = ApiError(403, "Forbidden: bot was blocked by the user")
DEACTIVATED = ApiError(403, "Forbidden: user is deactivated")
CHAT_NOT_FOUND = ApiError(400, "Bad Request: chat not found")
INTERNAL_ERROR = ApiError(500, "Internal Server Error")
BAD_GATEWAY = ApiError(502, "Bad Gateway")
UNAUTHORIZED = ApiError(401, "Unauthorized")
NOT_FOUND = ApiError(404, "Not Found")
CONFLICT = ApiError(
    409,
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
)
TIMED_OUT = Timeout()
TOO_LARGE = ApiError(413, "Request Entity Too Large")  # an upload over 50 MB


def migrated(new_chat_id: int) -> ApiError:
    """The group became a supergroup: PTB raises `ChatMigrated(new_chat_id)`."""
    return ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        {"migrate_to_chat_id": new_chat_id},
    )


def retry_after(seconds: int) -> ApiError:
    """Flood control: PTB raises `RetryAfter(seconds)`."""
    return ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})


def server_error(status: int = 500) -> ApiError:
    """A 5xx answer: PTB raises `NetworkError`."""
    return BAD_GATEWAY if status == 502 else ApiError(status, "Internal Server Error")


def bad_request(reason: str) -> ApiError:
    """A 400 answer with Telegram's `Bad Request: ` prefix."""
    return ApiError(400, f"Bad Request: {reason}")


def check_text(
    text: object, entities: object, *, limit: int, empty: str | None, long: str
) -> tuple[ApiError | None, list[str]]:
    """A text (or caption) and its entities: the error Telegram answers (`empty`, `long` are its
    descriptions for an empty text and one over `limit`) and the violations it accepts."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        return bad_request(f"text must be a string, got {type(text).__name__}"), []
    stripped = text.strip()
    if not stripped and empty is not None:
        return bad_request(empty), []
    if utf16_len(stripped) > limit:
        return bad_request(long), []
    if entities is None:
        return None, []
    problem = check_entities(text, entities)
    if problem:
        return bad_request(f"can't parse entities: {problem}"), []
    if len(entities) > MAX_ENTITIES:  # type: ignore[arg-type]
        return None, [f"{len(entities)} entities: Telegram ignores all after {MAX_ENTITIES}"]  # type: ignore[arg-type]
    return None, []


def check_outgoing(method: str, params: Mapping[str, Any]) -> tuple[ApiError | None, list[str]]:
    """Check one call against Telegram's rules.

    Returns the error to answer (None if the call is acceptable) and the violations Telegram
    would accept silently.
    """
    if params.get("parse_mode"):
        return bad_request("parse_mode is not used by Doppelbot: send text with entities"), []
    markup = params.get("reply_markup")
    if markup is not None and (problem := check_reply_markup(markup)):
        return bad_request(problem), []
    if method in ("sendMessage", "editMessageText"):
        if "chat_id" not in params and "inline_message_id" not in params:
            return bad_request("chat_id is empty"), []
        return check_text(
            params.get("text"),
            params.get("entities"),
            limit=MAX_TEXT,
            empty="message text is empty",
            long="message is too long",
        )
    if method in ("sendPhoto", "editMessageCaption", "sendDocument"):
        if method == "sendPhoto" and not params.get("photo"):
            return bad_request("there is no photo in the request"), []
        if isinstance(photo := params.get("photo"), Upload) and (
            problem := check_uploaded_photo(photo.content)
        ):
            return bad_request(problem), []
        if method == "sendDocument" and (error := _check_document(params.get("document"))):
            return error, []
        return check_text(
            params.get("caption"),
            params.get("caption_entities"),
            limit=MAX_CAPTION,
            empty=None,
            long="message caption is too long",
        )
    if method == "answerCallbackQuery":
        text = params.get("text")
        if isinstance(text, str) and utf16_len(text) > MAX_CALLBACK_ANSWER:
            return bad_request("MESSAGE_TOO_LONG"), []
    if method == "setMyCommands" and (problem := check_commands(params.get("commands"))):
        return bad_request(problem), []
    return None, []


def _check_document(document: object) -> ApiError | None:
    """sendDocument's file: an upload of 1 byte to 50 MB, or a file id / URL."""
    if not document:
        return bad_request("there is no document in the request")
    if isinstance(document, Upload):
        if document.size == 0:
            return bad_request("file must be non-empty")
        if document.size > MAX_UPLOAD_BYTES:
            return TOO_LARGE
    return None
