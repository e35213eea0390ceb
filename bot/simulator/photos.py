"""Telegram's checks of an uploaded photo (sendPhoto with a file): size, format, dimensions.

The Bot API documents the limits: at most 10 MB, width + height at most 10000, a side ratio
of at most 20. The answers are Telegram's error names: `IMAGE_PROCESS_FAILED` for bytes that
are no image and `PHOTO_INVALID_DIMENSIONS` are well known; for a photo over 10 MB users report
`PHOTO_SAVE_FILE_INVALID` (the documentation names no text). Dimensions are read from a PNG's
header only; other formats pass on their signature.
"""

from __future__ import annotations

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_SIDES = 10_000  # width + height
MAX_RATIO = 20
EMPTY = "file must be non-empty"
TOO_BIG = "PHOTO_SAVE_FILE_INVALID"
NOT_AN_IMAGE = "IMAGE_PROCESS_FAILED"
BAD_DIMENSIONS = "PHOTO_INVALID_DIMENSIONS"

_PNG = b"\x89PNG"
_SIGNATURES = (_PNG, b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")


def _is_image(data: bytes) -> bool:
    return data.startswith(_SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def png_size(data: bytes) -> tuple[int, int] | None:
    """Return (width, height) from a PNG's IHDR chunk, or None when there is none."""
    if not data.startswith(_PNG) or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def check_uploaded_photo(data: bytes) -> str | None:
    """Return Telegram's complaint about an uploaded photo (without "Bad Request: "), or None."""
    if not data:
        return EMPTY
    if len(data) > MAX_PHOTO_BYTES:
        return TOO_BIG
    if not _is_image(data):
        return NOT_AN_IMAGE
    size = png_size(data)
    if size is not None:
        width, height = size
        if not width or not height or width + height > MAX_SIDES:
            return BAD_DIMENSIONS
        if max(width, height) / min(width, height) > MAX_RATIO:
            return BAD_DIMENSIONS
    return None
