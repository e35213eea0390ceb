"""Files users sent to the bot, as `getFile` and the file download URL serve them.

`FileStore.add(content, file_name)` registers a file (the `document` object for an update);
`getFile` answers with its `file_path`, or Telegram's "Bad Request: file is too big" above the
20 MB bots may download; `download(path)` returns the bytes the file URL
(`/file/bot<token>/<file_path>`) serves. A `size` larger than the content fakes a big file
without holding its bytes. `keep` holds what the bot sent (photos, documents: `media`), `find`
looks a file up by its id.
"""

from __future__ import annotations

import itertools
import mimetypes
from dataclasses import dataclass
from typing import Any

from bot.simulator.rules import ApiError, bad_request

MAX_DOWNLOAD = 20 * 1024 * 1024
FILE_TOO_BIG = bad_request("file is too big")
INVALID_FILE_ID = bad_request("invalid file_id")


@dataclass(frozen=True, slots=True)
class StoredFile:
    """One file: its ids, path, bytes and declared size."""

    file_id: str
    unique_id: str
    path: str
    content: bytes
    size: int
    file_name: str = ""
    mime_type: str = "application/octet-stream"


class FileStore:
    """The files of one fake Telegram."""

    def __init__(self) -> None:
        self._files: dict[str, StoredFile] = {}
        self._numbers = itertools.count(1)
        self.downloads: list[str] = []

    def add(
        self,
        content: bytes,
        file_name: str,
        *,
        mime_type: str = "text/html",
        size: int | None = None,
    ) -> dict[str, Any]:
        """Register a file; return the `document` object of a message carrying it."""
        number = next(self._numbers)
        stored = StoredFile(
            file_id=f"BQACAgIAAx{number:06d}fake",
            unique_id=f"AgAD{number:06d}",
            path=f"documents/file_{number}.{file_name.rsplit('.', 1)[-1]}",
            content=content,
            size=len(content) if size is None else size,
            file_name=file_name,
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": stored.size,
        }

    def keep(
        self,
        file_id: str,
        unique_id: str,
        content: bytes,
        file_name: str,
        mime_type: str | None = None,
    ) -> StoredFile:
        """Keep a file the bot sent under the ids Telegram's answer gave it."""
        folder = "photos" if file_name.endswith((".jpg", ".jpeg", ".png")) else "documents"
        suffix = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = StoredFile(
            file_id=file_id,
            unique_id=unique_id,
            path=f"{folder}/file_{next(self._numbers)}.{suffix}",
            content=content,
            size=len(content),
            file_name=file_name,
            mime_type=mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream",
        )
        self._files[file_id] = stored
        return stored

    def find(self, file_id: str) -> StoredFile | None:
        """The file with `file_id`, if this fake holds its bytes."""
        return self._files.get(file_id)

    def get_file(self, params: dict[str, Any]) -> dict[str, Any] | ApiError:
        """The `getFile` answer."""
        stored = self._files.get(str(params.get("file_id")))
        if stored is None:
            return INVALID_FILE_ID
        if stored.size > MAX_DOWNLOAD:
            return FILE_TOO_BIG
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": stored.size,
            "file_path": stored.path,
        }

    def download(self, path: str) -> bytes | None:
        """The bytes behind a `file_path` (None: 404)."""
        self.downloads.append(path)
        for stored in self._files.values():
            if stored.path == path and stored.size <= MAX_DOWNLOAD:
                return stored.content
        return None
