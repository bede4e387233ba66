"""The one-pass word list and the C-level sums give textstat 0.7.8's figures on any text.

``tests/test_readability_textstat.py`` compares real posts and hand-picked edge cases; here
hypothesis throws apostrophes, contractions, punctuation, easy and hard words and words
outside the CMU dictionary at the same comparison.
"""

from __future__ import annotations

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st
from textstat.backend.selections import list_words as textstat_list_words

from postlint.readability import list_words, score_text
from postlint.syllables import syllable_counts, syllables

PIECES = [
    "'",
    "’",
    "'t",
    "'s",
    "'ll",
    "'ve",
    "'re",
    "'d",
    "'m",
    "-",
    "--",
    ".",
    "!",
    "?",
    ",",
    "(",
    ")",
    '"',
    "_",
    " ",
    "  ",
    "\n",
    "\u00a0",
    "the",
    "cat",
    "dog",
    "readability",
    "beautiful",
    "everybody",
    "organisational",
    "notwithstanding",
    "kubernetesify",
    "glorpification",
    "hmm",
    "Don",
    "ISN",
    "3.14",
    "café",
    "ΟΔΟΣ",
    "ΣΑΣ",
    "Σ",
    "İstanbul",
    "\u2003",
    "\x1c",
]
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@pytest.fixture(autouse=True)
def syllable_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("POSTLINT_SYLLABLE_CACHE", str(tmp_path_factory.getbasetemp() / "syl"))


@settings(max_examples=500, deadline=None)
@given(texts)
def test_list_words_is_textstats(text: str) -> None:
    assert list_words(text) == textstat_list_words.__wrapped__(text)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_scores_are_textstats_on_word_soup(text: str) -> None:
    textstat.set_lang("en_US")
    ours = score_text(text, "en_US")
    assert ours.words == textstat.lexicon_count(text)
    assert ours.sentences == textstat.sentence_count(text)
    if not ours.words:
        return
    assert ours.syllables == textstat.syllable_count(text)
    if ours.syllables:  # without syllables ("hmm") reading ease is left unscored, not 0.0
        assert ours.reading_ease == textstat.flesch_reading_ease(text)
    assert ours.grade("flesch-kincaid") == textstat.flesch_kincaid_grade(text)
    assert ours.grade("gunning-fog") == textstat.gunning_fog(text)
    assert ours.grade("smog") == textstat.smog_index(text)
    assert ours.grade("dale-chall") == textstat.dale_chall_readability_score(text)
    assert ours.grade("coleman-liau") == textstat.coleman_liau_index(text)
    assert ours.grade("ari") == textstat.automated_readability_index(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["the", "cat", "zzyqx", "glorpify", "hmm", "blorptastic"])))
def test_syllable_counts_fill_every_gap_in_order(words: list[str]) -> None:
    assert syllable_counts(words, "en_US") == [syllables(word, "en_US") for word in words]


# Short pieces between sentence ends: pieces of one, two and three words all come up often.
short_sentences = st.lists(
    st.sampled_from(["the", "cat", "e.g", "3.14", "-", "—", "'", " ", " ", ".", "!", "?", "\n"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(short_sentences)
def test_sentence_count_is_textstats(text: str) -> None:
    assert score_text(text, "en_US").sentences == textstat.sentence_count(text)
