"""Readability rules (RD): scores of the whole post, long sentences and walls of text.

Scores use textstat 0.7.8 on the prose view only (code, inline code, URLs and front matter
never count as words or split sentences); textstat is imported when an RD rule first runs.
Options live in `[tool.postlint.readability]` (shared by every RD rule) or `[rules.RD001]`,
so a `docs/` folder can set its own limits in its own config file.
"""

from __future__ import annotations

from collections.abc import Iterator

from postlint.document import Document
from postlint.model import Severity, Violation
from postlint.rule import Option, Options, Rule

GRADE_FORMULAS = ("flesch-kincaid", "gunning-fog", "smog", "coleman-liau", "ari", "dale-chall")

_OPTIONS = (
    Option(
        "min_reading_ease",
        float,
        30.0,
        "Flesch reading ease below this fires RD001 "
        "(30 is 'difficult, college graduate'; plain English is 60+)",
    ),
    Option("max_grade", float, 16.0, "grade level above this fires RD002"),
    Option("grade_formula", str, "flesch-kincaid", "the grade formula of RD002", GRADE_FORMULAS),
    Option("min_words", int, 200, "posts with fewer prose words get no RD001/RD002 score"),
    Option("long_sentence_words", int, 25, "sentences over this count as long in messages"),
    Option("max_sentence_words", int, 40, "a sentence with more words fires RD003"),
    Option("max_paragraph_words", int, 250, "a paragraph with more words fires RD004"),
    Option("language", str, "en", "language of posts without a `lang`/`language` key"),
    Option("language_keys", list, ["lang", "language"], "front-matter keys naming the language"),
)


def _scores(doc: Document, options: Options):
    """Scores of the post in its language, or None when it is too short or has no language."""
    from postlint.readability import document_scores, post_language

    lang, _raw = post_language(doc, options.language_keys, options.language)
    if lang is None or doc.word_count < options.min_words:
        return None
    scores = document_scores(doc, lang)
    return scores if scores.words >= options.min_words else None


def _first_prose_line(doc: Document) -> int:
    """Post-level findings point at the first paragraph, where the prose starts."""
    paragraphs = doc.prose.paragraphs
    return paragraphs[0].line if paragraphs else doc.body_line


def _context(doc: Document, options: Options, scores, *, grade: bool) -> str:
    from postlint.readability import GRADE_FORMULAS as NAMES
    from postlint.readability import long_sentence_share

    share = long_sentence_share(doc, options.long_sentence_words)
    parts = []
    if grade:
        value = scores.grade(options.grade_formula)
        if value is not None:
            label = (
                "grade"
                if options.grade_formula == "flesch-kincaid"
                else NAMES[options.grade_formula]
            )
            parts.append(f"{label} {value:.1f}")
    elif scores.reading_ease is not None:
        parts.append(f"reading ease {scores.reading_ease:.1f}")
    parts.append(f"{share:.0f} % of sentences over {options.long_sentence_words} words")
    return ", ".join(parts)


class LowReadingEase(Rule):
    """Reports a post whose Flesch reading ease is below the minimum.

    Scored on prose only (paragraphs, list items and quotes; not code, headings, tables or
    front matter), in the post's language (`lang`/`language` key, else the `language`
    option). Flesch reading ease exists for English, German, Spanish, French, Italian, Dutch,
    Russian and Hungarian; other languages are skipped, not scored with English constants.
    Posts under `min-words` prose words are skipped: scores of short texts are noise.

    ## Why
    Reading ease falls with long sentences and long words. Under 30 reads like a contract;
    readers of a blog leave.

    ## Example
    A post of 300 words in eight sentences full of "notwithstanding", "aforementioned" and
    "organisational" fires: "Flesch reading ease 18.4 is below 30 (grade 16.2, 41 % of
    sentences over 25 words)". A post of plain 15-word sentences does not.

    ## Fix
    Split long sentences (RD003 shows them) and prefer short words.
    """

    code = "RD001"
    name = "low-reading-ease"
    summary = "Flesch reading ease of the prose is below the minimum (default 30)"
    severity = Severity.WARNING
    options = _OPTIONS
    config_section = "readability"

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        scores = _scores(doc, options)
        if scores is None or scores.reading_ease is None:
            return
        if scores.reading_ease < options.min_reading_ease:
            yield Violation(
                _first_prose_line(doc),
                1,
                (
                    f"Flesch reading ease {scores.reading_ease:.1f} is below "
                    f"{options.min_reading_ease:g} ({_context(doc, options, scores, grade=True)})"
                ),
            )


