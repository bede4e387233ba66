"""The literal pre-checks of the phrase families: they only ever skip lines that cannot match.

A family matches a text line by line when few of its lines hold literals the text holds, and
with the one alternation otherwise; both ways must give the same match, always.
"""

from __future__ import annotations

import re
import string
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from postlint.rules.artifacts import phrases
from postlint.rules.artifacts.literals import INDEX, LiteralIndex
from postlint.rules.artifacts.phrases import family, parse_family
from postlint.rules.artifacts.prefilter import analyse, required_literals
from postlint.rules.artifacts.residue import _last_line, _lines
from postlint.rules.artifacts.scope import prose_lowered, scans

from postlint.document import Document
from tests.conftest import SHARED

FAMILIES = sorted(
    p.name[:-4]
    for p in resources.files("postlint.rules.artifacts").joinpath("phrases").iterdir()
    if p.name.endswith(".txt")
)


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\bfrom my training(?: data)?\b", {"from my training"}),
        (r"\b(?:I'll|I will) now\b", {"i'll now", "i will now"}),
        (r"summari[sz]ing\b", {"summarising", "summarizing"}),
        (r"(?-i:\bTK TK\b)", {"tk tk"}),
        (r"\b(?:happy|glad) to\b(?!\s+say)", {"happy to", "glad to"}),
        (r"^(?:\w+ ){1,3}(?:here|now)$", {"here", "now"}),
        (r"(?:web )?search results?", {"search result"}),
    ],
)
def test_required_literals_spell_out_what_a_match_holds(pattern, needs) -> None:
    assert required_literals(pattern, re.I) == needs


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\w+:", None),  # a ":" is in most texts: no pre-check
        (r"\w+: done", {": done"}),
        (r"caf\u00e9", {"caf"}),  # a letter outside ASCII may fold to others: not promised
        (r"(?:foo)?bar|\d+", None),
        (r"[^.]{3,}", None),
        (r"(?:…|\.\.\.)", None),
        (r"(abc)\1", {"abc"}),
        (r"\b(?:I'll|I will)\s+remove\s+the\b", {"remove"}),  # "the " is everywhere
    ],
)
def test_only_what_every_match_holds_is_promised(pattern, needs) -> None:
    assert required_literals(pattern, re.I) == needs


def test_analyse_sees_empty_matches() -> None:
    assert analyse(r"(?:x)?", re.I) == (None, True)
    assert analyse(r"^\s*$", re.I) == (None, True)
    assert analyse(r"\bokay\b", re.I) == (frozenset({"okay"}), False)


def test_the_special_case_folds_are_all_listed() -> None:
    # Every character outside ASCII that re.IGNORECASE matches to an ASCII letter: a text
    # holding one is matched with the whole alternation, as lowering it does not give the
    # letter back ("ſ".lower() is "ſ", but re matches it to "s").
    letter = re.compile(f"[{string.ascii_letters}]", re.I)
    found = {chr(c) for c in range(0x80, 0x110000) if letter.fullmatch(chr(c))}
    assert found == set(phrases._SPECIAL_FOLDS.pattern[1:-1])


def test_a_special_fold_still_matches() -> None:
    fam = parse_family("demo", "\n".join(f"\\bword{n} here\\b" for n in range(8)) + "\n")
    assert fam.search("anywhere", "so WORD3 HERE it is").group(0) == "WORD3 HERE"
    assert fam.search("anywhere", "so word3 \u017fere") is None  # no line's "here" in it …
    assert fam.search("anywhere", "so word3 he\u017fe") is None
    # … but re folds "ſ" to "s": the pre-check must not hide a match the regex finds.
    fam = parse_family("demo", "\n".join(f"\\bword{n} best\\b" for n in range(8)) + "\n")
    assert fam.search("anywhere", "so word3 be\u017ft").group(0) == "word3 be\u017ft"


