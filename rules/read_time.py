"""Read-time rules (RT): the "12 min read" a post claims against what its prose takes to read.

Options live in `[tool.postlint.read-time]` (shared by every RT rule) or `[rules.RT001]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from postlint.document import Document
from postlint.model import Edit, Fix, Severity, Violation
from postlint.prose import count_words
from postlint.readtime import (
    DEFAULT_STYLE,
    STYLES,
    Claim,
    compute_minutes,
    format_minutes,
    image_seconds,
    is_mismatch,
    parse_claim,
)
from postlint.rule import Option, Options, Rule

DEFAULT_KEYS = ["read_time", "reading_time", "readingTime", "readtime", "read-time", "time_to_read"]

_OPTIONS = (
    Option("keys", list, DEFAULT_KEYS, "front-matter keys that hold the claimed read time"),
    Option(
        "style",
        str,
        DEFAULT_STYLE,
        "the site engine whose formula to copy: medium (265 wpm "
        "+ image time), gatsby (265, rounded), ghost (275 + image time), hugo (213, rounded "
        "up), reading-time / npm (200, rounded up)",
        tuple(sorted(STYLES)),
    ),
    Option("words_per_minute", int, 0, "reading speed; 0 takes the style's"),
    Option("rounding", str, "style", "up, nearest, or the style's", ("style", "up", "nearest")),
    Option(
        "images",
        str,
        "style",
        "add Medium's 12 s..3 s per image: yes, no, or the style's",
        ("style", "yes", "no"),
    ),
    Option("count_code", bool, False, "count the words of code blocks and inline code"),
    Option(
        "tolerance_minutes",
        float,
        1.0,
        "a claim is wrong only when off by more minutes than this...",
    ),
    Option("tolerance_percent", float, 20.0, "...and by more than this percentage"),
)


@dataclass(frozen=True)
class Estimate:
    minutes: int
    words: int
    words_per_minute: int
    images: int  # images whose time was added (0 when image time is off)

    def explain(self) -> str:
        extra = f" + {self.images} image{'s' if self.images != 1 else ''}" if self.images else ""
        return f"{self.words:,} words at {self.words_per_minute} wpm{extra}"


def estimate(doc: Document, options: Options) -> Estimate:
    """The read time a site using these options would print for this post."""
    style = STYLES[options.style]
    wpm = options.words_per_minute or style.words_per_minute
    rounding = style.rounding if options.rounding == "style" else options.rounding
    with_images = style.images if options.images == "style" else options.images == "yes"
    words = doc.word_count
    if options.count_code:
        words += sum(count_words(block.content) for block in doc.code_blocks)
        words += sum(
            count_words(e.content) for b in doc.blocks for e in b.elisions if e.kind == "code"
        )
    images = len(doc.images) if with_images else 0
    return Estimate(
        compute_minutes(words, wpm, rounding, image_seconds(images)), words, wpm, images
    )


def find_claim(doc: Document, keys: list[str]) -> tuple[str, object] | None:
    """(key, value) of the first claimed read time in the front matter."""
    data = doc.meta
    for key in keys:
        if key in data and data[key] not in (None, ""):
            return key, data[key]
    return None


def rewrite_fix(doc: Document, key: str, claim: Claim, minutes: int) -> Fix | None:
    """An edit of the value's characters only, keeping quotes and form; None if unsure."""
    span = doc.front_matter.value_spans.get(key)
    if span is None:
        return None
    start, end = span
    raw = doc.text[start:end]
    quote = raw[0] if raw[:1] in ("'", '"') and len(raw) >= 2 and raw[-1] == raw[0] else ""
    inner = raw[1:-1] if quote else raw
    if isinstance(claim.raw, str):
        if inner != claim.raw:  # escapes or a multi-line scalar: do not guess
            return None
    elif inner.strip() != str(claim.raw) and not _same_number(inner, claim.raw):
        return None
    new = claim.render(minutes)
    if isinstance(new, str) and not quote and doc.front_matter.format != "yaml":
        return None  # TOML and JSON strings are always quoted; an unquoted one is odd
    replacement = f"{quote}{new}{quote}"
    return Fix((Edit(start, end, replacement),), f"set `{key}` to {replacement}")


def _same_number(text: str, value: object) -> bool:
    try:
        return float(text.strip()) == float(value)  # type: ignore[arg-type]
    except ValueError:
        return False


