"""Properties of linting any input (Hypothesis): never raises, positions inside the file,
deterministic. Inputs are arbitrary text, Markdown-shaped soup, and mutations of real posts
(a few human-written posts copied to tests/data/corpus/, see the README there).

Every rule in the registry is run, so rules other engineers add are covered as they land.
Example counts stay modest (the suite must stay fast); scripts/fuzz.py is the long run.
"""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postlint.config import CliOverrides, ConfigResolver
from postlint.document import DecodeProblem, Document
from postlint.engine import lint_file
from postlint.lines import LineIndex
from postlint.registry import default_registry

CORPUS = Path(__file__).parent / "data" / "corpus"
POSTS = {path.name: path.read_bytes() for path in sorted(CORPUS.glob("*.md"))}
PROPERTY = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces that steer random text into the places where parsers and rules have edge cases.
FRAGMENTS = [
    "---",
    "+++",
    "{",
    "}",
    "...",
    "title: x",
    "date: 2024-13-45",
    "date: 2020-01-01",
    "tags: [a, a]",
    "tags: []",
    "title = 'x'",
    '"title": "x",',
    "a: &a [1]",
    "b: *a",
    "!!python/object:os.system",
    "key: 'unclosed",
    "  nested: {",
    "```",
    "~~~",
    "```python",
    "    indented code",
    "# Heading",
    "## ",
    "Setext",
    "===",
    "> quote",
    "> > deeper",
    "- item",
    "1. item",
    "* ",
    "| a | b |",
    "|---|---|",
    "[link](http://example.com)",
    "<http://x.y>",
    "![alt](img.png)",
    "`code`",
    "``",
    "<!-- postlint-disable -->",
    "<!-- postlint-enable -->",
    "<!-- postlint-disable-next-line FM001 -->",
    "<!-- postlint-disable-line ALL -->",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "&amp;",
    "&#0;",
    "\\*",
    "*emph*",
    "__strong__",
    "Mr.",
    "e.g.",
    "Here is the complete article:",
    "Let me know if you'd like",
    "[Insert name]",
    "oaicite",
    "12 min read",
    "read_time: 3",
    "reading_time: 90",
    "word",
    "Word.",
    "?!",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "é",
    "🙂",
    "\u2028",
    "\u0085",
    "\t",
    " ",
    "  ",
    "\\",
    "import x from 'y'",
    "export const a = 1",
]
NEWLINES = ["\n", "\r\n", "\r"]


def _offline_ruleset(folder: Path):
    """Every registered rule, minus any that would call a network service."""
    registry = default_registry()
    offline = [rule.code for rule in registry if not rule.needs_network]
    overrides = CliOverrides(select=offline)  # by code, so opt-in rules run too
    return ConfigResolver(registry, overrides, cwd=folder).for_directory(folder)


WORKDIR = Path(tempfile.mkdtemp(prefix="postlint-properties-"))
RULESET = _offline_ruleset(WORKDIR)


def lint_bytes(raw: bytes, name: str = "post.md"):
    path = WORKDIR / name
    path.write_bytes(raw)
    return lint_file(path, name, RULESET)


def markdown_soup() -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12))
    line = st.lists(piece, max_size=6).map(" ".join)
    return st.tuples(st.lists(line, max_size=30), st.sampled_from(NEWLINES)).map(
        lambda parts: parts[1].join(parts[0])
    )


@st.composite
def mutated_post(draw) -> bytes:
    """A real post with a few random edits: cuts, duplications, insertions, line endings."""
    name = draw(st.sampled_from(sorted(POSTS)))
    text = POSTS[name].decode("utf-8")
    for _ in range(draw(st.integers(1, 5))):
        size = len(text)
        at = draw(st.integers(0, size))
        op = draw(st.sampled_from(["cut", "dup", "insert", "newlines", "truncate"]))
        if op == "cut":
            text = text[:at] + text[min(size, at + draw(st.integers(1, 400))) :]
        elif op == "dup":
            text = text[:at] + text[at : at + draw(st.integers(1, 400))] + text[at:]
        elif op == "insert":
            newline = draw(st.sampled_from(["", *NEWLINES]))
            insert = draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)))
            text = text[:at] + newline + insert + newline + text[at:]
        elif op == "newlines":
            text = text.replace("\n", draw(st.sampled_from(NEWLINES)))
        else:
            text = text[:at]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-bom", "utf-16-le-bom"]))
    if encoding == "utf-8":
        return text.encode("utf-8", "surrogatepass")
    if encoding == "utf-8-bom":
        return codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")


def _decoded(raw: bytes) -> Document | None:
    try:
        return Document.from_bytes("post.md", raw)
    except DecodeProblem:
        return None


