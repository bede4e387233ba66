"""Local mode: language-tool-python downloads (once) and starts a LanguageTool server.

The library is an optional extra (``pip install 'postlint[languagetool-local]'``), imported
only here and only when ``url = "local"``. postlint then talks to the started server with its
own client, because the library does not send annotated text. The library raises its own
errors and, for downloads, ``requests`` exceptions; every one becomes one clear message.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil

from postlint.languagetool.client import LanguageToolUnavailable

_servers: dict[str, object] = {}


def local_server_url(language: str) -> str:
    """URL of a running local LanguageTool server, started on first use in this process."""
    tool = _servers.get("local")
    if tool is None:
        tool = _start(language)
        _servers["local"] = tool
        atexit.register(_close, tool)
    url = getattr(tool, "url", None) or getattr(tool, "_url", "")
    return str(url)


def _start(language: str) -> object:
    try:
        import language_tool_python
    except ImportError:
        raise LanguageToolUnavailable(
            '`url = "local"` needs language-tool-python: pip install '
            "'postlint[languagetool-local]' (and Java 17+), or set `url` to a LanguageTool server"
        ) from None
    if shutil.which("java") is None:
        raise LanguageToolUnavailable(
            "local LanguageTool needs Java 17 or newer on PATH (e.g. apt-get install "
            "openjdk-17-jre-headless), or set `url` to a LanguageTool server"
        )
    try:
        return language_tool_python.LanguageTool(language)
    except Exception as error:  # JavaError, PathError, requests' ConnectionError, ...
        detail = " ".join(f"{type(error).__name__}: {error}".split())[:200]
        jar_dir = os.environ.get("LTP_JAR_DIR_PATH")
        remedy = (
            f"LTP_JAR_DIR_PATH={jar_dir} must hold an unpacked LanguageTool"
            if jar_dir
            else "it is downloaded once on first use, which needs the internet; or point "
            "LTP_JAR_DIR_PATH at an unpacked LanguageTool"
        )
        raise LanguageToolUnavailable(
            f"could not start local LanguageTool ({detail}): {remedy}, or set `url` to a "
            "LanguageTool server"
        ) from None


def _close(tool: object) -> None:
    close = getattr(tool, "close", None)
    if close is not None:
        with contextlib.suppress(Exception):  # the process is exiting: nobody to tell
            close()
