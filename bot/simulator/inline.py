"""Inline mode: whether the bot has it (BotFather's /setinline, /setinlinefeedback) and Telegram's
rules for `answerInlineQuery`.

`InlineMode.enabled` is what `getMe` says as `supports_inline_queries`; `feedback` whether
Telegram would send `chosen_inline_result` updates (a test pushes them; see
`bot.simulator.objects.make_chosen_inline_result_update`). `check_inline_answer` checks an
answer the way Telegram does: at most 50 results, each with an `id` of 1–64 bytes unique within
the answer; an article needs a `title` and an `input_message_content` whose `message_text` is
1–4096 characters (after stripping, in UTF-16 units) with valid entities; `cache_time` a
non-negative number, `is_personal` a boolean, `next_offset` at most 64 bytes. ("query is too
old" is not simulated.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.simulator.markup import check_reply_markup
from bot.simulator.rules import ApiError, bad_request, check_text
from bot.simulator.text import MAX_TEXT

MAX_RESULTS = 50
MAX_RESULT_ID_BYTES = 64
MAX_NEXT_OFFSET_BYTES = 64
RESULT_TYPES = frozenset(
    {"article", "photo", "gif", "mpeg4_gif", "video", "audio", "voice", "document", "location",
     "venue", "contact", "game", "sticker"}
)  # fmt: skip
Verdict = tuple[ApiError | None, list[str]]


@dataclass(slots=True)
class InlineMode:
    """The bot's inline settings at BotFather."""

    enabled: bool = False
    feedback: bool = False


def _result_error(reason: str) -> ApiError:
    return bad_request(f"can't parse inline query result: {reason}")


def check_inline_answer(params: dict[str, Any]) -> Verdict:
    """The error Telegram answers to this `answerInlineQuery` (None if accepted) and the
    violations it would accept silently."""
    if params.get("parse_mode"):
        return bad_request("parse_mode is not used by Doppelbot: send text with entities"), []
    if not params.get("inline_query_id"):
        return bad_request("QUERY_ID_INVALID"), []
    results = params.get("results")
    if not isinstance(results, list):
        return bad_request("can't parse inline query results JSON object"), []
    if len(results) > MAX_RESULTS:
        return bad_request("RESULTS_TOO_MUCH"), []
    error = _check_options(params)
    if error is not None:
        return error, []
    seen: set[str] = set()
    silent: list[str] = []
    for result in results:
        error, quiet = _check_result(result, seen)
        if error is not None:
            return error, []
        silent += quiet
    return None, silent


def _check_options(params: dict[str, Any]) -> ApiError | None:
    cache_time = params.get("cache_time")
    if cache_time is not None and (not isinstance(cache_time, int) or cache_time < 0):
        return bad_request('field "cache_time" must be a non-negative Integer')
    personal = params.get("is_personal")
    if personal is not None and not isinstance(personal, bool):
        return bad_request('field "is_personal" must be of type Boolean')
    offset = params.get("next_offset")
    if offset is not None and not isinstance(offset, str | int):  # e.g. "[]": JSON, no offset
        return bad_request('field "next_offset" must be of type String')
    if offset is not None and len(str(offset).encode()) > MAX_NEXT_OFFSET_BYTES:
        return bad_request("NEXT_OFFSET_INVALID")
    return None


def _check_result(result: object, seen: set[str]) -> Verdict:
    if not isinstance(result, dict):
        return _result_error("InlineQueryResult must be an Object"), []
    if result.get("type") not in RESULT_TYPES:
        return _result_error("Result type is invalid"), []
    result_id = result.get("id")
    if result_id is None:
        return _result_error('Can\'t find field "id"'), []
    if not isinstance(result_id, str):  # PTB sends ids as JSON strings
        return _result_error('Field "id" must be of type String'), []
    if not 1 <= len(result_id.encode()) <= MAX_RESULT_ID_BYTES:
        return bad_request("RESULT_ID_INVALID"), []
    if result_id in seen:
        return bad_request("RESULT_ID_DUPLICATE"), []
    seen.add(result_id)
    markup = result.get("reply_markup")
    if markup is not None and (problem := check_reply_markup(markup)):
        return bad_request(problem), []
    if result["type"] != "article":
        return None, []
    if not isinstance(result.get("title"), str) or not result["title"]:
        return _result_error('Can\'t find field "title"'), []
    content = result.get("input_message_content")
    if not isinstance(content, dict):
        return _result_error('Can\'t find field "input_message_content"'), []
    if content.get("parse_mode"):
        return bad_request("parse_mode is not used by Doppelbot: send text with entities"), []
    if "message_text" not in content:
        return _result_error('Can\'t find field "message_text"'), []
    return check_text(
        content["message_text"],
        content.get("entities"),
        limit=MAX_TEXT,
        empty="message text is empty",
        long="MESSAGE_TOO_LONG",
    )