class HighGradeLevel(Rule):
    """Reports a post whose grade level is above the maximum.

    The formula is `grade-formula`: `flesch-kincaid` (default), `gunning-fog`, `smog`,
    `coleman-liau`, `ari` or `dale-chall` (a Dale-Chall score of 9-9.9 means college level;
    set `max-grade` to suit). These formulas are English-only: posts in other languages are
    skipped. Scored on prose only, like RD001.

    ## Why
    A general technical blog reads well around grade 10 to 14; above 16 only specialists
    keep reading.

    ## Example
    "Flesch-Kincaid grade 17.3 is above 16 (reading ease 21.0, 38 % of sentences over 25
    words)".

    ## Fix
    Shorter sentences lower every formula; fewer long words lower most.
    """

    code = "RD002"
    name = "high-grade-level"
    summary = "The grade level of the prose is above the maximum (default Flesch-Kincaid 16)"
    severity = Severity.WARNING
    options = _OPTIONS
    config_section = "readability"

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        from postlint.readability import GRADE_FORMULAS as NAMES

        scores = _scores(doc, options)
        if scores is None:
            return
        value = scores.grade(options.grade_formula)
        if value is not None and value > options.max_grade:
            yield Violation(
                _first_prose_line(doc),
                1,
                (
                    f"{NAMES[options.grade_formula]} {value:.1f} is above {options.max_grade:g} "
                    f"({_context(doc, options, scores, grade=False)})"
                ),
            )


class LongSentence(Rule):
    """Reports a sentence with more words than `max-sentence-words` (default 40).

    Words are counted in the prose view: inline code and URLs are not words, and a version
    number or "e.g." does not end a sentence.

    ## Example
    A 52-word sentence fires at its first line ("sentence of 52 words (limit 40)"); two
    sentences of 26 words do not.

    ## Fix
    Split it where it changes subject, or turn a list of clauses into a bulleted list.
    """

    code = "RD003"
    name = "long-sentence"
    summary = "A sentence is longer than the limit (default 40 words)"
    severity = Severity.WARNING
    options = _OPTIONS
    config_section = "readability"

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        limit = options.max_sentence_words
        for sentence in doc.sentences:
            # The word count first: it is a plain attribute, the block a weak reference.
            if sentence.word_count > limit and sentence.block.kind == "paragraph":
                yield self.at_prose(
                    doc,
                    sentence.block,
                    sentence.start,
                    sentence.end,
                    f"sentence of {sentence.word_count} words (limit {limit}): split it",
                )


class WallOfText(Rule):
    """Reports a paragraph with more words than `max-paragraph-words` (default 250).

    ## Why
    On a screen a paragraph of 250 words is a grey block most readers skip.

    ## Example
    A 300-word paragraph fires at its first line ("paragraph of 300 words (limit 250)"); the
    same text in three paragraphs does not.

    ## Fix
    Break it where the topic shifts; move an enumeration into a list.
    """

    code = "RD004"
    name = "wall-of-text"
    summary = "A paragraph is longer than the limit (default 250 words)"
    severity = Severity.WARNING
    options = _OPTIONS
    config_section = "readability"

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        limit = options.max_paragraph_words
        for block in doc.prose.paragraphs:
            words = block.word_count
            if words > limit:
                yield self.at_line(
                    doc, block.line, f"paragraph of {words} words (limit {limit}): break it up"
                )
