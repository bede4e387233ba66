"""Readability scores of a post's prose, with textstat 0.7.8's tokenising and formulas.

textstat's public functions read the language from global state (``set_lang``) and reload or
recount per call; here every figure takes the language as an argument, the counts are taken
once per text, and syllables come from the fast table in ``postlint.syllables``. The numbers
are textstat's own: ``tests/test_readability_textstat.py`` compares them on real posts.

Formulas a language does not have are ``None`` (skipped), never computed with English
constants: Flesch reading ease exists for the languages textstat has constants for; the grade
formulas (Flesch-Kincaid, Gunning fog, SMOG, Coleman-Liau, ARI, Dale-Chall) are English only.
"""

from __future__ import annotations

import re
import weakref
from functools import lru_cache
from operator import and_
from typing import TYPE_CHECKING

from textstat.backend.utils import get_lang_easy_words
from textstat.backend.utils.constants import LANG_CONFIGS, RE_CONTRACTION_ENDINGS

from postlint.syllables import has_syllables, language_root, syllable_counts

if TYPE_CHECKING:
    from postlint.document import Document

# textstat's list_words deletes the apostrophes that start no contraction, then every other
# punctuation character but apostrophes, then splits on whitespace. Both deletions decide on
# the original text (the second never spares or removes an apostrophe), so one pass deletes
# the same characters: any punctuation character, unless it is an apostrophe that starts a
# contraction. (Written as one character class with a look-behind, it runs about a quarter
# faster than the two alternatives.)
_PUNCTUATION = re.compile(rf"[^\w\s](?<!\'(?={RE_CONTRACTION_ENDINGS}))")
# The same deletions for an ASCII text, several times faster: first the apostrophes that start
# no contraction (decided on the original text, as above), then every other ASCII character
# the pattern deletes, by str.translate (apostrophes are not among them). Deleting never
# changes which characters are deleted later: every decision was made on the original.
_NONCONTRACTION_APOSTROPHE = re.compile(rf"'(?!{RE_CONTRACTION_ENDINGS})")
_ASCII_PUNCTUATION = {
    code: None for code in range(128) if code != ord("'") and _PUNCTUATION.match(chr(code))
}
_TYPOGRAPHIC_PUNCTUATION = tuple(mark for mark in "’‘“”—–…" if _PUNCTUATION.match(mark))
# Any other text: its non-ASCII characters that the pattern deletes (neither word characters
# nor whitespace; the apostrophe test concerns ASCII "'" alone), then the ASCII ones from its
# UTF-8 bytes, where no byte of a non-ASCII character is below 0x80. A few matches of a
# pattern and one bytes.translate, instead of the pattern's test at every character.
_NON_ASCII_PUNCTUATION = re.compile(r"[^\x00-\x7f\w\s]")
_ASCII_PUNCTUATION_BYTES = bytes(_ASCII_PUNCTUATION)

# textstat's count_sentences takes the pieces r"\b[^.!?]+[.!?]*" and ignores those of at
# most two words (whitespace-separated tokens holding a word character). A piece starts at the
# first word character after a run of .!? (or the text's start) and runs to the next .!?, so
# the counted pieces are the stretches between .!? that hold three such tokens: one match
# each of this pattern, on the text behind a leading ".". Possessive repeats never split a
# token in two; every match starts at a .!? character, so the scan stays linear.
_THREE_WORD_PIECE = re.compile(r"[.!?](?:[^\w.!?]*+\w[^\s.!?]*+){3}")

GRADE_FORMULAS = {
    "flesch-kincaid": "Flesch-Kincaid grade",
    "gunning-fog": "Gunning fog index",
    "smog": "SMOG index",
    "coleman-liau": "Coleman-Liau index",
    "ari": "automated readability index",
    "dale-chall": "Dale-Chall score",
}
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?$")


def normalize_language(value: object) -> str | None:
    """``en``, ``en-US``, ``EN_us`` -> textstat's ``en``/``en_US``; None if not a language tag."""
    if not isinstance(value, str):
        return None
    return _normalize_tag(value)


@lru_cache(maxsize=256)  # a blog names a handful of languages; every post asks, twice
def _normalize_tag(value: str) -> str | None:
    match = _LANGUAGE_TAG.match(value.strip())
    if not match:
        return None
    root, region = match.group(1).lower(), match.group(2)
    return f"{root}_{region.upper()}" if region and region.isalpha() else root


