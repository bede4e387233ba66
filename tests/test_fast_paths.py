"""Fast paths of the line index and the front-matter scan give what their definitions give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.frontmatter import _BOUNDARIES, _CLOSING_FIRST_CHAR, _JSON_CLOSE, _closing_line
from postlint.lines import LineIndex


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
