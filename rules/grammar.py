"""Grammar and spelling rules (LT): LanguageTool's matches on the prose of a post.

Opt-in (`--select LT` or `extend-select = ["LT"]`): they need a LanguageTool server, a
self-hosted one, the public API, or language-tool-python's local mode. Options live in
`[tool.postlint.languagetool]`; `--languagetool-url URL` overrides `url`.
"""

from __future__ import annotations

from collections.abc import Iterator

from postlint.document import Document
from postlint.model import Edit, Fix, Severity, Violation
from postlint.rule import Option, Options, Rule

MAX_SUGGESTIONS = 3

OPTIONS: tuple[Option, ...] = (
    Option(
        "url",
        str,
        "",
        "LanguageTool server root (http://localhost:8010, "
        'https://api.languagetool.org) or "local" for language-tool-python\'s local server',
    ),
    Option("language", str, "en-US", "language code; a post's `lang` front-matter key wins"),
    Option("mother_tongue", str, "", "the author's first language, for false-friend checks"),
    Option("disabled_rules", list, [], "LanguageTool rule ids never reported"),
    Option("enabled_rules", list, [], "LanguageTool rule ids turned on (off by default there)"),
    Option("disabled_categories", list, [], "LanguageTool category ids never reported"),
    Option("enabled_categories", list, [], "LanguageTool category ids turned on"),
    Option("picky", bool, False, "LanguageTool's picky level: more style matches"),
    Option(
        "vocabulary",
        str,
        "postlint-words.txt",
        "file of accepted words, one a line, "
        "relative to the config file; `postlint add-words WORD...` appends to it",
    ),
    Option("cache", bool, True, "keep results on disk so an unchanged post is never resent"),
    Option("cache_dir", str, ".postlint_cache", "cache folder, relative to the config file"),
    Option("timeout", float, 20.0, "seconds to wait for one answer of the server"),
    Option(
        "max_text_length",
        int,
        20_000,
        "largest text of one request (UTF-16 units); "
        "longer posts are split on paragraph boundaries",
    ),
    Option(
        "requests_per_minute",
        int,
        0,
        "throttle; 0 means 20 for the public API and no limit for other servers",
    ),
    Option(
        "bytes_per_minute",
        int,
        0,
        "throttle; 0 means 75000 for the public API and no limit for other servers",
    ),
    Option("retries", int, 3, "retries after HTTP 429/426/503 before giving up for the run"),
    Option(
        "retry_delay",
        float,
        5.0,
        "first back-off in seconds (doubles each retry; the server's Retry-After wins)",
    ),
)


class _LanguageToolRule(Rule):
    default_enabled = False
    fixable = "unsafe"
    options = OPTIONS
    config_section = "languagetool"
    # Results depend on the server and the vocabulary file, not only on the post: the file
    # result cache must not keep them. Requests have their own cache (postlint/languagetool).
    cacheable = False
    needs_network = True
    spelling: bool

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        from postlint.languagetool import Settings, check

        report = check(doc, Settings.from_options(options))
        if report.unsupported_language is not None and not self.spelling:
            key = next((k for k in ("lang", "language") if k in doc.meta), None)
            yield self.key_violation(
                doc,
                key,
                f"LanguageTool does not support language "
                f"{report.unsupported_language!r}: use a code from the server's /v2/languages "
                "(e.g. en-US, de-DE, fr)",
            )
        for match in report.matches:
            if match.spelling != self.spelling:
                continue
            yield self.at_offsets(doc, match.start, match.end, _message(match), fix=_fix(match))


def _message(match) -> str:
    category = match.category or match.category_id or "uncategorized"
    text = f"{match.message.strip() or 'LanguageTool match'} ({match.rule_id}, {category})"
    suggestions = [s for s in match.replacements[:MAX_SUGGESTIONS]]
    if suggestions:
        text += "; suggestions: " + ", ".join(f'"{s}"' for s in suggestions)
    return text


def _fix(match) -> Fix | None:
    """One replacement is a fix, but unsafe: LanguageTool can be wrong about intent."""
    if len(match.replacements) != 1 or not match.replaceable:
        return None
    value = match.replacements[0]
    return Fix((Edit(match.start, match.end, value),), f'replace with "{value}"', safe=False)


class SpellingMistake(_LanguageToolRule):
    """Reports words LanguageTool's spell checker does not know (its `misspelling` matches).

    Only prose is checked: code blocks, inline code, URLs, HTML and front matter are sent as
    markup that LanguageTool skips, and every match points at the word's line and column in
    the file. Words in the project vocabulary (option `vocabulary`, default
    `postlint-words.txt` beside the config) are accepted; add product names and jargon with
    `postlint add-words Kubernetes kubectl`.

    ## Why
    "recieve" and "seperate" survive every proofreading pass of the author's own eyes.

    ## Example
    `We will recieve it.` fires (`MORFOLOGIK_RULE_EN_US`, suggestion "receive");
    `` Run `kubectl apply` `` does not, since inline code is never checked.

    ## Fix
    With a single suggestion, `--fix --unsafe-fixes` applies it. Otherwise correct the word,
    or add it to the vocabulary when it is right.

    ## Server
    The options below are shared by LT001 and LT002, in `[tool.postlint.languagetool]`; a
    server is required (see the README section "Grammar and spelling (LanguageTool)"). When
    the server cannot be used, postlint prints one error for the run, still reports the other
    rules, and exits 2.
    """

    code = "LT001"
    name = "spelling"
    summary = "A word LanguageTool's spell checker does not know (opt-in, needs a server)"
    severity = Severity.WARNING
    spelling = True


class GrammarMistake(_LanguageToolRule):
    """Reports LanguageTool's grammar, punctuation, typography and style matches.

    Everything LanguageTool finds that is not a spelling match: "their is", "a apple",
    doubled words, wrong verb forms, and with `picky = true` style advice too. The message
    carries LanguageTool's rule id and category, so a false positive can be turned off with
    `disabled-rules = ["RULE_ID"]` or `disabled-categories = ["CATEGORY_ID"]`.
    A post's `lang` key that the server does not support is reported here, at that key.

    ## Why
    Grammar slips undermine a post more than any metadata problem, and a linter in CI catches
    them before readers do.

    ## Example
    `Their is a problem.` fires (a grammar rule suggesting "There is"); the same words
    inside code blocks, inline code and link URLs never do.

    ## Fix
    With a single suggestion, `--fix --unsafe-fixes` applies it; otherwise rewrite the
    sentence.

    ## Server
    The options below are shared with LT001, in `[tool.postlint.languagetool]`.
    """

    code = "LT002"
    name = "grammar"
    summary = "A grammar, punctuation or style match from LanguageTool (opt-in, needs a server)"
    severity = Severity.WARNING
    spelling = False