class Scores:
    """Counts and scores of one text in one language. A score is None where it does not apply.

    Words, sentences, syllables and reading ease are counted up front; a grade formula is
    worked out the first time it is asked for (a run asks for one, the configured formula),
    from what the counting kept.
    """

    __slots__ = ("language", "words", "sentences", "syllables", "reading_ease", "_grades", "_basis")

    def __init__(
        self,
        language: str,
        words: int = 0,
        sentences: int = 0,
        syllables: int | None = None,
        reading_ease: float | None = None,
        basis: _GradeBasis | None = None,
    ) -> None:
        self.language = language
        self.words = words
        self.sentences = sentences
        self.syllables = syllables
        self.reading_ease = reading_ease
        self._basis = basis
        self._grades: dict[str, float | None] = {}

    def grade(self, formula: str) -> float | None:
        """The grade of ``formula`` (a key of ``GRADE_FORMULAS``), None where it does not apply."""
        try:
            return self._grades[formula]
        except KeyError:
            pass
        basis = self._basis
        if basis is None or formula not in basis.formulas:
            return None
        value = self._grades[formula] = basis.formulas[formula](basis)
        return value

    @property
    def grades(self) -> dict[str, float | None]:
        """Every grade formula that applies to this text and language, by name."""
        if self._basis is None:
            return {}
        return {formula: self.grade(formula) for formula in self._basis.formulas}

    def __repr__(self) -> str:
        return (
            f"Scores(language={self.language!r}, words={self.words}, "
            f"sentences={self.sentences}, syllables={self.syllables}, "
            f"reading_ease={self.reading_ease!r})"
        )


class _GradeBasis:
    """What textstat 0.7.8's English grade formulas need of one text, kept by its Scores
    until a formula is asked for. Each formula is textstat's own arithmetic, in its order."""

    __slots__ = (
        "text",
        "kept",
        "words",
        "n_words",
        "sentences",
        "lang",
        "counts",
        "syllables",
        "_easy",
    )

    def __init__(
        self,
        text: str,
        kept: str,
        words: list[str],
        sentences: int,
        lang: str,
        counts: list[int] | None,
        syllables: int | None,
    ) -> None:
        self.text = text
        self.kept = kept  # the text less textstat's punctuation
        self.words = words  # lowercased
        self.n_words = len(words)
        self.sentences = sentences
        self.lang = lang
        self.counts = counts  # syllables per word; None where the language has no syllables
        self.syllables = syllables
        self._easy: list[bool] | None = None

    @property
    def formulas(self) -> dict:
        return _WITH_SYLLABLES if self.counts is not None else _WITHOUT_SYLLABLES

    def per_sentence(self) -> float:
        return self.n_words / self.sentences

    def easy(self) -> list[bool]:
        """Per word: on the language's easy-word list (Dale-Chall's familiar words)."""
        if self._easy is None:
            self._easy = list(map(get_lang_easy_words(self.lang).__contains__, self.words))
        return self._easy

    def flesch_kincaid(self) -> float:
        per_word = self.syllables / self.n_words
        return (0.39 * self.per_sentence()) + (11.8 * per_word) - 15.59 if per_word else 0.0

    def gunning_fog(self) -> float:
        # Words of at least `syllable_threshold` syllables that are not easy words, summed in C.
        threshold = int(LANG_CONFIGS["en"]["syllable_threshold"])
        long_words = list(map(threshold.__le__, self.counts))
        hard = sum(long_words) - sum(map(and_, long_words, self.easy()))
        return 0.4 * (self.per_sentence() + 100 * hard / self.n_words)

    def smog(self) -> float:
        polysyllables = sum(map((3).__le__, self.counts))
        return (1.043 * (30 * (polysyllables / self.sentences)) ** 0.5) + 3.1291

    def dale_chall(self) -> float:
        unfamiliar = self.n_words - sum(self.easy())
        share = 100 * unfamiliar / self.n_words
        score = (0.1579 * share) + (0.0496 * self.per_sentence())
        return score + 3.6365 if share > 5 else score

    def coleman_liau(self) -> float:
        # textstat's count_letters (drop whitespace, then all punctuation) keeps the word
        # characters: those of the words, which differ only by their contraction apostrophes.
        # The punctuation deleted from `kept` was never whitespace, so `kept` holds the same
        # whitespace as `text` (str.split() and re's \s agree on what whitespace is).
        whitespace = len(self.text) - self.visible()
        kept = self.kept
        letters = ((len(kept) - whitespace - kept.count("'")) / self.n_words) * 100
        sentence_rate = (self.sentences / self.n_words) * 100
        return (0.058 * letters) - (0.296 * sentence_rate) - 15.8

    def ari(self) -> float:
        # count_chars(ignore_spaces=True) per token of text.split()
        chars = self.visible() / len(self.text.split())
        return (4.71 * chars) + (0.5 * self.per_sentence()) - 21.43

    def visible(self) -> int:
        """The text's characters less its whitespace (splitting measured faster than deleting
        the runs of whitespace with a pattern)."""
        return sum(map(len, self.text.split()))


