"""Fast paths of the line index and the front-matter scan give what their definitions give."""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict

import pyromark
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.frontmatter import (
    _BOUNDARIES,
    _CLOSING_FIRST_CHAR,
    _JSON_CLOSE,
    _check_expansion,
    _closing_line,
    _FrontMatterProblem,
    _locate_keys,
    _locate_toml_keys,
    _may_expand,
    _toml_key,
    parse_front_matter,
)
from postlint.lines import LineIndex
from postlint.markdown import _OPTIONS, ParsedBody, _non_ascii, _Walker, parse_body
from tests.conftest import ROOT, SHARED


def starts_by_definition(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab \n\r\t\u2028\x0b\x85", max_size=60))
def test_line_starts_follow_the_definition(text: str) -> None:
    assert LineIndex(text).starts == starts_by_definition(text)


def test_line_starts_of_edge_texts() -> None:
    assert LineIndex("").starts == [0]
    assert LineIndex("a").starts == [0]
    assert LineIndex("a\n").starts == [0, 2]
    assert LineIndex("\n\nb").starts == [0, 1, 2]
    assert LineIndex("a\u2028b\x85c").starts == [0]  # only \r, \n and \r\n end lines


def closing_line_by_definition(index: LineIndex, closing: re.Pattern) -> int:
    for line in range(2, index.line_count + 1):
        if closing.match(index.line_text(line)):
            return line
    return 0


CLOSINGS = {"yaml": _BOUNDARIES["yaml"], "toml": _BOUNDARIES["toml"], "json": _JSON_CLOSE}


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(sorted(CLOSINGS)),
    st.lists(
        st.sampled_from(["---", "+++", "}", "-", "+", " ", "a", "\n", "\r", "\t"]), max_size=30
    ),
)
def test_closing_line_follows_the_definition(kind: str, pieces: list[str]) -> None:
    text = "".join(pieces)
    index = LineIndex(text)
    expected = closing_line_by_definition(index, CLOSINGS[kind])
    assert _closing_line(text, index, CLOSINGS[kind], _CLOSING_FIRST_CHAR[kind]) == expected


# YAML made of the characters that build nodes: indicators, flow brackets, scalars, anchors.
YAML_PIECES = [
    "a",
    "b: ",
    "- ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "\n",
    "  ",
    "&x ",
    "1",
    '"s"',
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=80).map("".join))
def test_expansion_walk_is_skipped_only_where_it_cannot_refuse(source: str) -> None:
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    if node is None or _may_expand(source):
        return
    _check_expansion(node, 2)  # must not raise: no alias, too few indicators to nest deep


def test_expansion_walk_runs_for_aliases_and_deep_nesting() -> None:
    assert _may_expand("a: &x [1]\nb: *x\n")
    deep = "a: " + "[" * 250 + "]" * 250 + "\n"
    assert _may_expand(deep)
    with pytest.raises(_FrontMatterProblem, match="nested too deeply"):
        _check_expansion(yaml.compose(deep, Loader=yaml.SafeLoader), 2)
    assert not _may_expand("title: Hello\ndate: 2024-01-02\ntags:\n  - a\n  - b\n")


# TOML lines of every shape the key scan meets: bare, quoted and dotted keys, an "=" inside a
# quoted key, strings, arrays, inline tables, comments, blank lines, tables and odd line breaks.
TOML_LINES = [
    'title = "Hello"',
    "  draft = true",
    "'quoted key' = 'x'",
    '"a=b" = 1',
    'tags = ["a", "b"]',
    "date = 2024-01-02",
    "site.name = 'n'",
    "author = { name = 'x' }",
    "# a comment",
    "",
    "[params]",
    "[[menu]]",
    "title = 'again'",
    "x=1",
    'multi = """\nline\n"""',
]


def toml_keys(source: str, locate) -> tuple:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError:
        return None
    fm = parse_front_matter("", LineIndex(""))
    fm.format, fm.data = "toml", data
    locate(fm, source, 7, 2)
    return fm.key_lines, fm.value_spans, fm.duplicate_keys


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(TOML_LINES), max_size=12),
    st.sampled_from(["\n", "\r\n", "\r", "\x0c\n"]),
)
def test_toml_key_scan_follows_the_general_scan(lines: list[str], newline: str) -> None:
    source = newline.join(lines) + newline
    general = toml_keys(source, lambda *args: _locate_keys(*args, _toml_key))
    assert toml_keys(source, _locate_toml_keys) == general