def test_literal_index_finds_every_string_held() -> None:
    index = LiteralIndex()
    index.add(["search", "ear", "i'll now"])
    assert index.present("we search here") == {"search", "ear"}  # "ear" inside "search"
    assert index.present("and i'll now write") == {"i'll now"}
    assert index.present("nothing") == frozenset()
    index.add(["here"])  # a family loaded later: earlier answers are not reused
    assert "here" in index.present("we search here")


def _occurrences_by_definition(words: list[str], text: str) -> set[tuple[str, int, int]]:
    found = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.add((word, at, at + len(word)))
            at = text.find(word, at + 1)
    return found


def test_occurrences_are_every_one_in_the_order_of_their_ends() -> None:
    index = LiteralIndex()
    index.add(["search", "ear", "search results", "result", "sult", "i'll now", "(", "→"])
    texts = [t.lower() for t in _sentences()[:400]] + ["my search results → (ear) research"]
    for text in texts:
        found, ends = index._occurrences(text)
        listed = index._listed
        assert ends == sorted(ends) == [end for _, _, end in found]
        got = {(listed[number], start, end) for number, start, end in found}
        assert got == _occurrences_by_definition(listed, text)
        assert len(got) == len(found)


def test_occurrences_reported_out_of_order_are_put_in_order() -> None:
    index = LiteralIndex()
    index.add(["ab", "b"])
    index._occurrences("")  # builds the automaton

    # A stand-in automaton that reports by start: the real one never does, so the fallback
    # could not be reached otherwise.
    class Shuffled:
        def find_matches_as_indexes(self, text: str, overlapping: bool):
            return [(0, 0, 5), (1, 1, 2)]

    index._automaton = Shuffled()
    assert index._occurrences("abxxx") == ([(1, 1, 2), (0, 0, 5)], [2, 5])


@given(
    st.text(alphabet="abc é🌻", max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40))),
)
def test_seeded_answers_equal_a_fresh_scan(text, spans) -> None:
    words = ["ab", "abc", "bca", "c a", "cc", "a b c"]
    seeded, fresh = LiteralIndex(), LiteralIndex()
    seeded.add(words)
    fresh.add(words)
    seeded.seed_pieces(text, {text[a:b]: (text, a, b) for a, b in spans})
    for a, b in spans:
        assert seeded.present(text[a:b]) == fresh.present(text[a:b])
        assert seeded.present(text[a:b]) == {w for w in words if w in text[a:b]}


@given(st.lists(st.text(alphabet="abc é🌻", max_size=15), max_size=6))
def test_answers_for_consecutive_parts_equal_a_fresh_scan(blocks) -> None:
    """``present_in_parts`` (one walk for every block of a post) answers as ``present``."""
    words = ["ab", "abc", "bca", "c a", "cc", "a b c", "b\n\na"]
    seeded, fresh = LiteralIndex(), LiteralIndex()
    seeded.add(words)
    fresh.add(words)
    text = "\n\n".join(blocks)
    parts, start = [], 0
    for block in blocks:
        parts.append((block, start, start + len(block)))
        start += len(block) + 2
    seeded.seed_pieces(text, {block: (text, a, b) for block, a, b in parts})
    answers = seeded.present_in_parts(text, parts)
    assert answers == [fresh.present(block) for block in blocks]
    assert answers == [{w for w in words if w in block} for block in blocks]


def _sentences() -> list[str]:
    """Prose-like lines from the shared dev corpus, the real posts and the fixture posts."""
    roots = [SHARED / "corpus" / "artifacts-dev", Path(__file__).parent / "fixtures" / "AI"]
    texts: list[str] = []
    for root in roots:
        if root.is_dir():
            for path in sorted(root.rglob("*.md")):
                texts.extend(
                    line.strip()
                    for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
                )
    return [t for t in texts if t]


def _alternation(fam, section: str, text: str):
    pattern = fam.patterns.get(section)
    return pattern.search(text) if pattern is not None else None


