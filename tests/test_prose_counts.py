"""Word counts and sentence ends computed the fast way agree with their plain definitions.

The prose view counts words once per sentence and sums them per block, counts with a
non-backtracking pattern, and finds abbreviations with a bounded pattern; each shortcut is
checked here against the straightforward definition on arbitrary text.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.document import Document
from postlint.prose import (
    _ABBREVIATIONS,
    _SENTENCE_END,
    WORD,
    ProseBlock,
    _is_abbreviation,
    count_words,
    split_sentences,
)
from tests.conftest import ROOT, SHARED

# Text rich in what words and sentence ends are made of: letters, digits, the joiners inside
# words, sentence punctuation, quotes, brackets, assorted whitespace and non-ASCII letters.
ALPHABET = "aZé9_'’.-!?…\"”)] \t\n\u00a0\u2028xİ,;:"
# Glued from pieces that sit near the edges: abbreviations (and one letter more or less),
# single letters, digits, dots, underscores and spaces.
PIECES = sorted(_ABBREVIATIONS) + ["approxi", "e.g.x", "x", "É", "_", ".", "..", " ", "3", "ab"]
texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=80),
    st.lists(st.sampled_from(PIECES + list(ALPHABET)), max_size=30).map("".join),
)


def walk_back_abbreviation(text: str, dot: int) -> bool:
    """The definition: the run of letters, digits and dots before the dot is a known
    abbreviation or one letter, or a digit follows the dot."""
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return True
    return dot + 1 < len(text) and text[dot + 1].isdigit()


@settings(max_examples=400, deadline=None)
@given(texts)
def test_count_words_counts_word_matches(text: str) -> None:
    assert count_words(text) == len(WORD.findall(text))


# Every ASCII character, and runs of the characters words are made of: the ASCII path.
ascii_texts = st.lists(
    st.sampled_from([chr(code) for code in range(128)] + ["ab", "3", "_", "'", ".", "-", " "]),
    max_size=60,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(ascii_texts)
def test_ascii_word_count_is_the_patterns(text: str) -> None:
    assert count_words(text) == len(WORD.findall(text))
    assert count_words(text + "é") == len(WORD.findall(text + "é"))  # the pattern's path


def test_word_counts_of_real_sentences_are_the_patterns() -> None:
    paths = sorted((SHARED / "corpus" / "real").rglob("*.md"))[::3]
    if not paths:
        return
    compared = 0
    for path in paths:
        for sentence in Document.from_bytes(path, path.read_bytes()).sentences:
            assert sentence.word_count == len(WORD.findall(sentence.text)), sentence.text
            compared += sentence.text.isascii()
    assert compared > 5000


# The sentence-end pattern as first written; _SENTENCE_END spells its repeat for speed.
_REFERENCE_SENTENCE_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+|$)""")


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_sentence_ends_are_the_reference_patterns(text: str) -> None:
    found = [m.span() for m in _SENTENCE_END.finditer(text)]
    assert found == [m.span() for m in _REFERENCE_SENTENCE_END.finditer(text)]


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_abbreviation_check_matches_its_definition(text: str) -> None:
    for dot, char in enumerate(text):
        if char == ".":
            assert _is_abbreviation(text, dot) == walk_back_abbreviation(text, dot), (text, dot)


def test_known_abbreviations_and_versions_do_not_end_sentences() -> None:
    assert _is_abbreviation("see e.g. this", 7)
    assert _is_abbreviation("Dr. Who", 2)
    assert _is_abbreviation("Python 3.11 is", 8)
    assert _is_abbreviation("plan A. Then", 6)
    assert not _is_abbreviation("the end. Then", 7)
    assert not _is_abbreviation("approxi. Then", 7)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + "#*`>|", max_size=40), max_size=6))
def test_block_word_count_is_the_sum_of_its_sentences_and_of_its_text(lines: list[str]) -> None:
    doc = Document("post.md", "\n".join(lines))
    for block in doc.blocks:
        assert block.word_count == count_words(block.text)
        assert block.word_count == sum(s.word_count for s in block.sentences)
        for sentence in block.sentences:
            assert sentence.word_count == count_words(sentence.text)
            assert block.text[sentence.start : sentence.end] == sentence.text
    assert doc.word_count == sum(count_words(block.text) for block in doc.blocks)
    assert doc.sentences == [s for block in doc.blocks for s in block.sentences]


def sentences_by_definition(block: ProseBlock) -> list[tuple[str, int, int, int]]:
    """The plain splitter: every sentence-end match not at an abbreviation's dot ends a
    sentence; each sentence is stripped and its words counted."""
    text = block.text
    if block.kind != "paragraph":
        stripped = text.strip()
        if not stripped:
            return []
        start = text.index(stripped[0])
        return [(stripped, start, start + len(stripped), count_words(stripped))]
    ends = [
        match.end()
        for match in _SENTENCE_END.finditer(text)
        if text[match.start()] != "." or not _is_abbreviation(text, match.start())
    ]
    ends.append(len(text))
    out = []
    start = 0
    for end in ends:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = start + len(piece) - len(piece.lstrip())
            out.append((stripped, lead, lead + len(stripped), count_words(stripped)))
        start = end
    return out


def assert_split_as_defined(doc: Document) -> None:
    for block in doc.blocks:
        expected = sentences_by_definition(block)
        got = [(s.text, s.start, s.end, s.word_count) for s in split_sentences(block)]
        assert got == expected, block.text
        assert [(s.text, s.start, s.end, s.word_count) for s in block.sentences] == expected
        assert block.word_count == sum(count for *_, count in expected)


SENTENCE_PIECES = PIECES + [". ", "! ", "? ", "… ", '." ', ".) ", "3.11 ", "e.g. ", "\n", "  "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PIECES + list(ALPHABET)), max_size=60).map("".join))
def test_sentences_follow_the_plain_splitter(text: str) -> None:
    assert_split_as_defined(Document("post.md", text))
    assert_split_as_defined(Document("post.md", "# " + text.replace("\n", " ")))


def test_sentences_follow_the_plain_splitter_on_real_posts() -> None:
    posts = sorted((ROOT / "tests" / "data" / "corpus").glob("*.md"))
    posts += sorted((SHARED / "corpus" / "real").rglob("*.md"))[::10]
    for path in posts:
        assert_split_as_defined(Document.from_bytes(path, path.read_bytes()))
    assert len(posts) >= 7


def test_word_count_asked_before_the_sentences() -> None:
    doc = Document("post.md", "One two. Three e.g. four five.\n\n# Six seven")
    assert [block.word_count for block in doc.blocks] == [6, 2]
    assert [s.text for s in doc.sentences] == ["One two.", "Three e.g. four five.", "Six seven"]
    assert doc.word_count == 8
