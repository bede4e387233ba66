"""A small client of LanguageTool's HTTP API (``/v2/languages``, ``/v2/check``).

Standard library only (urllib), so the LT rules add no dependency. It throttles to the
server's per-minute limits, backs off on HTTP 429/426/503 (honouring ``Retry-After``), and
turns every way of failing into one ``LanguageToolUnavailable`` whose message says what to do.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from postlint import __version__
from postlint.errors import RuleUnavailable

PUBLIC_API_HOST = "api.languagetool.org"
# The public API's free limits (languagetool.org/http-api): per minute, per IP.
PUBLIC_REQUESTS_PER_MINUTE = 20
PUBLIC_BYTES_PER_MINUTE = 75_000
RETRY_STATUSES = (426, 429, 503)
MAX_RETRY_AFTER = 120.0  # seconds; a longer Retry-After means "give up for this run"

HINT = (
    "start the server (e.g. `docker run -p 8010:8010 erikvl87/languagetool`), fix `url` in "
    "[tool.postlint.languagetool] or --languagetool-url, or run without --select LT"
)


class LanguageToolUnavailable(RuleUnavailable):
    """LanguageTool cannot be used in this run; the message names the cause and the remedy."""


def normalize_url(url: str) -> str:
    """The server root: ``http://host:8010``, whatever of ``/``, ``/v2``, ``/v2/`` follows."""
    url = url.strip().rstrip("/")
    if url.endswith("/v2"):
        url = url[: -len("/v2")]
    return url


def is_public_api(url: str) -> bool:
    return urllib.parse.urlsplit(url).hostname == PUBLIC_API_HOST


@dataclass
class Throttle:
    """Keeps requests and request bytes within per-minute limits (0 = no limit)."""

    requests_per_minute: int = 0
    bytes_per_minute: int = 0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    window: float = 60.0
    _sent: deque[tuple[float, int]] = field(default_factory=deque)

    def wait(self, size: int) -> float:
        """Sleep until a request of ``size`` bytes fits; returns the seconds slept."""
        slept = 0.0
        while True:
            now = self.clock()
            while self._sent and now - self._sent[0][0] >= self.window:
                self._sent.popleft()
            too_many = self.requests_per_minute and len(self._sent) >= self.requests_per_minute
            too_big = (
                self.bytes_per_minute
                and self._sent
                and (sum(n for _, n in self._sent) + size > self.bytes_per_minute)
            )
            if not (too_many or too_big):
                self._sent.append((now, size))
                return slept
            pause = self._sent[0][0] + self.window - now
            self.sleep(pause)
            slept += pause


