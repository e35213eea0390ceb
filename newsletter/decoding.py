"""Turning the input into text: bytes are decoded, binary data and empty input are refused.

Order for bytes: a byte-order mark (UTF-8 or UTF-16) wins; then strict UTF-8; then the charset the
document declares (`<?xml … encoding="…"?>`, `<meta charset="…">`, `content="…; charset=…"`);
then cp1252 for legacy documents. Bytes that none of these decode are refused.
"""

from __future__ import annotations

import codecs
import re

from newsletter.errors import ParseError

_DECLARED_CHARSET = re.compile(
    rb"""(?:encoding|charset)\s*=\s*["']?\s*([A-Za-z0-9][A-Za-z0-9._:-]*)""", re.IGNORECASE
)
# Control characters that never occur in text documents (tab, newlines and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_MAX_CONTROL_SHARE = 0.01
_SNIFF = 4096


def decode_input(data: str | bytes) -> str:
    """Return `data` as text, or raise `ParseError` for empty, binary or undecodable input."""
    if isinstance(data, bytes | bytearray | memoryview):
        text = _decode_bytes(bytes(data))
    elif isinstance(data, str):
        text = data
    else:
        raise ParseError(
            f"Unerwarteter Eingabetyp {type(data).__name__}: erwartet Text oder Bytes."
        )
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ParseError("Die Eingabe ist leer: kein Feed, keine Webseite und kein HTML.")
    _refuse_binary(text)
    return text


def _decode_bytes(raw: bytes) -> str:
    if not raw:
        raise ParseError("Die Eingabe ist leer: kein Feed, keine Webseite und kein HTML.")
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[len(codecs.BOM_UTF8) :], "utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16")
    if b"\x00" in raw:
        raise ParseError("Die Eingabe enthält Binärdaten (NUL-Bytes) und ist kein Text.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(raw)
    for encoding in (declared, "cp1252"):
        if encoding is None:
            continue
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise ParseError(
        "Die Eingabe ist kein lesbarer Text: weder UTF-8 noch der deklarierte Zeichensatz "
        "noch cp1252 passen."
    )


def _strict(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"Die Eingabe ist kein gültiges {encoding.upper()} (Byte {exc.start})."
        ) from None


def _declared_charset(raw: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(raw[:_SNIFF])
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _refuse_binary(text: str) -> None:
    if "\x00" in text:
        raise ParseError("Die Eingabe enthält Binärdaten (NUL-Zeichen) und ist kein Text.")
    head = text[:_SNIFF]
    if len(_CONTROL.findall(head)) > max(1, len(head) * _MAX_CONTROL_SHARE):
        raise ParseError("Die Eingabe enthält Binärdaten (Steuerzeichen) und ist kein Text.")
