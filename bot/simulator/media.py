"""The pictures and files bots send, kept so `getFile` and the file download serve them, as
Telegram serves the photos and documents in a chat.

`keep_media` runs after Telegram accepted a `sendPhoto`, `sendDocument` or caption edit: an
uploaded file's bytes are kept under the `file_id` the answer names; a photo sent by a
`file_id` Telegram knows keeps that file's bytes; a photo sent by URL keeps what Telegram
fetched from the web there, which the fake knows only from its `web_files` map (URL → bytes:
a test's or the demo's pictures; the fake reaches no network). Anything else is accepted as
before, its bytes unknown.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from typing import Any

from bot.simulator.files import FileStore
from bot.simulator.params import Upload

_PHOTO_METHODS = frozenset({"sendPhoto", "editMessageCaption"})


def keep_media(
    files: FileStore,
    web: Mapping[str, bytes],
    method: str,
    params: Mapping[str, Any],
    result: Any,
) -> None:
    """Keep the bytes of the photo or document in `result` (a `Message`), when they are known."""
    if not isinstance(result, dict):
        return
    if method in _PHOTO_METHODS and (sizes := result.get("photo")):
        content = _content(files, web, params.get("photo"))
        if content is not None:
            name = _name(params.get("photo"), "photo.jpg")
            for size in sizes:
                if files.find(size["file_id"]) is None:
                    files.keep(size["file_id"], size["file_unique_id"], content, name)
    elif method == "sendDocument" and (document := result.get("document")):
        content = _content(files, web, params.get("document"))
        if content is not None and files.find(document["file_id"]) is None:
            name = document.get("file_name") or _name(params.get("document"), "file")
            mime = document.get("mime_type") or mimetypes.guess_type(name)[0]
            files.keep(document["file_id"], document["file_unique_id"], content, name, mime)


def _content(files: FileStore, web: Mapping[str, bytes], sent: object) -> bytes | None:
    if isinstance(sent, Upload):
        return sent.content or None
    if isinstance(sent, str):
        stored = files.find(sent)
        if stored is not None:
            return stored.content
        return web.get(sent)
    return None


def _name(sent: object, default: str) -> str:
    if isinstance(sent, Upload):
        return sent.filename
    if isinstance(sent, str) and "/" in sent:
        return sent.rsplit("/", 1)[-1].split("?", 1)[0] or default
    return default
