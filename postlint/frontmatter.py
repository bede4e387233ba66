"""Front matter: find the block, parse it safely, and remember where every top-level key is.

Boundaries come from python-frontmatter's handlers; values are parsed with safe loaders only
(YAML's SafeLoader, tomllib, json), so front matter is data and never constructs objects.
"""

from __future__ import annotations

import bisect
import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml
from frontmatter.default_handlers import JSONHandler, YAMLHandler

from postlint.lines import LineIndex

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YamlLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps an impossible timestamp (``2024-13-45``) as a string.

    PyYAML raises ValueError for it; keeping the text lets the date rule report it.
    """


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

_TOML_BOUNDARY = re.compile(r"^\+{3,}\s*$")
# python-frontmatter's patterns are multi-line; we test one line at a time.
_BOUNDARIES = {
    "yaml": re.compile(YAMLHandler.FM_BOUNDARY.pattern),
    "toml": _TOML_BOUNDARY,
}
_JSON_OPEN = re.compile(r"^\{\s*$")
_JSON_CLOSE = re.compile(r"^\}\s*$")
assert JSONHandler.FM_BOUNDARY is not None  # the handler documents the `{`/`}` line convention

# A front matter that expands to more values than this is refused (YAML alias bombs).
MAX_EXPANDED_NODES = 100_000
_MAX_DEPTH = 200  # deeper nesting is refused too
_TOML_KEY = re.compile(r"""^[ \t]*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_\-]+))[ \t]*=""")
_TOML_TABLE = re.compile(r"^[ \t]*\[")
_SCALAR_AFTER = re.compile(r"""[ \t]*("(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|[^\s,#{}\[\]"']+)""")


@dataclass
class FrontMatterError:
    line: int
    column: int
    message: str


@dataclass
class FrontMatter:
    """The parsed front matter of one file. ``format`` is None when the file has none."""

    format: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    start_line: int = 0  # line of the opening delimiter
    end_line: int = 0  # line of the closing delimiter
    body_offset: int = 0  # character offset where the body starts
    error: FrontMatterError | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    value_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return self.format is not None

    def key_line(self, key: str) -> int | None:
        return self.key_lines.get(key)


def parse_front_matter(text: str, index: LineIndex) -> FrontMatter:
    """Find and parse the front matter at the start of ``text`` (BOM already removed)."""
    first = index.line_text(1)
    kind = None
    for name, pattern in _BOUNDARIES.items():
        if pattern.match(first):
            kind = name
    if kind is None and _JSON_OPEN.match(first):
        kind = "json"
    if kind is None:
        return FrontMatter()

    closing = _JSON_CLOSE if kind == "json" else _BOUNDARIES[kind]
    end_line = _closing_line(text, index, closing, _CLOSING_FIRST_CHAR[kind])
    fm = FrontMatter(format=kind, start_line=1)
    if not end_line:
        name = {"yaml": "---", "toml": "+++", "json": "}"}[kind]
        fm.error = FrontMatterError(
            1, 1, f"front matter opened on line 1 is never closed by {name!r}"
        )
        fm.end_line = 1
        fm.body_offset = len(text)
        return fm

    fm.end_line = end_line
    fm.body_offset = index.line_end(end_line, with_break=True)
    if kind == "json":
        source_start = index.line_start(1)
        source = text[source_start : index.line_end(end_line)]
        first_content_line = 1
    else:
        source_start = index.line_start(2)
        source = text[source_start : index.line_start(end_line)]
        first_content_line = 2
    parse = {"yaml": _parse_yaml, "toml": _parse_toml, "json": _parse_json}[kind]
    try:
        parse(fm, source, source_start, first_content_line, index)
    except _FrontMatterProblem as problem:
        fm.error = FrontMatterError(problem.line, problem.column, problem.message)
        fm.data = {}
    if fm.error is None and not isinstance(fm.data, dict):
        got = type(fm.data).__name__
        fm.error = FrontMatterError(
            first_content_line, 1, f"front matter must be a mapping, got {got}"
        )
        fm.data = {}
    return fm


# Every closing line starts with this character: only lines starting with it are tried.
_CLOSING_FIRST_CHAR = {"yaml": "-", "toml": "+", "json": "}"}


def _closing_line(text: str, index: LineIndex, closing: re.Pattern, first_char: str) -> int:
    """The first line after line 1 that ``closing`` matches, or 0 when there is none."""
    starts = index.starts
    if len(starts) < 2:
        return 0
    position = starts[1]
    while (found := text.find(first_char, position)) >= 0:
        line = bisect.bisect_right(starts, found)  # the 1-based line holding `found`
        if starts[line - 1] == found and closing.match(index.line_text(line)):
            return line
        if line >= len(starts):
            return 0
        position = starts[line]  # the next line
    return 0


class _FrontMatterProblem(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _parse_yaml(
    fm: FrontMatter, source: str, source_start: int, first_line: int, index: LineIndex
) -> None:
    if not source.strip():
        fm.data = {}
        return
    loader = _YamlLoader(source)
    try:
        node = loader.get_single_node()
        if node is None:
            fm.data = {}
            return
        if _may_expand(source):
            _check_expansion(node, first_line)
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                line = first_line + key_node.start_mark.line
                if key in seen:
                    fm.duplicate_keys.append((key, line))
                else:
                    seen[key] = line
                fm.key_lines.setdefault(key, line)
                if isinstance(value_node, yaml.ScalarNode):
                    span = (
                        source_start + value_node.start_mark.index,
                        source_start + value_node.end_mark.index,
                    )
                    fm.value_spans.setdefault(key, span)
        fm.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark and mark.index >= len(source.rstrip()):
            # "found unexpected end of stream": where the construct began says more.
            mark = exc.context_mark
        line = first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} {exc.context}"
        raise _FrontMatterProblem(line, column, f"invalid YAML front matter: {problem}") from None
    except yaml.YAMLError as exc:
        raise _FrontMatterProblem(first_line, 1, f"invalid YAML front matter: {exc}") from None
    except RecursionError:
        raise _FrontMatterProblem(first_line, 1, "front matter is nested too deeply") from None
    finally:
        loader.dispose()


def _may_expand(source: str) -> bool:
    """Whether ``_check_expansion`` could refuse the YAML ``source``.

    Without an alias (``*name``) every node is written out in the source: a character makes
    at most a few nodes, and every collection has an indicator of its own (``:``, ``-``,
    ``?``, ``[`` or ``{``), so a short source with few indicators can neither expand past
    the limit nor nest 200 deep. That is nearly every front matter, and the walk over its
    nodes is skipped.
    """
    if "*" in source or len(source) > MAX_EXPANDED_NODES // 10:
        return True
    indicators = sum(source.count(char) for char in ":-?[{")
    return indicators >= _MAX_DEPTH


def _check_expansion(root: yaml.Node, first_line: int) -> None:
    """Refuse YAML whose aliases expand to an absurd number of values (a "billion laughs")."""
    _expanded_size(root, 0, {}, first_line)


def _expanded_size(node: yaml.Node, depth: int, sizes: dict[int, int], first_line: int) -> int:
    # A module function rather than a closure: a closure that calls itself is a reference
    # cycle, which only the garbage collector frees.
    if depth > _MAX_DEPTH:
        raise _FrontMatterProblem(
            first_line + node.start_mark.line, 1, "front matter is nested too deeply"
        )
    known = sizes.get(id(node))
    if known is not None:
        return known
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_expanded_size(child, depth + 1, sizes, first_line) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(
            _expanded_size(k, depth + 1, sizes, first_line)
            + _expanded_size(v, depth + 1, sizes, first_line)
            for k, v in node.value
        )
    sizes[id(node)] = total
    if total > MAX_EXPANDED_NODES:
        raise _FrontMatterProblem(
            first_line + node.start_mark.line,
            node.start_mark.column + 1,
            f"front matter expands to more than {MAX_EXPANDED_NODES:,} values "
            "through aliases; refusing to load it",
        )
    return total


def _parse_toml(
    fm: FrontMatter, source: str, source_start: int, first_line: int, index: LineIndex
) -> None:
    try:
        fm.data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if found and line is None:
            line, column = int(found.group(1)), int(found.group(2))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        if getattr(exc, "msg", None):
            message = exc.msg
        raise _FrontMatterProblem(
            first_line + (line or 1) - 1, column or 1, f"invalid TOML front matter: {message}"
        ) from None
    except RecursionError:
        raise _FrontMatterProblem(first_line, 1, "front matter is nested too deeply") from None
    _locate_toml_keys(fm, source, source_start, first_line)


def _locate_toml_keys(fm: FrontMatter, source: str, source_start: int, first_line: int) -> None:
    """``_locate_keys(fm, source, source_start, first_line, _toml_key)`` in one loop: no call
    a line, and none after the first table header (no top-level key follows one)."""
    data = fm.data
    key_lines = fm.key_lines
    value_spans = fm.value_spans
    offset = source_start
    seen: set[str] = set()
    for number, line in enumerate(source.splitlines(keepends=True), first_line):
        if _TOML_TABLE.match(line):
            return
        found = _TOML_KEY.match(line)
        if found:
            key = found.group(1) or found.group(2) or found.group(3)
            if key in data:
                if key in seen:
                    fm.duplicate_keys.append((key, number))
                seen.add(key)
                key_lines.setdefault(key, number)
                # the line's first "=" (inside a quoted key, `"a=b" = 1`, as _locate_keys has it)
                value = _SCALAR_AFTER.match(line, line.find("=") + 1)
                if value:
                    value_spans.setdefault(key, (offset + value.start(1), offset + value.end(1)))
        offset += len(line)


def _toml_key(line: str, in_table: list[bool]) -> str | None:
    if _TOML_TABLE.match(line):
        in_table[0] = True
    if in_table[0]:
        return None
    found = _TOML_KEY.match(line)
    if not found:
        return None
    return found.group(1) or found.group(2) or found.group(3)


_JSON_KEY = re.compile(r'^[ \t]*"((?:[^"\\]|\\.)*)"[ \t]*:')


def _parse_json(
    fm: FrontMatter, source: str, source_start: int, first_line: int, index: LineIndex
) -> None:
    try:
        fm.data = json.loads(source)
    except json.JSONDecodeError as exc:
        raise _FrontMatterProblem(
            first_line + exc.lineno - 1, exc.colno, f"invalid JSON front matter: {exc.msg}"
        ) from None
    except RecursionError:
        raise _FrontMatterProblem(first_line, 1, "front matter is nested too deeply") from None
    depth = [0]

    def json_key(line: str, _state: list[bool]) -> str | None:
        # Only keys at the top level of the object (depth 1 when the line starts).
        at_top = depth[0] == 1
        depth[0] += line.count("{") + line.count("[") - line.count("}") - line.count("]")
        found = _JSON_KEY.match(line) if at_top else None
        return found.group(1) if found else None

    _locate_keys(fm, source, source_start, first_line, json_key)


def _locate_keys(fm, source, source_start, first_line, key_of) -> None:
    state = [False]
    offset = 0
    seen: set[str] = set()
    for number, line in enumerate(source.splitlines(keepends=True)):
        key = key_of(line, state)
        if key is not None and key in (fm.data if isinstance(fm.data, dict) else {}):
            file_line = first_line + number
            if key in seen:
                fm.duplicate_keys.append((key, file_line))
            seen.add(key)
            fm.key_lines.setdefault(key, file_line)
            separator = line.find("=") if "=" in line and fm.format == "toml" else line.find(":")
            if fm.format == "json":
                separator = line.find(":", line.find('"', line.find('"') + 1))
            value = _SCALAR_AFTER.match(line, separator + 1) if separator >= 0 else None
            if value:
                fm.value_spans.setdefault(
                    key,
                    (source_start + offset + value.start(1), source_start + offset + value.end(1)),
                )
        offset += len(line)
