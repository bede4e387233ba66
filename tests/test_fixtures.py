"""markdownlint-style fixtures: Markdown files that say which codes fire on which lines.

Each file under ``tests/fixtures/<SELECTOR>/`` is linted with ``--select <SELECTOR>`` (the
folder name: a family prefix like ``FM`` or a code). Expectations are written in the file:

- ``<!-- expect: AI001 -->`` or ``# expect: FM004`` at the end of a line: those codes fire
  on that line;
- ``<!-- expect 1: FM001, FM004 -->`` anywhere: those codes fire on line 1.

A file without expectations must produce no violation (a hard negative). The reported set of
(line, code) pairs must equal the expected set exactly.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_json

FIXTURES = Path(__file__).parent / "fixtures"
_EXPECT = re.compile(
    r"(?:<!--|#)\s*expect(?:\s+(\d+))?\s*:\s*([A-Z]{2,4}\d{3}(?:\s*,\s*[A-Z]{2,4}\d{3})*)"
)


def expectations(path: Path) -> set[tuple[int, str]]:
    expected = set()
    text = path.read_bytes().decode("utf-8-sig")
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _EXPECT.finditer(line):
            target = int(match.group(1)) if match.group(1) else number
            for code in match.group(2).split(","):
                expected.add((target, code.strip()))
    return expected


CASES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".mdx", ".markdown"))


@pytest.mark.parametrize("fixture", CASES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(fixture: Path, tmp_path: Path) -> None:
    selector = fixture.relative_to(FIXTURES).parts[0]
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    _, violations = run_json("--select", selector, "--ignore", "PL001", str(copy), cwd=tmp_path)
    found = {(v["line"], v["code"]) for v in violations}
    assert found == expectations(fixture), violations