class ReadTimeMismatch(Rule):
    """Reports a claimed read time that the post's prose does not support.

    The read time is computed from the words a reader reads (the prose view: no front matter,
    no code blocks unless `count-code` is on, no URLs, no HTML) at the style's words per
    minute, plus image time for the Medium and Ghost styles, rounded as the site rounds.

    ## Why
    "12 min read" on a post that takes 4 minutes tells readers the page is padded or the
    number was invented; a stale value survives every edit of the post.

    ## Example
    With the default style (265 wpm, rounded), a 1,050-word post fires with
    `read_time: "12 min read"` ("claims 12 min, reads in about 4 min (1,050 words at
    265 wpm)") and is fine with `read_time: "4 min read"` or `read_time: 5`.

    ## Fix
    Safe: the value is rewritten in place in its own form (`12` becomes `4`, `"12 min read"`
    becomes `"4 min read"`, `"1h 5m"` keeps hours and minutes); nothing else in the file
    changes.

    ## Options
    `style`: `gatsby` (default: 265 wpm, rounded), `medium` (265 wpm plus 12 s for the first
    image, 11 s for the second, down to 3 s), `ghost` (275 wpm plus image time), `hugo`
    (213 wpm, rounded up, like `.ReadingTime`), `reading-time`/`npm` (200 wpm, rounded up).
    `words-per-minute`, `rounding`, `images` override the style; `count-code` counts code
    words; a claim is wrong when it is off by more than `tolerance-minutes` (1) and by more
    than `tolerance-percent` (20). `keys` lists the front-matter keys read.
    """

    code = "RT001"
    name = "read-time-mismatch"
    summary = "The claimed read time does not match the prose word count"
    severity = Severity.WARNING
    fixable = "safe"
    options = _OPTIONS
    config_section = "read-time"
    file_level = True  # a body edit makes the claim wrong: --diff-base reports it for the file

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        found = find_claim(doc, options.keys)
        if found is None:
            return
        key, value = found
        claim = parse_claim(value)
        if claim is None:
            return  # RT002 reports it
        result = estimate(doc, options)
        if not is_mismatch(
            claim.minutes, result.minutes, options.tolerance_minutes, options.tolerance_percent
        ):
            return
        message = (
            f"`{key}` claims {format_minutes(claim.minutes)}, reads in about "
            f"{format_minutes(result.minutes)} ({result.explain()})"
        )
        yield self.key_violation(
            doc, key, message, fix=rewrite_fix(doc, key, claim, result.minutes)
        )


class UnparsableReadTime(Rule):
    """Reports a read-time value that is not a duration postlint can read.

    Accepted forms: `12`, `12.5`, `"12 min"`, `"12 min read"`, `"12 minutes"`, `"~5 mins"`,
    `"1h 5m"`, `"1 hour 5 minutes"` and ISO 8601 `"PT12M"`.

    ## Why
    A template that prints `{{ read_time }} min read` shows garbage when the value is
    `"quick"` or `[4]`; and RT001 cannot check a value it cannot read.

    ## Example
    `read_time: "a few minutes"` and `reading_time: [4]` fire; `read_time: "4 min read"` does
    not.
    """

    code = "RT002"
    name = "unparsable-read-time"
    summary = 'The front-matter read time is not a duration (e.g. "soon" or a list)'
    severity = Severity.WARNING
    options = _OPTIONS
    config_section = "read-time"

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        found = find_claim(doc, options.keys)
        if found is None:
            return
        key, value = found
        if parse_claim(value) is None:
            yield self.key_violation(
                doc,
                key,
                f"`{key}` is {value!r}, not a read time: write a number of minutes "
                'such as `4` or "4 min read"',
            )


class MissingReadTime(Rule):
    """Reports a post without a read time, for sites whose templates print one.

    Off by default: enable it with `extend-select = ["RT003"]`.

    ## Example
    A post whose front matter has none of the `keys` fires on line 1 and names the read time
    to add; a post with `read_time: 4` does not.
    """

    code = "RT003"
    name = "missing-read-time"
    summary = "The post has no read time in its front matter (opt-in)"
    severity = Severity.WARNING
    default_enabled = False
    options = _OPTIONS
    config_section = "read-time"

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        fm = doc.front_matter
        if not fm.present or fm.error or find_claim(doc, options.keys) is not None:
            return
        result = estimate(doc, options)
        yield Violation(
            1, 1, f"no read time: add `{options.keys[0]}: {result.minutes}` ({result.explain()})"
        )
