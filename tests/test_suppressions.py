"""Inline suppressions in HTML comments, and PL001 for the ones that suppress nothing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_json

HEAD = "---\ntitle: T\ndate: 2024-01-01\ntags: [x]\n---\n"
PLUGIN = (
    "from postlint.rule import Rule\n\n"
    "class Word(Rule):\n    code = 'HS001'\n    name = 'no-banana'\n    summary = 's'\n\n"
    "    def check(self, doc, options):\n"
    "        for b in doc.blocks:\n"
    "            at = b.text.find('banana')\n"
    "            if at >= 0:\n"
    "                yield self.at_prose(doc, b, at, at + 6, 'banana')\n"
)


def lint(tmp_path: Path, write, body: str) -> list[tuple[int, str]]:
    write("house.py", PLUGIN)
    write("postlint.toml", 'plugins = ["house.py"]\n')
    write("a.md", HEAD + body)
    _, violations = run_json("--select", "HS,PL", "a.md", cwd=tmp_path)
    return [(v["line"], v["code"]) for v in violations]


def test_disable_enable_range(tmp_path: Path, write) -> None:
    body = (
        "banana one\n\n<!-- postlint-disable HS001 -->\n\nbanana two\n\n"
        "<!-- postlint-enable -->\n\nbanana three\n"
    )
    assert lint(tmp_path, write, body) == [(6, "HS001"), (14, "HS001")]


def test_disable_next_line_and_prefix_selector(tmp_path: Path, write) -> None:
    body = "<!-- postlint-disable-next-line HS -->\nbanana one\n\nbanana two\n"
    assert lint(tmp_path, write, body) == [(9, "HS001")]


def test_disable_line_inline(tmp_path: Path, write) -> None:
    body = "banana one <!-- postlint-disable-line HS001 -->\n\nbanana two\n"
    assert lint(tmp_path, write, body) == [(8, "HS001")]


def test_disable_file(tmp_path: Path, write) -> None:
    body = "banana one\n\n<!-- postlint-disable-file HS001 -->\n\nbanana two\n"
    assert lint(tmp_path, write, body) == []


def test_disable_without_codes_means_all(tmp_path: Path, write) -> None:
    body = "<!-- postlint-disable -->\nbanana one\n"
    assert lint(tmp_path, write, body) == []


def test_unused_suppression_is_reported(tmp_path: Path, write) -> None:
    body = "<!-- postlint-disable-next-line HS001 -->\nno fruit here\n\nbanana\n"
    assert lint(tmp_path, write, body) == [(6, "PL001"), (9, "HS001")]


def test_suppression_inside_code_is_not_a_directive(tmp_path: Path, write) -> None:
    body = "```html\n<!-- postlint-disable -->\n```\n\nbanana\n"
    assert lint(tmp_path, write, body) == [(10, "HS001")]
