"""Check one document with LanguageTool: chunks, cache, client, and matches in file offsets.

The LT rules share this: each asks ``check(doc, settings)``, and the second asks nothing of
the server (the results of the first are in the cache's memory). A server that failed once
in this process is not asked again: every later call raises the same message at once, so a
dead server costs one timeout per run, not one per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postlint.document import Document
from postlint.languagetool.annotate import build_chunks
from postlint.languagetool.cache import ResultCache, request_key
from postlint.languagetool.client import (
    PUBLIC_BYTES_PER_MINUTE,
    PUBLIC_REQUESTS_PER_MINUTE,
    Client,
    LanguageToolUnavailable,
    Throttle,
    is_public_api,
    normalize_url,
)
from postlint.languagetool.vocabulary import Vocabulary, load_vocabulary

LOCAL = "local"
LANGUAGE_KEYS = ("lang", "language")


@dataclass(frozen=True)
class Settings:
    """The `[tool.postlint.languagetool]` options, resolved (paths made absolute)."""

    url: str = ""
    language: str = "en-US"
    mother_tongue: str = ""
    disabled_rules: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    picky: bool = False
    vocabulary: Path | None = None
    cache_dir: Path | None = None
    timeout: float = 20.0
    max_text_length: int = 20_000
    requests_per_minute: int = 0  # 0: the public API's limit there, none elsewhere
    bytes_per_minute: int = 0
    retries: int = 3
    retry_delay: float = 5.0

    @classmethod
    def from_options(cls, options: Any) -> Settings:
        root = Path(options.root)
        vocabulary = str(options.vocabulary).strip()
        return cls(
            url=str(options.url).strip(),
            language=str(options.language).strip() or "en-US",
            mother_tongue=str(options.mother_tongue).strip(),
            disabled_rules=tuple(str(x) for x in options.disabled_rules),
            enabled_rules=tuple(str(x) for x in options.enabled_rules),
            disabled_categories=tuple(str(x) for x in options.disabled_categories),
            enabled_categories=tuple(str(x) for x in options.enabled_categories),
            picky=bool(options.picky),
            vocabulary=(root / vocabulary) if vocabulary else None,
            cache_dir=(root / options.cache_dir) if options.cache else None,
            timeout=max(0.1, float(options.timeout)),
            max_text_length=max(100, int(options.max_text_length)),
            requests_per_minute=max(0, int(options.requests_per_minute)),
            bytes_per_minute=max(0, int(options.bytes_per_minute)),
            retries=max(0, int(options.retries)),
            retry_delay=max(0.0, float(options.retry_delay)),
        )

    def params(self, language: str) -> dict[str, str]:
        """The `/v2/check` parameters besides `data`."""
        params = {"language": language}
        if self.mother_tongue:
            params["motherTongue"] = self.mother_tongue
        for name, values in (
            ("disabledRules", self.disabled_rules),
            ("enabledRules", self.enabled_rules),
            ("disabledCategories", self.disabled_categories),
            ("enabledCategories", self.enabled_categories),
        ):
            if values:
                params[name] = ",".join(values)
        if self.picky:
            params["level"] = "picky"
        return params


@dataclass
class Match:
    """One LanguageTool match, placed in the file."""

    start: int  # file offsets into doc.text
    end: int
    replaceable: bool  # the span is plain prose, so a replacement can be applied as is
    rule_id: str
    category_id: str
    category: str
    issue_type: str
    message: str
    replacements: list[str]

    @property
    def spelling(self) -> bool:
        return self.issue_type == "misspelling"


@dataclass
class Report:
    matches: list[Match] = field(default_factory=list)
    language: str = ""
    unsupported_language: str | None = None  # the post's `lang`, which the server lacks


@dataclass
class _Session:
    client: Client
    failure: LanguageToolUnavailable | None = None


_sessions: dict[tuple[Any, ...], _Session] = {}
_caches: dict[Path | None, ResultCache] = {}


def reset() -> None:
    """Forget servers, failures and in-memory results (a new run in the same process)."""
    _sessions.clear()
    _caches.clear()


def document_language(doc: Document, default: str) -> str:
    for key in LANGUAGE_KEYS:
        value = doc.meta.get(key) if isinstance(doc.meta, dict) else None
        if isinstance(value, str) and value.strip():
            return value.strip().replace("_", "-")
    return default


def check(doc: Document, settings: Settings) -> Report:
    """LanguageTool's matches for the prose of ``doc``. Raises LanguageToolUnavailable."""
    if not settings.url:
        raise LanguageToolUnavailable(
            "the LT rules are selected but no LanguageTool server is configured: set `url` "
            "in [tool.postlint.languagetool] (a self-hosted server such as "
            'http://localhost:8010, https://api.languagetool.org, or "local"), or pass '
            "--languagetool-url"
        )
    language = document_language(doc, settings.language)
    report = Report(language=language)
    chunks = build_chunks(doc.text, doc.blocks, settings.max_text_length)
    if not chunks:
        return report
    cache = _caches.get(settings.cache_dir)
    if cache is None:
        cache = _caches[settings.cache_dir] = ResultCache(settings.cache_dir)
    server = LOCAL if settings.url == LOCAL else normalize_url(settings.url)
    params = settings.params(language)
    vocabulary = load_vocabulary(settings.vocabulary) if settings.vocabulary else Vocabulary()
    session: _Session | None = None
    for chunk in chunks:
        data = chunk.data()
        key = request_key(server, data, params)
        found = cache.get(key)
        if found is None:
            if session is None:
                session = _session(settings, language)
                if not session.client.supports(language):
                    if language == settings.language:
                        raise LanguageToolUnavailable(
                            f"LanguageTool at {session.client.url} does not support language "
                            f"{language!r} (the `language` setting); see its /v2/languages"
                        )
                    report.unsupported_language = language
                    return report
            found = _ask(session, data, params, chunk.plain_size)
            cache.put(key, found)
        report.matches.extend(_place(doc, chunk, found, vocabulary))
    return report


