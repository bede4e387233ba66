"""Results of LanguageTool requests, by what was asked: memory first, then files on disk.

The key hashes the annotated text, the language, every request setting and the server, so an
unchanged post is never sent twice and any change of settings asks again. One small JSON file
per request under ``<cache-dir>/languagetool/``; a file that cannot be read is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when the stored shape changes


def request_key(server: str, data: str, params: dict[str, str]) -> str:
    blob = json.dumps([FORMAT, server, params, data], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResultCache:
    """Maps a request key to the ``matches`` LanguageTool returned for it."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory / "languagetool" if directory is not None else None
        self._memory: dict[str, list[dict[str, Any]]] = {}
        self.hits = 0

    def get(self, key: str) -> list[dict[str, Any]] | None:
        found = self._memory.get(key)
        if found is None and self.directory is not None:
            try:
                stored = json.loads((self.directory / f"{key}.json").read_text("utf-8"))
            except (OSError, ValueError):
                return None
            if not isinstance(stored, dict) or not isinstance(stored.get("matches"), list):
                return None
            found = self._memory[key] = stored["matches"]
        if found is not None:
            self.hits += 1
        return found

    def put(self, key: str, matches: list[dict[str, Any]]) -> None:
        self._memory[key] = matches
        if self.directory is None:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a parallel run never reads half a file.
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"matches": matches}, handle, ensure_ascii=False)
            os.replace(tmp, self.directory / f"{key}.json")
        except OSError:
            pass  # a read-only checkout still lints; it only asks the server again next time