@pytest.mark.parametrize("name", FAMILIES)
def test_line_by_line_matching_equals_the_alternation_on_real_text(name) -> None:
    fam = family(name)
    texts = _sentences()
    assert texts
    for section in phrases.SECTIONS:
        pattern = fam.patterns.get(section)
        if pattern is None:
            continue
        for text in texts:
            got, want = fam.search(section, text), pattern.search(text)
            assert (got and got.span()) == (want and want.span()), (section, text)
            got_all = [m.span() for m in fam.finditer(section, text)]
            assert got_all == [m.span() for m in pattern.finditer(text)], (section, text)
            _assert_match_as_alternation(fam, section, text)
            if text.isascii() and not fam.may_match_lines(section, INDEX.present(text.lower())):
                assert pattern.search(text) is None, (section, text)
        _assert_line_gate_is_sound(fam, text)


def _assert_line_gate_is_sound(fam, text: str) -> None:
    """A text without special folds that holds none of ``line_gate``'s strings matches no line
    of those sections, anywhere in it."""
    if not phrases.folds_plainly(text):
        return
    present = INDEX.present(text.lower())
    for sections in (("start", "anywhere"), ("start",), ("anywhere",), ("end",)):
        gate = fam.line_gate(sections)
        if gate is None or not gate.isdisjoint(present):
            continue
        for section in sections:
            pattern = fam.patterns.get(section)
            assert pattern is None or pattern.search(text) is None, (sections, text)
            assert fam.match(section, text, present) is None
            assert fam.search(section, text, present=present) is None
            assert next(fam.finditer(section, text, present), None) is None


def test_line_gate_is_none_where_a_line_needs_no_literal() -> None:
    fam = parse_family("gate_test", "[start]\nsearching\\b\n[anywhere]\n\\w+:\nI'll now\n")
    assert fam.line_gate(("start",)) == {"searching"}
    assert fam.line_gate(("anywhere",)) is None  # "\w+:" promises no literal
    assert fam.line_gate(("start", "anywhere")) is None
    assert fam.line_gate(("end",)) == frozenset()  # no such section: nothing can match
    assert family("trace_status").line_gate(("start",)) is None  # "[A-Z][A-Za-z]+\(…"


def _assert_match_as_alternation(fam, section: str, text: str) -> None:
    """``Family.match`` with a text's strings (the lines they lack skipped) is the
    alternation's ``match``, for the text itself and for a block holding it."""
    pattern = fam.patterns[section]
    want = pattern.match(text)
    index = LiteralIndex()
    index.add(w for found in fam.lines.values() for line in found for w in line.needs or ())
    for present in (index.present(text.lower()), index.present(f"{text} and more".lower())):
        got = fam.match(section, text, present)
        assert (got and (got.span(), got.group(0))) == (want and (want.span(), want.group(0)))


# Words of the phrase lines themselves, so that generated texts often hold a phrasing.
_WORDS = sorted(
    {
        word
        for name in FAMILIES
        for section in family(name).lines.values()
        for line in section
        if line.needs
        for literal in line.needs
        for word in literal.split()
    }
)


