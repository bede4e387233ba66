"""A stand-in LanguageTool server for the tests: `/v2/languages` and `/v2/check`.

Why a stand-in: no LanguageTool server can be installed on these machines (it is in neither
Debian, PyPI nor npm, and language-tool-python's download of it needs the internet). This
server speaks the same HTTP protocol with responses in LanguageTool's JSON shape, and
handles annotated text (`data`) the way LanguageTool does: it checks the plain text (text
parts plus `interpretAs`) and reports offsets in the original text (text plus markup parts)
in UTF-16 code units, Java's string indices. Its "grammar" is a small table of patterns.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
    {"name": "French", "code": "fr", "longCode": "fr"},
]

# pattern -> (rule id, description, issue type, category id, category name, message, replacements)
RULES: list[tuple[re.Pattern[str], tuple[str, str, str, str, str, str, list[str]]]] = [
    (
        re.compile(r"\brecieve\b"),
        (
            "MORFOLOGIK_RULE_EN_US",
            "Possible spelling mistake",
            "misspelling",
            "TYPOS",
            "Possible Typo",
            "Possible spelling mistake found.",
            ["receive"],
        ),
    ),
    (
        re.compile(r"\bteh\b"),
        (
            "MORFOLOGIK_RULE_EN_US",
            "Possible spelling mistake",
            "misspelling",
            "TYPOS",
            "Possible Typo",
            "Possible spelling mistake found.",
            ["the", "tech", "ten", "eh"],
        ),
    ),
    (
        re.compile(r"\bKubernetis\b"),
        (
            "MORFOLOGIK_RULE_EN_US",
            "Possible spelling mistake",
            "misspelling",
            "TYPOS",
            "Possible Typo",
            "Possible spelling mistake found.",
            [],
        ),
    ),
    (
        re.compile(r"\bTheir is\b"),
        (
            "THERE_IS",
            "their is -> there is",
            "grammar",
            "GRAMMAR",
            "Grammar",
            "Did you mean \u201cThere is\u201d?",
            ["There is"],
        ),
    ),
    (
        re.compile(r"\ba apple\b"),
        (
            "EN_A_VS_AN",
            "a/an",
            "misspelling",
            "MISC",
            "Miscellaneous",
            "Use \u201can\u201d instead of \u2018a\u2019 if the next word starts with a vowel.",
            ["an apple"],
        ),
    ),
    (
        re.compile(r"\b(\w+) \1\b"),
        (
            "ENGLISH_WORD_REPEAT_RULE",
            "Word repetition",
            "duplication",
            "MISC",
            "Miscellaneous",
            "Possible typo: you repeated a word.",
            ["{1}"],
        ),
    ),
]


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class StandInLanguageTool(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.fail_next: list[int] = []  # statuses to answer /v2/check with first
        self.always_fail: int | None = None
        self.retry_after: str | None = "0"
        self.delay = 0.0
        self.max_text_length = 10_000
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def checks(self) -> list[dict[str, str]]:
        return [form for path, form in self.requests if path == "/v2/check"]

    def __enter__(self) -> StandInLanguageTool:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)

    # --- LanguageTool's behaviour ------------------------------------------------------------
    def check(self, form: dict[str, str]) -> tuple[int, Any]:
        if "data" in form:
            parts = json.loads(form["data"])["annotation"]
        else:
            parts = [{"text": form.get("text", "")}]
        plain, pieces, original_at = "", [], 0
        for part in parts:
            if "text" in part:
                pieces.append((len(plain), original_at, part["text"]))
                plain += part["text"]
                original_at += _utf16(part["text"])
            else:
                plain += part.get("interpretAs", "")
                original_at += _utf16(part["markup"])
        if _utf16(plain) > self.max_text_length:
            return 413, f"Error: Your text exceeds the limit of {self.max_text_length} characters"
        language = form.get("language", "")
        if language.lower() not in {x["longCode"].lower() for x in LANGUAGES} | {"en", "de"}:
            return 400, f"Error: '{language}' is not a language code known to LanguageTool."
        disabled = set(filter(None, form.get("disabledRules", "").split(",")))
        matches = []
        for pattern, (rule_id, desc, issue, cat_id, cat_name, message, repl) in RULES:
            if rule_id in disabled:
                continue
            for found in pattern.finditer(plain):
                start = self._original(pieces, found.start())
                end = self._original(pieces, found.end() - 1)
                if start is None or end is None:
                    continue  # spans fake content; LanguageTool would map it differently
                replacements = [
                    r.replace("{1}", found.group(1)) if found.groups() else r for r in repl
                ]
                matches.append(
                    self._match(
                        plain,
                        found,
                        start,
                        end + 1 - start,
                        rule_id,
                        desc,
                        issue,
                        cat_id,
                        cat_name,
                        message,
                        replacements,
                    )
                )
        matches.sort(key=lambda m: m["offset"])
        return 200, {
            "software": {
                "name": "LanguageTool",
                "version": "6.4",
                "buildDate": "2024-03-28 12:00:00 +0000",
                "apiVersion": 1,
                "premium": False,
                "premiumHint": "You might be missing errors only the Premium version "
                "can find. Contact us at support<at>languagetoolplus.com.",
                "status": "",
            },
            "warnings": {"incompleteResults": False},
            "language": {
                "name": "English (US)",
                "code": language,
                "detectedLanguage": {
                    "name": "English (US)",
                    "code": "en-US",
                    "confidence": 0.99,
                    "source": "ngram",
                },
            },
            "matches": matches,
            "sentenceRanges": [[0, _utf16(plain)]],
        }

    @staticmethod
    def _original(pieces: list[tuple[int, int, str]], plain_index: int) -> int | None:
        """UTF-16 offset in the original text of the plain character at ``plain_index``."""
        for plain_start, original_start, text in pieces:
            if plain_start <= plain_index < plain_start + len(text):
                return original_start + _utf16(text[: plain_index - plain_start])
        return None

    @staticmethod
    def _match(
        plain: str,
        found: re.Match[str],
        offset: int,
        length: int,
        rule_id: str,
        desc: str,
        issue: str,
        cat_id: str,
        cat_name: str,
        message: str,
        replacements: list[str],
    ) -> dict[str, Any]:
        context_start = max(0, found.start() - 20)
        context = plain[context_start : found.end() + 20]
        return {
            "message": message,
            "shortMessage": "Spelling mistake" if issue == "misspelling" else "",
            "replacements": [{"value": r} for r in replacements],
            "offset": offset,
            "length": length,
            "context": {
                "text": context,
                "offset": found.start() - context_start,
                "length": len(found.group(0)),
            },
            "sentence": plain.strip(),
            "type": {"typeName": "UnknownWord" if issue == "misspelling" else "Other"},
            "rule": {
                "id": rule_id,
                "description": desc,
                "issueType": issue,
                "category": {"id": cat_id, "name": cat_name},
            },
            "ignoreForIncompleteSentence": False,
            "contextForSureMatch": 0,
        }


class _Handler(BaseHTTPRequestHandler):
    server: StandInLanguageTool

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        self.server.requests.append((path, {}))
        if path == "/v2/languages":
            self._send(200, LANGUAGES)
        else:
            self._send(404, "Error: not found")

    def do_POST(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        length = int(self.headers.get("Content-Length", "0"))
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode("utf-8")))
        self.server.requests.append((path, form))
        if path != "/v2/check":
            self._send(404, "Error: not found")
            return
        if self.server.delay:
            time.sleep(self.server.delay)
        status = self.server.always_fail
        if status is None and self.server.fail_next:
            status = self.server.fail_next.pop(0)
        if status is not None:
            headers = {"Retry-After": self.server.retry_after} if self.server.retry_after else {}
            self._send(status, f"Error: too many requests (HTTP {status})", headers)
            return
        status, body = self.server.check(form)
        self._send(status, body)

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        raw = (json.dumps(body) if not isinstance(body, str) else body).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header(
                "Content-Type", "application/json" if not isinstance(body, str) else "text/plain"
            )
            self.send_header("Content-Length", str(len(raw)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
            pass
