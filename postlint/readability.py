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
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from operator import and_, mul
from typing import TYPE_CHECKING

from textstat.backend.utils import get_lang_easy_words
from textstat.backend.utils.constants import LANG_CONFIGS, RE_NONCONTRACTION_APOSTROPHE

from postlint.syllables import has_syllables, language_root, syllable_counts

if TYPE_CHECKING:
    from postlint.document import Document

# textstat's list_words deletes the apostrophes that start no contraction, then every other
# punctuation character but apostrophes, then splits on whitespace. Both deletions decide on
# the original text (the second never spares or removes an apostrophe), so one pass of the
# two patterns as alternatives deletes the same characters.
_PUNCTUATION = re.compile(rf"{RE_NONCONTRACTION_APOSTROPHE}|[^\w\s\']")

# textstat's count_sentences: these pieces, less those of at most two words.
_SENTENCE_PIECE = re.compile(r"\b[^.!?]+[.!?]*")
# One match per whitespace-separated token holding a word character. textstat counts a
# piece's words after deleting punctuation (all but contraction apostrophes, which are always
# followed by a letter); deleting never merges tokens, and only a token without any word
# character vanishes. So this is its word count, with one scan instead of two substitutions.
_WORD_TOKEN = re.compile(r"[^\s\w]*\w\S*")

GRADE_FORMULAS = {
    "flesch-kincaid": "Flesch-Kincaid grade",
    "gunning-fog": "Gunning fog index",
    "smog": "SMOG index",
    "coleman-liau": "Coleman-Liau index",
    "ari": "automated readability index",
    "dale-chall": "Dale-Chall score",
}
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?$")
_SENTENCE_END = re.compile(r"""[.!?…:;]["'”’)\]]*\s*$""")


def normalize_language(value: object) -> str | None:
    """``en``, ``en-US``, ``EN_us`` -> textstat's ``en``/``en_US``; None if not a language tag."""
    if not isinstance(value, str):
        return None
    match = _LANGUAGE_TAG.match(value.strip())
    if not match:
        return None
    root, region = match.group(1).lower(), match.group(2)
    return f"{root}_{region.upper()}" if region and region.isalpha() else root


@dataclass
class Scores:
    """Counts and scores of one text in one language. A score is None where it does not apply."""

    language: str
    words: int = 0
    sentences: int = 0
    syllables: int | None = None
    reading_ease: float | None = None
    grades: dict[str, float | None] = field(default_factory=dict)

    def grade(self, formula: str) -> float | None:
        return self.grades.get(formula)


def score_text(text: str, lang: str = "en_US") -> Scores:
    """Every score textstat 0.7.8 gives ``text`` in ``lang``, computed in one pass."""
    root = language_root(lang)
    kept = _PUNCTUATION.sub("", text)  # list_words(text) is kept.split()
    # The words lowercased in one call: lowering never makes or removes whitespace, and its
    # one context rule (a final sigma) never looks across whitespace, so this equals
    # [word.lower() for word in list_words(text)].
    words = kept.lower().split()
    n_words = len(words)
    scores = Scores(language=lang, words=n_words, sentences=count_sentences(text))
    if n_words == 0:
        return scores
    sentences = scores.sentences
    per_sentence = n_words / sentences
    english = root == "en"
    grades = scores.grades

    if has_syllables(lang):
        # Every per-word figure depends on the word alone: work on distinct words, weighted.
        frequency = Counter(words)
        distinct = list(frequency)
        times = list(frequency.values())
        counts = syllable_counts(distinct, lang)
        total = sum(map(mul, counts, times))
        scores.syllables = total
        per_word = total / n_words
        config = LANG_CONFIGS.get(root, LANG_CONFIGS["en"] if english else {})
        if "fre_base" in config and per_word:
            scores.reading_ease = (
                config["fre_base"]
                - config["fre_sentence_length"] * per_sentence
                - config["fre_syll_per_word"] * per_word
            )
        if english:
            grades["flesch-kincaid"] = (
                (0.39 * per_sentence) + (11.8 * per_word) - 15.59 if per_word else 0.0
            )
            # Word-weighted sums over the distinct words, each selected in C by compress().
            easy = list(map(get_lang_easy_words(lang).__contains__, distinct))
            unfamiliar = n_words - sum(compress(times, easy))
            polysyllables = sum(compress(times, map((3).__le__, counts)))
            long_words = list(map(int(config["syllable_threshold"]).__le__, counts))
            hard = sum(compress(times, long_words)) - sum(
                compress(times, map(and_, long_words, easy))
            )
            grades["gunning-fog"] = 0.4 * (per_sentence + 100 * hard / n_words)
            grades["smog"] = (1.043 * (30 * (polysyllables / sentences)) ** 0.5) + 3.1291
            share = 100 * unfamiliar / n_words
            dale_chall = (0.1579 * share) + (0.0496 * per_sentence)
            grades["dale-chall"] = dale_chall + 3.6365 if share > 5 else dale_chall
    if english:
        # The tokens of text.split() and their characters: the text less its whitespace.
        # (Splitting measured faster than deleting the runs of non-space with a pattern.)
        tokens = text.split()
        visible = sum(map(len, tokens))
        # textstat's count_letters (drop whitespace, then all punctuation) keeps the word
        # characters: those of the words, which differ only by their contraction apostrophes.
        # The punctuation deleted from `kept` was never whitespace, so `kept` holds the same
        # whitespace as `text` (str.split() and re's \s agree on what whitespace is).
        whitespace = len(text) - visible
        letters = ((len(kept) - whitespace - kept.count("'")) / n_words) * 100
        sentence_rate = (sentences / n_words) * 100
        grades["coleman-liau"] = (0.058 * letters) - (0.296 * sentence_rate) - 15.8
        # count_chars(ignore_spaces=True) per token of text.split()
        chars = visible / len(tokens)
        grades["ari"] = (4.71 * chars) + (0.5 * per_sentence) - 21.43
    return scores


def list_words(text: str) -> list[str]:
    """textstat 0.7.8's ``list_words(text)`` (punctuation removed, apostrophes of contractions
    kept), in one substitution instead of two."""
    return _PUNCTUATION.sub("", text).split()


def count_sentences(text: str) -> int:
    """textstat 0.7.8's ``count_sentences``: pieces ending in ``.!?``, ignoring those of at
    most two words (0 for an empty text, else at least 1)."""
    if not text:
        return 0
    # Whether a piece has a third word is all that matters: subn stops after three matches
    # instead of listing every word of every piece.
    drop_three = _WORD_TOKEN.subn
    kept = sum(1 for piece in _SENTENCE_PIECE.findall(text) if drop_three("", piece, 3)[1] > 2)
    return max(1, kept)


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
        parts.append(text if _SENTENCE_END.search(text) else text + ".")
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