def phrase_soups(separators: list[str], *more: st.SearchStrategy[str]) -> st.SearchStrategy:
    """Texts as lists of pieces: the families' literal words (some upper-cased), separators
    and whatever else a test adds."""
    words = st.sampled_from(_WORDS).map(lambda w: w.upper() if len(w) % 3 == 0 else w)
    return st.lists(st.one_of(words, st.sampled_from(separators), *more), max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(FAMILIES),
    phrase_soups(
        [" ", ", ", ". ", ": ", "\n", " — ", "…", "[", "]", "(", ")"],
        st.text(alphabet="ab ſİıK'\"", max_size=3),
    ),
)
def test_line_by_line_matching_equals_the_alternation_on_generated_text(name, parts) -> None:
    fam = family(name)
    text = "".join(parts)
    for section in phrases.SECTIONS:
        want = _alternation(fam, section, text)
        got = fam.search(section, text)
        assert (got and got.span()) == (want and want.span())
        pattern = fam.patterns.get(section)
        if pattern is not None:
            assert [m.span() for m in fam.finditer(section, text)] == [
                m.span() for m in pattern.finditer(text)
            ]
            _assert_match_as_alternation(fam, section, text)
    _assert_line_gate_is_sound(fam, text)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["```", "~~~", "md", "MD", "markdown", "mdx", " ", "    ", "\n", "\r\n", "x"]
        ),
        max_size=14,
    ),
    st.integers(0, 20),
)
def test_wrapper_fence_gate_equals_its_regex(parts, start) -> None:
    # AI008 looks for an opening ```markdown line only on the lines that hold a fence.
    from postlint.rules.artifacts.wrapper_fence import _ANY_OPEN, _any_opening

    text = "".join(parts)
    assert _any_opening(text, start) == bool(_ANY_OPEN.search(text, start))


@given(st.text(alphabet="ab '\"\u2019\u2018\u201c\u201d\u00e9\U0001f33b\n", max_size=40))
def test_quote_folding_equals_its_translation_table(text) -> None:
    # fold_quotes replaces four characters one by one (faster than translate): same text.
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    assert phrases.fold_quotes(text) == text.translate(table)


def test_scans_fold_quotes_written_as_entities() -> None:
    # A curly quote may come from an entity the file spells in ASCII ("&rsquo;").
    for spelled in (
        "Here&rsquo;s the post &ldquo;as asked&rdquo;.",
        "Here&#8217;s the post &#x201C;as asked&#x201d;.",
    ):
        (scan,) = scans(Document("post.md", f"---\ntitle: T\n---\n\n{spelled}\n"))
        assert scan.text == 'Here\'s the post "as asked".'
        assert scan.lowered == scan.text.lower()


@given(st.text(alphabet="ab Copy\n\t\r\u2028\u0130\u00a0", max_size=30))
def test_last_label_line_equals_the_last_of_the_split_lines(text) -> None:
    # AI005 reads only the last line of most paragraphs: the one _lines would end with.
    lines = _lines(text)
    assert _last_line(text.lower()) == (lines[-1] if lines else "")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_WORDS),
            st.sampled_from([" ", ". ", "! ", "\n\n", "\u0130", "\u03a3", "\u2019", "*"]),
        ),
        max_size=40,
    )
)
def test_sentence_strings_equal_the_strings_of_each_sentence(parts) -> None:
    # The rules read each sentence's strings from the post's one pass (Scan.strings_of);
    # a search is given them only when they are those of the sentence's text lowered.
    doc = Document("post.md", "---\ntitle: T\n---\n\n" + "".join(parts) + "\n")
    prose_lowered(doc)
    for scan in scans(doc):
        spans = [(s.start, s.end) for s in scan.sentences]
        gates = [scan.strings_of(n) for n in range(len(spans))]
        assert gates == [INDEX.present(scan.lowered[a:b]) for a, b in spans]
        searched = [scan.search_strings_of(n) for n in range(len(spans))]
        if "\u0130" not in scan.text:
            assert searched == [INDEX.present(scan.text[a:b].lower()) for a, b in spans]
        else:
            assert searched == [None] * len(spans)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(FAMILIES),
    phrase_soups([" ", ", ", ". ", ": ", "\n", "[", "]", "(", ")", "'", '"']),
)
def test_a_text_no_line_may_match_has_no_match(name, parts) -> None:
    # AI rules skip a sentence when no line of the family may match it (may_match_lines).
    fam = family(name)
    text = "".join(parts)
    index = LiteralIndex()
    index.add(w for found in fam.lines.values() for line in found for w in line.needs or ())
    present = index.present(text.lower())
    for section in phrases.SECTIONS:
        if not fam.may_match_lines(section, present):
            assert _alternation(fam, section, text) is None
            assert fam.search(section, text, present=present) is None
