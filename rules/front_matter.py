"""Front-matter rules (FM): the metadata a post needs before it is published."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from postlint.document import Document
from postlint.errors import RuleUnavailable
from postlint.model import Severity, Violation
from postlint.rule import Option, Options, Rule

DEFAULT_TAG_KEYS = ["tags", "categories", "category"]
DEFAULT_DATE_KEYS = ["date", "publishDate", "pubDate", "published"]
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d",
    "%d %B %Y",
    "%B %d, %Y",
    "%b %d, %Y",
)


class MissingFrontMatter(Rule):
    """Reports a post without front matter.

    ## Why
    Static site generators read the title, date and tags of a post from its front matter; a
    post without it is published untitled, undated and unfindable.

    ## Example
    A file that starts directly with `# My post` fires; one that starts with a `---`, `+++`
    or `{` front matter block does not. Files whose front matter is malformed are reported by
    FM002 instead.

    ## Options
    Turn it off for folders of plain Markdown pages with `ignore = ["FM001"]` or
    `per-file-ignores`.
    """

    code = "FM001"
    name = "missing-front-matter"
    summary = "The post has no front matter block"
    severity = Severity.ERROR

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        if not doc.front_matter.present:
            yield Violation(
                1,
                1,
                "no front matter: start the post with a `---` YAML block "
                "holding at least its title and date",
            )


class InvalidFrontMatter(Rule):
    """Reports front matter that cannot be parsed, at the line and column of the problem.

    Covers invalid YAML, TOML and JSON, a block that is never closed, front matter that is a
    list or a scalar instead of a mapping, and YAML whose aliases expand to an absurd size.

    ## Why
    Generators either fail the build or silently drop every field of a post whose front
    matter does not parse.

    ## Example
    ```markdown
    ---
    title: "Unclosed quote
    ---
    ```
    """

    code = "FM002"
    name = "invalid-front-matter"
    summary = "The front matter does not parse (YAML, TOML or JSON error)"
    severity = Severity.ERROR

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        error = doc.front_matter.error
        if error is not None:
            yield Violation(error.line, error.column, error.message)


class MissingRequiredKey(Rule):
    """Reports a required front-matter key that is missing or empty.

    ## Example
    With the default `keys = ["title", "date"]`, a post whose front matter has a title but no
    `date` fires on line 1.

    ## Options
    `keys`: the keys every post must have, e.g. `["title", "date", "description"]`.
    """

    code = "FM003"
    name = "missing-required-key"
    summary = "A required front-matter key (default: title, date) is missing or empty"
    severity = Severity.ERROR
    options = (Option("keys", list, ["title", "date"], "keys every post must have"),)

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        fm = doc.front_matter
        if not fm.present or fm.error:
            return
        for key in options.keys:
            value = fm.data.get(key)
            if key not in fm.data:
                yield Violation(1, 1, f"required front-matter key `{key}` is missing")
            elif _is_empty(value):
                yield self.key_violation(doc, key, f"required front-matter key `{key}` is empty")


class MissingTags(Rule):
    """Reports a post whose tags are missing or empty.

    Any of the configured keys counts (default `tags` or `categories`); a string
    (`tags: "python, testing"`) or a list is accepted.

    ## Why
    Untagged posts never show up on tag pages, in related-post widgets or in feeds filtered
    by topic. A post drafted in a hurry (or by a model) usually ships without them.

    ## Example
    ```yaml
    tags: []        # fires: empty
    tags: [python]  # fine
    ```

    ## Options
    `keys`: the front-matter keys that hold tags.
    """

    code = "FM004"
    name = "missing-tags"
    summary = "The post has no tags (tags/categories missing or empty)"
    severity = Severity.ERROR
    options = (Option("keys", list, DEFAULT_TAG_KEYS, "front-matter keys that hold tags"),)

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        fm = doc.front_matter
        if not fm.present or fm.error:
            return
        present = [key for key in options.keys if key in fm.data]
        if any(tag_list(fm.data[key]) for key in present):
            return
        wanted = " or ".join(f"`{k}`" for k in options.keys)
        if present:
            key = present[0]
            yield self.key_violation(doc, key, f"`{key}` is empty: add at least one tag")
        else:
            yield Violation(1, 1, f"no tags: add a {wanted} list to the front matter")


class UnknownTag(Rule):
    """Reports a tag outside the site's tag vocabulary, with a "did you mean" suggestion.

    Silent until a vocabulary is configured.

    ## Example
    With `vocabulary = ["python", "testing"]`, `tags: [pyhton]` fires:
    `tag "pyhton" is not in the vocabulary; did you mean "python"?`

    ## Options
    `vocabulary`: the allowed tags. `vocabulary-file`: a file with one tag per line (relative
    to the config file; `#` starts a comment). `keys`: the keys that hold tags.
    `case-sensitive`: compare tags exactly (default false).
    """

    code = "FM005"
    name = "unknown-tag"
    summary = "A tag is not in the configured tag vocabulary"
    options = (
        Option("vocabulary", list, [], "allowed tags"),
        Option("vocabulary_file", str, "", "file with one allowed tag per line"),
        Option("keys", list, DEFAULT_TAG_KEYS, "front-matter keys that hold tags"),
        Option("case_sensitive", bool, False, "compare tags exactly"),
    )

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        allowed = list(options.vocabulary)
        if options.vocabulary_file:
            allowed += _read_vocabulary(str(Path(options.root) / options.vocabulary_file))
        if not allowed:
            return
        fold = (lambda s: s) if options.case_sensitive else str.casefold
        known = {fold(tag): tag for tag in allowed}
        for key in options.keys:
            for tag in tag_list(doc.meta.get(key)):
                if fold(tag) in known:
                    continue
                close = difflib.get_close_matches(fold(tag), list(known), n=1, cutoff=0.6)
                hint = f'; did you mean "{known[close[0]]}"?' if close else ""
                yield self.key_violation(
                    doc, key, f'tag "{tag}" is not in the tag vocabulary{hint}'
                )


class DuplicateTag(Rule):
    """Reports a tag listed twice, including case or spacing variants ("Python", "python").

    ## Why
    Variants split one topic over several tag pages.

    ## Example
    `tags: [python, Python]` fires on the `tags` line.
    """

    code = "FM006"
    name = "duplicate-tag"
    summary = "The same tag appears twice (including case variants)"
    options = (Option("keys", list, DEFAULT_TAG_KEYS, "front-matter keys that hold tags"),)

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        for key in options.keys:
            seen: dict[str, str] = {}
            for tag in tag_list(doc.meta.get(key)):
                folded = " ".join(tag.casefold().replace("-", " ").replace("_", " ").split())
                if folded in seen:
                    first = seen[folded]
                    same = "listed twice" if first == tag else f'a variant of "{first}"'
                    yield self.key_violation(doc, key, f'tag "{tag}" is {same}')
                else:
                    seen[folded] = tag


class InvalidDate(Rule):
    """Reports a front-matter date that cannot be parsed as a date.

    YAML and TOML dates, ISO 8601 strings (`2024-05-01`, `2024-05-01T10:00:00Z`), Jekyll's
    `2024-05-01 10:00:00 +0100` and written dates (`May 1, 2024`) are accepted.

    ## Example
    `date: 2024-13-45` and `date: next tuesday` fire on the `date` line.

    ## Options
    `keys`: the keys that hold the publication date (the first present is checked).
    """

    code = "FM007"
    name = "invalid-date"
    summary = "The front-matter date cannot be parsed"
    severity = Severity.ERROR
    options = (Option("keys", list, DEFAULT_DATE_KEYS, "keys that hold the publication date"),)

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        key = _first_key(doc, options.keys)
        if key is None:
            return
        value = doc.meta[key]
        if value in (None, ""):
            return  # FM003 reports an empty required date
        if parse_date(value) is None:
            yield self.key_violation(doc, key, f"`{key}` value {value!r} is not a date")


class FutureDate(Rule):
    """Reports a publication date in the future.

    Many generators silently skip future-dated posts, so the post "disappears" after merge.
    Drafts (`draft: true`) are not reported.

    ## Options
    `keys`: the keys that hold the date. `allow-days`: how many days ahead are tolerated
    (time zones, scheduled posts); default 1.
    """

    code = "FM008"
    name = "future-date"
    summary = "The publication date is in the future"
    options = (
        Option("keys", list, DEFAULT_DATE_KEYS, "keys that hold the publication date"),
        Option("allow_days", int, 1, "days ahead that are tolerated"),
    )

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        key = _first_key(doc, options.keys)
        if key is None or doc.meta.get("draft") is True:
            return
        date = parse_date(doc.meta[key])
        if date is None:
            return
        today = dt.date.today()
        if date > today + dt.timedelta(days=options.allow_days):
            yield self.key_violation(
                doc,
                key,
                f"`{key}` {date.isoformat()} is in the future (today is "
                f"{today.isoformat()}); generators may skip the post",
            )


class DuplicateKey(Rule):
    """Reports a front-matter key written twice.

    YAML loaders keep only one of the values (which one depends on the generator), so an
    edit to the first occurrence silently does nothing.

    ## Example
    ```yaml
    title: Draft title
    title: Final title   # fires here
    ```
    """

    code = "FM009"
    name = "duplicate-key"
    summary = "A front-matter key is defined twice"
    severity = Severity.ERROR

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        for key, line in doc.front_matter.duplicate_keys:
            first = doc.key_line(key)
            yield self.at_line(
                doc, line, f"front-matter key `{key}` is defined twice (first on line {first})"
            )


def _is_empty(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, (str, list, dict)) and not value)
        or (isinstance(value, str) and not value.strip())
    )


def tag_list(value: Any) -> list[str]:
    """Tags from a list or a comma-separated string; non-strings are stringified."""
    if value is None:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    if isinstance(value, (list, tuple)):
        return [str(t).strip() for t in value if t is not None and str(t).strip()]
    return [str(value)]


def _first_key(doc: Document, keys: list[str]) -> str | None:
    return next((key for key in keys if key in doc.meta), None)


def parse_date(value: Any) -> dt.date | None:
    """A date from a YAML/TOML date, an ISO 8601 string or a common written form."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def _read_vocabulary(path: str) -> list[str]:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise RuleUnavailable(f"cannot read vocabulary-file {path}: {exc.strerror}") from None
    # Keyed by mtime and size too, so a long-lived process sees an edited file.
    return _vocabulary(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=32)
def _vocabulary(path: str, _mtime: int, _size: int) -> list[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8"
        raise RuleUnavailable(f"cannot read vocabulary-file {path}: {reason}") from None
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
