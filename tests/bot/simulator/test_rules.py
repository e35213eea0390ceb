"""The fakes' copy of Telegram's rules: limits in UTF-16 units, entities, markup, commands."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.simulator.params import Upload
from bot.simulator.photos import MAX_PHOTO_BYTES
from bot.simulator.rules import check_outgoing
from bot.simulator.text import check_entities, shown, utf16_len

FLAG = "🇨🇳"  # two regional indicators: four UTF-16 units


def send(text: str, entities: list[dict] | None = None, **extra: object) -> tuple:
    params = {"chat_id": 1, "text": text, **extra}
    if entities is not None:
        params["entities"] = entities
    return check_outgoing("sendMessage", params)


def bold(offset: int, length: int) -> dict:
    return {"type": "bold", "offset": offset, "length": length}


def description(verdict: tuple) -> str | None:
    error, _ = verdict
    return None if error is None else error.description


def test_text_of_4096_utf16_units_is_accepted_and_one_more_is_too_long() -> None:
    assert description(send("a" * 4094 + FLAG[0])) is None  # 4094 + 2 units
    assert description(send("a" * 4093 + FLAG[0])) is None
    assert description(send("a" * 4095 + FLAG[0])) == "Bad Request: message is too long"


def test_whitespace_around_the_text_does_not_count_toward_the_limit() -> None:
    assert description(send("\n  " + "a" * 4096 + "  \n")) is None


def test_empty_or_blank_text_is_rejected_as_empty() -> None:
    assert description(send("")) == "Bad Request: message text is empty"
    assert description(send(" \n\t ")) == "Bad Request: message text is empty"


def test_caption_over_1024_units_is_too_long() -> None:
    params = {"chat_id": 1, "photo": "https://example.com/a.png", "caption": "ä" * 1025}
    error, _ = check_outgoing("sendPhoto", params)
    assert error is not None and error.description == "Bad Request: message caption is too long"


def test_photo_without_photo_is_rejected() -> None:
    error, _ = check_outgoing("sendPhoto", {"chat_id": 1, "caption": "x"})
    assert (
        error is not None and error.description == "Bad Request: there is no photo in the request"
    )


def test_entity_offsets_count_utf16_units_after_a_flag() -> None:
    text = f"{FLAG} Alibaba"
    assert description(send(text, [bold(5, 7)])) is None
    python_offsets = description(send(text, [bold(3, 7)]))  # what len() would give
    assert python_offsets is not None and "surrogate pair" in python_offsets


def test_entity_splitting_a_surrogate_pair_is_rejected() -> None:
    assert "splits a surrogate pair" in (description(send(f"x{FLAG}", [bold(0, 2)])) or "")


def test_entity_beyond_the_text_is_rejected_as_unparsable() -> None:
    verdict = description(send("Hallo", [bold(3, 4)]))
    assert verdict is not None and verdict.startswith("Bad Request: can't parse entities:")


def test_text_link_without_url_and_unknown_types_are_rejected() -> None:
    assert description(send("Hallo", [{"type": "text_link", "offset": 0, "length": 5}]))
    assert description(send("Hallo", [{"type": "blink", "offset": 0, "length": 5}]))


def test_more_than_100_entities_are_accepted_but_reported() -> None:
    error, silent = send("ab" * 101, [bold(2 * i, 1) for i in range(101)])
    assert error is None
    assert silent == ["101 entities: Telegram ignores all after 100"]
    assert send("ab" * 100, [bold(2 * i, 1) for i in range(100)]) == (None, [])


def test_parse_mode_is_rejected() -> None:
    assert "parse_mode" in (description(send("*fett*", parse_mode="MarkdownV2")) or "")


def test_callback_data_is_limited_to_64_bytes() -> None:
    def markup(data: str) -> dict:
        return {"inline_keyboard": [[{"text": "Weiter", "callback_data": data}]]}

    assert description(send("x", reply_markup=markup("ä" * 32))) is None
    assert (
        description(send("x", reply_markup=markup("ä" * 33))) == "Bad Request: BUTTON_DATA_INVALID"
    )
    assert description(send("x", reply_markup=markup(""))) == "Bad Request: BUTTON_DATA_INVALID"


def test_malformed_reply_markup_is_rejected() -> None:
    rows_not_arrays = {"inline_keyboard": [{"text": "x", "callback_data": "a"}]}
    no_action = {"inline_keyboard": [[{"text": "x"}]]}
    assert "Array of Arrays" in (description(send("x", reply_markup=rows_not_arrays)) or "")
    assert "Text buttons are unallowed" in (description(send("x", reply_markup=no_action)) or "")
    assert description(send("x", reply_markup="[]")) == (
        "Bad Request: can't parse reply keyboard markup JSON object"
    )
    bad_url = {"inline_keyboard": [[{"text": "x", "url": "javascript:alert(1)"}]]}
    assert description(send("x", reply_markup=bad_url)) == "Bad Request: BUTTON_URL_INVALID"


def test_commands_must_be_lowercase_and_described() -> None:
    def commands(*items: tuple[str, str]) -> str | None:
        listed = [{"command": c, "description": d} for c, d in items]
        error, _ = check_outgoing("setMyCommands", {"commands": listed})
        return None if error is None else error.description

    assert commands(("start", "Anmelden"), ("latest", "Neueste Ausgabe")) is None
    assert commands(("Start", "Anmelden")) == "Bad Request: BOT_COMMAND_INVALID"
    assert commands(("start", "")) == "Bad Request: command description is empty"


def test_callback_answer_over_200_characters_is_rejected() -> None:
    error, _ = check_outgoing("answerCallbackQuery", {"callback_query_id": "1", "text": "x" * 201})
    assert error is not None and error.description == "Bad Request: MESSAGE_TOO_LONG"


def test_shown_text_is_stripped_and_entities_shift_with_it() -> None:
    text, entities = shown(f"  {FLAG} Alibaba \n", [bold(2, 4), bold(7, 9)])
    assert text == f"{FLAG} Alibaba"
    assert entities == [bold(0, 4), bold(5, 7)]


pieces = st.lists(st.sampled_from(["a", "ß", " ", "\n", FLAG, "👨‍👩‍👧", "€", "𝔘"]), max_size=30)


@given(pieces, st.data())
def test_entities_on_character_boundaries_are_accepted_and_inside_a_pair_rejected(
    parts: list[str], data: st.DataObject
) -> None:
    text = "x" + "".join(parts)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    offset, length = utf16_len(text[:start]), utf16_len(text[start:end])
    assert check_entities(text, [bold(offset, length)]) is None
    astral = [utf16_len(text[:i]) + 1 for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    for inside in astral:
        assert check_entities(text, [bold(inside, 1)]) is not None


def _png(width: int, height: int) -> bytes:
    """A PNG signature and IHDR header of the given size (enough for Telegram's checks)."""
    ihdr = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x06\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + (13).to_bytes(4, "big") + ihdr + bytes(4)


def upload(data: bytes, caption: str = "Statistik") -> tuple:
    photo = Upload("statistik.png", len(data), data)
    return check_outgoing("sendPhoto", {"chat_id": 1, "photo": photo, "caption": caption})


def test_uploaded_photo_is_checked_like_telegram_does() -> None:
    assert description(upload(_png(1200, 900))) is None
    assert description(upload(b"\xff\xd8\xff\xe0 a jpeg")) is None
    assert description(upload(b"")) == "Bad Request: file must be non-empty"
    assert description(upload(b"%PDF-1.7")) == "Bad Request: IMAGE_PROCESS_FAILED"
    assert description(upload(_png(9000, 1001))) == "Bad Request: PHOTO_INVALID_DIMENSIONS"
    assert description(upload(_png(2100, 100))) == "Bad Request: PHOTO_INVALID_DIMENSIONS"
    big = _png(1200, 900) + bytes(MAX_PHOTO_BYTES)
    assert description(upload(big)) == "Bad Request: PHOTO_SAVE_FILE_INVALID"
    assert description(upload(_png(1200, 900), "x" * 1025)) == (
        "Bad Request: message caption is too long"
    )


def test_document_rules_no_file_and_the_50_mb_upload_limit() -> None:
    missing, _ = check_outgoing("sendDocument", {"chat_id": 1})
    assert missing.description == "Bad Request: there is no document in the request"
    limit = 50 * 1024 * 1024
    ok, _ = check_outgoing("sendDocument", {"chat_id": 1, "document": Upload("a.ics", limit)})
    too_large, _ = check_outgoing(
        "sendDocument", {"chat_id": 1, "document": Upload("a.ics", limit + 1)}
    )
    assert ok is None
    assert (too_large.status, too_large.description) == (413, "Request Entity Too Large")
    by_id, _ = check_outgoing("sendDocument", {"chat_id": 1, "document": "BQACAgIAAxk"})
    assert by_id is None