def _session(settings: Settings, language: str) -> _Session:
    key = (
        settings.url,
        settings.timeout,
        settings.retries,
        settings.retry_delay,
        settings.requests_per_minute,
        settings.bytes_per_minute,
    )
    session = _sessions.get(key)
    if session is None:
        url = settings.url
        if url == LOCAL:
            from postlint.languagetool.local import local_server_url

            try:
                url = local_server_url(language)
            except LanguageToolUnavailable as failure:
                _sessions[key] = _Session(Client("http://127.0.0.1:1"), failure)
                raise
        public = is_public_api(url)
        throttle = Throttle(
            settings.requests_per_minute or (PUBLIC_REQUESTS_PER_MINUTE if public else 0),
            settings.bytes_per_minute or (PUBLIC_BYTES_PER_MINUTE if public else 0),
        )
        client = Client(
            url,
            timeout=settings.timeout,
            retries=settings.retries,
            retry_delay=settings.retry_delay,
            throttle=throttle,
        )
        session = _sessions[key] = _Session(client)
    if session.failure is not None:
        raise session.failure
    return session


def _ask(
    session: _Session, data: str, params: dict[str, str], text_size: int
) -> list[dict[str, Any]]:
    try:
        matches = session.client.check(data, params, text_size)
    except LanguageToolUnavailable as failure:
        session.failure = failure
        raise
    return [_trim(m) for m in matches if isinstance(m, dict)]


def _trim(match: dict[str, Any]) -> dict[str, Any]:
    """The fields postlint uses, so the cache stays small."""
    rule = match.get("rule") if isinstance(match.get("rule"), dict) else {}
    category = rule.get("category") if isinstance(rule.get("category"), dict) else {}
    replacements = [
        r["value"]
        for r in match.get("replacements") or []
        if isinstance(r, dict) and isinstance(r.get("value"), str)
    ]
    return {
        "offset": match.get("offset"),
        "length": match.get("length"),
        "message": str(match.get("message") or match.get("shortMessage") or ""),
        "replacements": replacements[:10],
        "rule": {
            "id": str(rule.get("id", "")),
            "issueType": str(rule.get("issueType", "")),
            "category": {"id": str(category.get("id", "")), "name": str(category.get("name", ""))},
        },
    }


def _place(
    doc: Document, chunk: Any, matches: list[dict[str, Any]], vocabulary: Vocabulary
) -> list[Match]:
    placed: list[Match] = []
    for match in matches:
        offset, length = match.get("offset"), match.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0:
            continue
        start, end, replaceable = chunk.file_span(offset, max(0, length))
        rule = match["rule"]
        item = Match(
            start,
            end,
            replaceable,
            rule["id"],
            rule["category"]["id"],
            rule["category"]["name"],
            rule["issueType"],
            match["message"],
            match["replacements"],
        )
        if item.spelling and vocabulary.accepts(doc.text[start:end]):
            continue
        placed.append(item)
    return placed