def assert_sound(raw: bytes) -> None:
    """The three promises: no exception, no internal error, every position inside the file."""
    result = lint_bytes(raw)
    crashes = [v.message for v in result.violations if v.code == "PL003"]
    assert not crashes, crashes
    assert not result.internal_error
    doc = _decoded(raw)
    if doc is None:
        assert [v.code for v in result.violations] == ["PL002"]
        return
    lines = doc.index.line_count
    for v in result.violations:
        assert 1 <= v.line <= v.end_line <= lines, v
        assert 1 <= v.column <= len(doc.index.line_text(v.line)) + 1, v
        assert 1 <= v.end_column <= len(doc.index.line_text(v.end_line)) + 1, v
        if v.line == v.end_line:
            assert v.column <= v.end_column, v
    again = lint_bytes(raw)
    assert _summary(again) == _summary(result)  # deterministic


def _summary(result) -> list[tuple]:
    return [
        (v.line, v.column, v.end_line, v.end_column, v.code, v.message, v.fix)
        for v in result.violations
    ]


def assert_rules_report_inside(raw: bytes) -> None:
    """Built-in rules report positions inside the file before the engine clamps anything."""
    doc = _decoded(raw)
    if doc is None:
        return
    lines = doc.index.line_count
    for active in RULESET.active:
        for v in active.rule.check(doc, active.options):
            where = f"{active.code} {v.message!r}"
            assert 1 <= v.line <= lines and 1 <= (v.end_line or v.line) <= lines, where
            assert 1 <= v.column <= len(doc.index.line_text(v.line)) + 1, where
            if v.fix is not None:
                for edit in v.fix.edits:
                    assert 0 <= edit.start <= edit.end <= len(doc.text), where


# --- properties ---------------------------------------------------------------------------
def test_corpus_copy_is_present():
    assert len(POSTS) >= 5


@PROPERTY
@given(st.text())
def test_any_text_lints_soundly(text):
    assert_sound(text.encode("utf-8"))


@PROPERTY
@given(st.binary(max_size=2000))
def test_any_bytes_lint_soundly(raw):
    assert_sound(raw)


@PROPERTY
@given(markdown_soup())
def test_markdown_soup_lints_soundly(text):
    raw = text.encode("utf-8")
    assert_sound(raw)
    assert_rules_report_inside(raw)


@PROPERTY
@given(mutated_post())
def test_mutated_real_posts_lint_soundly(raw):
    assert_sound(raw)
    assert_rules_report_inside(raw)


@pytest.mark.parametrize("name", sorted(POSTS))
def test_real_posts_lint_soundly(name):
    assert_sound(POSTS[name])
    assert_rules_report_inside(POSTS[name])


# --- the document model under the same inputs -------------------------------------------
@PROPERTY
@given(st.text(alphabet=st.sampled_from("ab \r\n\t\u2028"), max_size=80), st.data())
def test_line_index_round_trips(text, data):
    index = LineIndex(text)
    offset = data.draw(st.integers(0, len(text)))
    line, column = index.position(offset)
    assert index.offset(line, column) == offset
    assert 1 <= line <= index.line_count
    # Rebuilding the text from its lines and breaks gives the text back.
    rebuilt = "".join(
        text[index.line_start(n) : index.line_end(n, with_break=True)]
        for n in range(1, index.line_count + 1)
    )
    assert rebuilt == text


@PROPERTY
@given(st.one_of(markdown_soup(), mutated_post().map(lambda raw: _decoded(raw))))
def test_prose_maps_back_into_the_file(source):
    if source is None:
        return
    doc = source if isinstance(source, Document) else Document("post.md", source)
    size = len(doc.text)
    for block in doc.blocks:
        offsets = [block.source_offset(i) for i in range(len(block.text))]
        assert all(0 <= offset <= size for offset in offsets)
        assert offsets == sorted(offsets), "prose order must follow file order"
        assert all(offset >= doc.body_offset for offset in offsets), "front matter is not prose"
        for i, (char, offset) in enumerate(zip(block.text, offsets, strict=True)):
            # A letter of prose comes from that same letter in the file, unless an entity or
            # escape (`&eacute;`, `\\A`) produced it.
            if char.isascii() and char.isalpha() and doc.text[offset] != char:
                before = doc.text[max(0, offset - 12) : offset + 1]
                assert "&" in before or "\\" in before, (i, char, doc.position(offset))
        start, end = block.source_span(0, len(block.text))
        assert 0 <= start <= end <= size
    for sentence in doc.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(sentence.block.text)
        assert sentence.word_count >= 0


@pytest.mark.parametrize("first", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("rest", ["\n", "\r\n", "\r"])
def test_soft_breaks_map_to_the_right_line_whatever_the_line_ending(first, rest):
    # Found by scripts/fuzz.py: a lone "\r" soft break followed later by "\n" line endings sent
    # the prose offsets to the next "\n", so a suppression comment was reported a line late.
    text = "First line," + first + rest.join(["second line", "third <!-- c --> line", "", "."])
    doc = Document("post.md", text)
    block = doc.blocks[0]
    assert doc.position(block.source_offset(block.text.index("second"))) == (2, 1)
    assert doc.position(block.source_offset(block.text.index("third"))) == (3, 1)
    assert [(c.line, c.column) for c in doc.comments] == [(3, 7)]
