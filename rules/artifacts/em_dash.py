"""AI009: a lost em dash, " , " where " — " was stripped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.document import Document
from postlint.model import Edit, Fix, Violation
from postlint.rule import Options, Rule

from .scope import TEXT_FIELDS, quote, scans

# A comma with a space on both sides between two words: where a pipeline that strips em
# dashes ("Microservices — and What …") leaves its mark. A number that follows a word may come
# before it ("tram 28 , and everyone queues"); not one in a formula ("= 2 , and") or a list of
# numbers ("1 , 2 , 3").
_SPACED_COMMA = re.compile(
    r"(?:(?<=[^\W\d_])|(?<=[^\W\d_] \d)|(?<=[^\W\d_] \d\d)"
    r"|(?<=[^\W\d_] \d\d\d)|(?<=[^\W\d_] \d\d\d\d))"
    r" , (?=[^\W\d_])"
)


class LostEmDash(Rule):
    """Reports a spaced comma (" , ") where an em dash was removed, in the title, the other
    front-matter text fields or the prose.

    ## Why
    Some publishing pipelines and "de-AI" scripts strip em dashes and leave " , " behind:
    "Microservices , and What Backend Engineers Need". It reads as a typo in a headline.

    ## Example
    Fires: `title: "Backing Up a Live SQLite Database , and What We Learned"`, "A jar, a
    filter and an overnight steep , with real numbers."

    Also after a number: "Everyone rides tram 28 , and everyone queues".

    Does not fire: "1 , 2 , 3" (numbers), a comma without a space before it, code and
    inline code, blockquotes.

    ## Fix
    Unsafe (`--unsafe-fixes`): replaces " , " with " — ". A comma may have been meant, so
    check the sentence.
    """

    code = "AI009"
    name = "lost-em-dash"
    summary = "A spaced comma (' , ') where an em dash was lost"
    fixable = "unsafe"

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        if " , " not in doc.text:
            return
        yield from self._fields(doc)
        for scan in scans(doc):
            if " , " not in scan.text:
                continue
            for match in _SPACED_COMMA.finditer(scan.text):
                start, end = scan.block.source_span(match.start(), match.end())
                if doc.text[start:end] != " , ":  # inline code or a link was cut out here
                    continue
                yield self.at_prose(
                    doc,
                    scan.block,
                    match.start() + 1,
                    match.start() + 2,
                    self._message(scan.text, match.start()),
                    fix=self._fix(doc, start, end),
                )

    def _fields(self, doc: Document) -> Iterator[Violation]:
        spans = doc.front_matter.value_spans
        for key in TEXT_FIELDS:
            value = doc.meta.get(key)
            if not isinstance(value, str) or " , " not in value:
                continue
            match = _SPACED_COMMA.search(value)
            if not match:
                continue
            fix = None
            if key in spans:
                start, end = spans[key]
                at = _SPACED_COMMA.search(doc.text, start, end)
                if at:
                    fix = self._fix(doc, at.start(), at.end())
            yield self.key_violation(
                doc,
                key,
                f"lost em dash in front matter `{key}`: "
                f"{self._message(value, match.start())[len('lost em dash: ') :]}",
                fix=fix,
            )

    @staticmethod
    def _message(text: str, at: int) -> str:
        context = quote(_snippet(text, at), 80)
        return f'lost em dash: " , " in "{context}" reads as a stray comma; was it " — "?'

    @staticmethod
    def _fix(doc: Document, start: int, end: int) -> Fix | None:
        if doc.text[start:end] != " , ":
            return None
        return Fix((Edit(start, end, " — "),), 'replace " , " with " — "', safe=False)


def _snippet(text: str, at: int, before: int = 30, after: int = 33) -> str:
    """About ``before`` and ``after`` characters around the comma at ``at``, cut between words
    (never "o-Downtime Postgres …"), with an ellipsis where the text goes on."""
    start, end = max(0, at - before), min(len(text), at + after)
    if start > 0 and not text[start - 1].isspace():
        # Drop the cut word; if the whole stretch is one word, keep that word whole.
        space = _next_space(text, start, at)
        start = space + 1 if space is not None else _word_start(text, start)
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", at + 3, end)
        end = space if space > at + 3 else _word_end(text, end)
    head = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    return f"{head}{text[start:end].strip()}{tail}"


def _next_space(text: str, start: int, stop: int) -> int | None:
    for i in range(start, stop):
        if text[i].isspace():
            return i
    return None


def _word_start(text: str, index: int) -> int:
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    while index < len(text) and not text[index].isspace():
        index += 1
    return index