@dataclass
class Client:
    """One LanguageTool server. ``check`` returns the response's ``matches``."""

    url: str
    timeout: float = 20.0
    retries: int = 3
    retry_delay: float = 5.0
    throttle: Throttle = field(default_factory=Throttle)
    sleep: Callable[[float], None] = time.sleep
    _languages: set[str] | None = None

    def __post_init__(self) -> None:
        self.url = normalize_url(self.url)

    def languages(self) -> set[str]:
        """Codes the server supports: short (``en``) and long (``en-US``), plus ``auto``."""
        if self._languages is None:
            body = self._request("GET", "/v2/languages")
            if not isinstance(body, list):
                raise self._not_languagetool("/v2/languages did not return a list")
            codes = {"auto"}
            for entry in body:
                if isinstance(entry, dict):
                    codes.update(str(entry[k]) for k in ("code", "longCode") if k in entry)
            self._languages = codes
        return self._languages

    def supports(self, language: str) -> bool:
        codes = {c.lower() for c in self.languages()}
        return language.lower() in codes

    def check(
        self, data: str, params: dict[str, str], text_size: int | None = None
    ) -> list[dict[str, Any]]:
        """``text_size``: the size of the text checked, which the per-minute byte limit
        counts (the markup of annotated text is not checked); default: the request size."""
        body = self._request("POST", "/v2/check", {**params, "data": data}, text_size)
        if not isinstance(body, dict) or not isinstance(body.get("matches"), list):
            raise self._not_languagetool("/v2/check answered without a `matches` list")
        return body["matches"]

    # --- transport -------------------------------------------------------------------------
    def _request(
        self, method: str, path: str, form: dict[str, str] | None = None, cost: int | None = None
    ) -> Any:
        endpoint = self.url + path
        payload = urllib.parse.urlencode(form).encode("utf-8") if form is not None else None
        headers = {"Accept": "application/json", "User-Agent": f"postlint/{__version__}"}
        if payload is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        for attempt in range(self.retries + 1):
            self.throttle.wait(cost if cost is not None else len(payload or b""))
            request = urllib.request.Request(endpoint, data=payload, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    raw = response.read()
            except urllib.error.HTTPError as error:
                detail = _body_excerpt(error)
                if error.code in RETRY_STATUSES and attempt < self.retries:
                    delay = _retry_after(error, self.retry_delay * 2**attempt)
                    if delay is not None:
                        self.sleep(delay)
                        continue
                raise self._http_error(error.code, endpoint, detail) from None
            except TimeoutError:
                raise self._timed_out() from None
            except urllib.error.URLError as error:
                reason = error.reason
                if isinstance(reason, TimeoutError):
                    raise self._timed_out() from None
                why = getattr(reason, "strerror", None) or str(reason)
                raise LanguageToolUnavailable(
                    f"cannot reach LanguageTool at {self.url} ({why}): {HINT}"
                ) from None
            except (OSError, ValueError) as error:  # reset connections, malformed URLs
                raise LanguageToolUnavailable(
                    f"cannot reach LanguageTool at {self.url} ({error}): {HINT}"
                ) from None
            try:
                return json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise self._not_languagetool(f"{path} did not return JSON") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _http_error(self, status: int, endpoint: str, detail: str) -> LanguageToolUnavailable:
        if status in RETRY_STATUSES:
            return LanguageToolUnavailable(
                f"LanguageTool at {self.url} is rate limiting (HTTP {status}) and still was "
                f"after {self.retries} retries: wait a minute and run again, lower "
                "`requests-per-minute`/`bytes-per-minute`, or use a self-hosted server"
            )
        if status == 404:
            return self._not_languagetool(f"HTTP 404 for {endpoint}")
        suffix = f": {detail}" if detail else ""
        return LanguageToolUnavailable(
            f"LanguageTool at {self.url} refused the request (HTTP {status}{suffix}); check "
            "the `language`, `disabled-rules` and other [tool.postlint.languagetool] settings"
        )

    def _timed_out(self) -> LanguageToolUnavailable:
        return LanguageToolUnavailable(
            f"LanguageTool at {self.url} did not answer within {self.timeout:g} s: check that "
            "the server is healthy, or raise `timeout` in [tool.postlint.languagetool]"
        )

    def _not_languagetool(self, why: str) -> LanguageToolUnavailable:
        return LanguageToolUnavailable(
            f"{self.url} does not look like a LanguageTool server ({why}): set `url` to the "
            "server root, e.g. http://localhost:8010 or https://api.languagetool.org"
        )


def _retry_after(error: urllib.error.HTTPError, default: float) -> float | None:
    """Seconds to wait before retrying; None when the server asks for too long a pause."""
    value = error.headers.get("Retry-After") if error.headers else None
    if value is None:
        return default
    try:
        seconds = float(value)
    except ValueError:
        return default
    return seconds if 0 <= seconds <= MAX_RETRY_AFTER else None


def _body_excerpt(error: urllib.error.HTTPError) -> str:
    try:
        text = error.read().decode("utf-8", "replace")
    except Exception:  # a body that cannot be read adds nothing to the message
        return ""
    return " ".join(text.split())[:200]
