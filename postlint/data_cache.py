"""Data postlint derives once from installed packages and keeps in the user cache folder.

The syllable table (``syllables.py``) and the phrase lines' literal facts
(``rules/artifacts/line_facts.py``) cost tenths of a second to work out and are the same on
every run, so each is stored as one ``marshal`` file here. A missing or damaged file is
worked out again and rewritten; a folder that cannot be written only costs speed.
``$POSTLINT_DATA_CACHE`` names another folder (tests and read-only homes use it).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_ENV = "POSTLINT_DATA_CACHE"


def cache_folder() -> Path:
    """``$POSTLINT_DATA_CACHE``, else the user cache folder of the platform."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("postlint", appauthor=False))


def load(path: Path) -> Any:
    """What ``store`` wrote to ``path``, or None when it is missing or damaged."""
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def store(path: Path, value: Any) -> None:
    """Write atomically: a reader never sees half a file, and a read-only folder is no error."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps(value))
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