# Formula name -> how to compute it, in the order textstat's figures were always listed.
_WITH_SYLLABLES = {
    "flesch-kincaid": _GradeBasis.flesch_kincaid,
    "gunning-fog": _GradeBasis.gunning_fog,
    "smog": _GradeBasis.smog,
    "dale-chall": _GradeBasis.dale_chall,
    "coleman-liau": _GradeBasis.coleman_liau,
    "ari": _GradeBasis.ari,
}
_WITHOUT_SYLLABLES = {"coleman-liau": _GradeBasis.coleman_liau, "ari": _GradeBasis.ari}


def score_text(text: str, lang: str = "en_US") -> Scores:
    """Every score textstat 0.7.8 gives ``text`` in ``lang``: the counts and reading ease now,
    the grade formulas when asked for."""
    root = language_root(lang)
    kept = without_punctuation(text)  # list_words(text) is kept.split()
    # The words lowercased in one call: lowering never makes or removes whitespace, and its
    # one context rule (a final sigma) never looks across whitespace, so this equals
    # [word.lower() for word in list_words(text)].
    words = kept.lower().split()
    n_words = len(words)
    sentences = count_sentences(text)
    if n_words == 0:
        return Scores(lang, 0, sentences)
    english = root == "en"
    counts = syllables = reading_ease = None
    if has_syllables(lang):
        counts = syllable_counts(words, lang)
        syllables = sum(counts)
        per_word = syllables / n_words
        config = LANG_CONFIGS.get(root, LANG_CONFIGS["en"] if english else {})
        if "fre_base" in config and per_word:
            reading_ease = (
                config["fre_base"]
                - config["fre_sentence_length"] * (n_words / sentences)
                - config["fre_syll_per_word"] * per_word
            )
    basis = None
    if english:
        basis = _GradeBasis(text, kept, words, sentences, lang, counts, syllables)
    return Scores(lang, n_words, sentences, syllables, reading_ease, basis)


def list_words(text: str) -> list[str]:
    """textstat 0.7.8's ``list_words(text)`` (punctuation removed, apostrophes of contractions
    kept), in one substitution instead of two."""
    return without_punctuation(text).split()


def without_punctuation(text: str) -> str:
    """textstat 0.7.8's ``remove_punctuation(text, rm_apostrophe=False)``."""
    decided = _NONCONTRACTION_APOSTROPHE.sub("", text) if "'" in text else text
    if not decided.isascii():
        # Curly quotes and dashes are often a post's only non-ASCII characters: deleted
        # here (the pattern deletes them too), the rest of the text can take the ASCII path.
        for mark in _TYPOGRAPHIC_PUNCTUATION:
            if mark in decided:
                decided = decided.replace(mark, "")
        if not decided.isascii():
            utf8 = _NON_ASCII_PUNCTUATION.sub("", decided).encode("utf-8", "surrogatepass")
            return utf8.translate(None, _ASCII_PUNCTUATION_BYTES).decode("utf-8", "surrogatepass")
    return decided.translate(_ASCII_PUNCTUATION)


def count_sentences(text: str) -> int:
    """textstat 0.7.8's ``count_sentences``: pieces ending in ``.!?``, ignoring those of at
    most two words (0 for an empty text, else at least 1)."""
    if not text:
        return 0
    return max(1, len(_THREE_WORD_PIECE.findall("." + text)))


# What closes a sentence, and what may follow its mark (quotes, brackets).
_SENTENCE_MARKS = (".", "!", "?", "…", ":", ";")
_CLOSERS = "\"'”’)]"


def readable_text(doc: Document) -> str:
    """The post's running prose for scoring: paragraphs (list items and quotes included).

    Headings and table cells are left out (they are labels, not sentences). A paragraph that
    does not end like a sentence (a list item "Install the CLI") gets a full stop, so that
    textstat does not glue it to the next paragraph as one long sentence.
    """
    parts = []
    for block in doc.prose.paragraphs:
        text = block.text.strip()
        if not text:
            continue
        ends = text.rstrip(_CLOSERS).endswith(_SENTENCE_MARKS)
        parts.append(text if ends else text + ".")
    return "\n\n".join(parts)


_BY_DOCUMENT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def document_scores(doc: Document, lang: str) -> Scores:
    """Scores of a document's prose, computed once per document and language for all rules."""
    per_doc = _BY_DOCUMENT.setdefault(doc, {})
    found = per_doc.get(lang)
    if found is None:
        found = per_doc[lang] = score_text(readable_text(doc), lang)
    return found


def long_sentence_share(doc: Document, limit: int) -> float:
    """Percentage of the paragraphs' sentences with more than ``limit`` words."""
    sentences = [s for s in doc.sentences if s.block.kind == "paragraph"]
    if not sentences:
        return 0.0
    return 100 * sum(1 for s in sentences if s.word_count > limit) / len(sentences)


def post_language(doc: Document, keys: list[str], default: str) -> tuple[str | None, str]:
    """(textstat language or None when unusable, the raw value) from front matter or config."""
    for key in keys:
        value = doc.meta.get(key)
        if value not in (None, ""):
            return normalize_language(value), str(value)
    return normalize_language(default), default