def test_toml_key_scan_on_real_posts() -> None:
    posts = sorted((SHARED / "corpus" / "real").rglob("*.md"))
    checked = 0
    for path in posts:
        text = path.read_text(encoding="utf-8")
        if not text.startswith("+++"):
            continue
        index = LineIndex(text)
        fm = parse_front_matter(text, index)
        source = text[index.line_start(2) : index.line_start(fm.end_line)]
        expected = toml_keys(source, lambda *args: _locate_keys(*args, _toml_key))
        assert toml_keys(source, _locate_toml_keys) == expected
        checked += 1
    assert checked >= 20


class _PlainWalker(_Walker):
    """The walk with every run of text added by the general ``_add_run``."""

    eager_text = False  # no text piece added as it arrives either

    def _flush_run(self) -> None:
        if self.run:
            self.cursor = max(self.cursor, self.run[-1][2])
            run = self.run.copy()
            self.run.clear()
            self._add_run(run)


def plain_parse(text: str) -> ParsedBody:
    walker = _PlainWalker(text, LineIndex(text), False)
    walker.walk(pyromark.events_with_range(text, options=_OPTIONS), 0, _non_ascii(text))
    return ParsedBody(walker.blocks, [], walker.images, walker.comments, walker.links, [])


# Prose with what makes a run take the long way: URLs in any case, entities, escapes,
# autolinks, links, inline code, emphasis, line breaks of every kind, inline HTML and
# comments, and pieces that join into a URL only when their text events meet.
MD_PIECES = [
    "word ",
    "Www.",
    "w.",
    "www.example.com ",
    "https://a.io/x_y ",
    "HTTP://B.IO ",
    "&amp; ",
    "&mdash;",
    "\\*",
    "<https://c.io>",
    "<me@d.io>",
    "[link](https://e.io)",
    "`code`",
    "*em* ",
    "**strong** ",
    "é ",
    "\n",
    "\r\n",
    "  \n",
    "\\\n",
    "\n\n",
    "- ",
    "# ",
    "[x] ",
    "ww",
    "http:",
    "//f.io ",
    "\\/",
    "<span>",
    "<!-- a -->",
    "<!-- b\nc -->",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(MD_PIECES), max_size=40).map("".join))
def test_one_piece_runs_are_added_as_the_general_path_adds_them(text: str) -> None:
    fast = parse_body(text, 0, LineIndex(text))
    plain = plain_parse(text)
    assert [asdict(b) for b in fast.blocks] == [asdict(b) for b in plain.blocks]
    assert fast.links == plain.links
    assert fast.images == plain.images


@pytest.mark.parametrize(
    "text",
    [
        "http:\\//f.io x",  # two text events that only together hold a URL
        "a &amp; b https:&#47;/g.io c",
        "ww&#119;.h.io and more",
        "see ww[w.a.io] and",
        "x <!-- c\nd --> y www.\\*z.io",  # a comment spanning events between two pieces
        "one\ntwo &amp; three\n",
    ],
)
def test_a_piece_added_on_arrival_is_taken_back_when_the_next_piece_joins_it(text: str) -> None:
    fast = parse_body(text, 0, LineIndex(text))
    plain = plain_parse(text)
    assert [asdict(b) for b in fast.blocks] == [asdict(b) for b in plain.blocks]  # elisions too


def test_one_piece_runs_on_real_posts() -> None:
    posts = sorted((ROOT / "tests" / "data" / "corpus").glob("*.md"))
    posts += sorted((SHARED / "corpus" / "real").rglob("*.md"))[::10]
    for path in posts:
        text = path.read_text(encoding="utf-8")
        fast = parse_body(text, 0, LineIndex(text))
        assert [asdict(b) for b in fast.blocks] == [asdict(b) for b in plain_parse(text).blocks]
    assert len(posts) >= 7
