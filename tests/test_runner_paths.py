"""The runner's relative-path shortcut gives what ``os.path.relpath`` gives."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.runner import _display, _relative

# Absolute paths from a few short names, so that prefixes, equal names and siblings are common.
names = st.sampled_from(["a", "b", "ab", "a.md", "é", ".x"])
absolute_paths = st.lists(names, max_size=4).map(lambda parts: os.sep + os.sep.join(parts))


@settings(max_examples=500, deadline=None)
@given(absolute_paths, absolute_paths)
def test_relative_is_relpath(path: str, base: str) -> None:
    assert _relative(path, base) == os.path.relpath(path, base)


def test_relative_of_edge_paths() -> None:
    assert _relative("/a/b.md", "/") == os.path.join("a", "b.md")
    assert _relative("/", "/") == "."
    assert _relative("/ab/c.md", "/a") == os.path.join("..", "ab", "c.md")  # not a prefix match
    assert _relative("/a/b/c.md", "/a/b/") == "c.md"


def test_display_shows_undecodable_names_escaped() -> None:
    name = os.fsdecode(b"/blog/caf\xe9.md")  # a Latin-1 name on a UTF-8 file system
    assert _display(name, "/blog") == "caf\\xe9.md"
    assert _display("/blog/café.md", "/blog") == "café.md"
