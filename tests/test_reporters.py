"""The CI report formats: GitHub workflow commands and JUnit XML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from postlint.model import FileResult, Severity, Violation
from postlint.reporters import FORMATS, ReportContext
from postlint.reporters.github import escape_data, escape_property
from postlint.reporters.github import render as render_github
from postlint.reporters.junit import render as render_junit
from tests.conftest import run_cli, run_process

UNTAGGED = "---\ntitle: T\ndate: 2024-01-01\n---\n\nNo tags here.\n"
CLEAN = "---\ntitle: T\ndate: 2024-01-01\ntags: [x]\n---\n\nFine.\n"
_COMMAND = re.compile(
    r"^::(error|warning|notice) ((?:[A-Za-z]+=[^,:]*)(?:,[A-Za-z]+=[^,:]*)*)::(.*)$"
)


def unescape(value: str) -> str:
    """What the GitHub runner does with an escaped value."""
    for encoded, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(encoded, char)
    return value


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = _COMMAND.match(line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return match.group(1), {k: unescape(v) for k, v in properties.items()}, unescape(match.group(3))


def test_every_format_is_a_cli_choice() -> None:
    code, out, _ = run_cli("check", "--help")
    assert code == 0
    for name in ("text", "json", "github", "sarif", "junit"):
        assert name in FORMATS and name in out


# --- GitHub ----------------------------------------------------------------------------------
def test_github_escaping_round_trips() -> None:
    assert escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert escape_property("C:\\x, y") == "C%3A\\x%2C y"
    tricky = "50%: a, b\nc\r"
    assert unescape(escape_property(tricky)) == tricky
    assert unescape(escape_data(tricky)) == tricky


def test_github_commands_level_per_severity_and_escaped_properties() -> None:
    path = "posts/a,b:c%.md"
    results = [
        FileResult(
            path,
            [
                Violation(
                    2,
                    3,
                    "bad: 100%\nreally",
                    2,
                    9,
                    code="FM004",
                    name="missing-tags",
                    severity=Severity.ERROR,
                ),
                Violation(4, 1, "meh", code="FM005", name="unknown-tag", severity=Severity.WARNING),
                Violation(5, 1, "fyi", code="RD001", name="reading-ease", severity=Severity.INFO),
            ],
        )
    ]
    lines = render_github(results, ReportContext()).splitlines()
    parsed = [parse_command(line) for line in lines]
    assert [level for level, _, _ in parsed] == ["error", "warning", "notice"]
    level, props, message = parsed[0]
    assert props == {
        "file": path,
        "line": "2",
        "endLine": "2",
        "col": "3",
        "endColumn": "9",
        "title": "FM004",
    }
    assert message == "missing-tags: bad: 100%\nreally"
    assert "\n" not in lines[0] and "%0A" in lines[0]


def test_github_format_from_the_cli(tmp_path: Path, write) -> None:
    write("posts/bad.md", UNTAGGED)
    write("posts/good.md", CLEAN)
    code, out, _ = run_cli(
        "check", "--select", "FM", "--output-format", "github", "posts", cwd=tmp_path
    )
    assert code == 1
    (line,) = out.splitlines()  # annotations only: no summary mixed into the log commands
    level, props, message = parse_command(line)
    assert (level, props["file"], props["line"], props["title"]) == (
        "error",
        "posts/bad.md",
        "1",
        "FM004",
    )
    assert message.startswith("missing-tags: ")


# --- JUnit -----------------------------------------------------------------------------------
def test_junit_from_the_cli_lists_every_file(tmp_path: Path, write) -> None:
    write("posts/bad.md", UNTAGGED)
    write("posts/good.md", CLEAN)
    code, out, _ = run_cli(
        "check", "--select", "FM", "--output-format", "junit", "posts", cwd=tmp_path
    )
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"posts/bad.md", "posts/good.md"}
    (failure,) = suites["posts/bad.md"].iter("failure")
    assert failure.get("type") == "FM004"
    assert failure.text.startswith("posts/bad.md:1:1: FM004 [error] ")
    (passing,) = suites["posts/good.md"].findall("testcase")
    assert list(passing) == []


def test_junit_escapes_markup_and_drops_what_xml_cannot_hold() -> None:
    message = 'a <b> & "c" \x1b[31m ]]> \x00 é 🙂'
    results = [
        FileResult(
            "posts/<&>.md",
            [
                Violation(1, 1, message, code="XY001", name="x", severity=Severity.WARNING),
                Violation(
                    1, 1, "boom", code="PL003", name="internal-error", severity=Severity.ERROR
                ),
            ],
        )
    ]
    out = render_junit(results, ReportContext())
    root = ET.fromstring(out.encode("utf-8"))  # well-formed despite the control characters
    suite = root.find("testsuite")
    assert suite.get("name") == "posts/<&>.md"
    assert (suite.get("failures"), suite.get("errors")) == ("1", "1")
    failure = suite.find("testcase/failure")
    assert failure.get("message") == 'a <b> & "c" \\x1b[31m ]]> \\x00 é 🙂'
    assert suite.find("testcase/error").get("type") == "PL003"


def test_machine_formats_of_a_clean_run(tmp_path: Path, write) -> None:
    write("good.md", CLEAN)
    outputs = {}
    for name in ("github", "junit", "json"):
        code, outputs[name], _ = run_cli("check", "--output-format", name, "good.md", cwd=tmp_path)
        assert code == 0
    assert outputs["github"] == ""  # nothing to annotate, and no summary in the log commands
    assert outputs["json"].strip() == "[]"
    root = ET.fromstring(outputs["junit"].encode("utf-8"))
    assert (root.get("tests"), root.get("failures")) == ("1", "0")


# --- --output-file and --statistics ----------------------------------------------------------
PLUGIN = Path(__file__).parent / "data" / "fix_plugin.py"


def test_output_file_gets_the_report_and_the_terminal_the_summary(tmp_path: Path, write) -> None:
    write("posts/bad.md", UNTAGGED)
    write("posts/good.md", CLEAN)
    code, out, err = run_cli(
        "check",
        "--select",
        "FM",
        "--output-format",
        "junit",
        "--output-file",
        "reports/postlint.xml",
        "posts",
        cwd=tmp_path,
    )
    assert code == 1  # the exit code still gates
    root = ET.fromstring((tmp_path / "reports" / "postlint.xml").read_bytes())
    assert root.get("failures") == "1"
    assert "<testsuite" not in out
    assert "Found 1 violation (1 error) in 1 of 2 files." in out


def test_output_file_that_cannot_be_written_is_a_clear_error(tmp_path: Path, write) -> None:
    write("good.md", CLEAN)
    proc = run_process("check", "--output-file", "good.md/r.json", "good.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("postlint: error: good.md/r.json: cannot write the report: ")
    assert "Traceback" not in proc.stderr


def test_statistics_counts_per_code(tmp_path: Path, write) -> None:
    write("postlint.toml", 'plugins = ["fix_plugin.py"]\n')
    write("fix_plugin.py", PLUGIN.read_text(encoding="utf-8"))
    write("a.md", UNTAGGED.replace("No tags here.", "Wow!!  \nYes!!!\nok  "))
    write("b.md", CLEAN.replace("Fine.", "Fine.  "))
    code, out, _ = run_cli("check", "--select", "FM004,TS", "--statistics", ".", cwd=tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert lines[:3] == [
        "3  TS001  [*] trailing-space",
        "2  TS002  [*] repeated-bang",
        "1  FM004  [ ] missing-tags",
    ]
    assert not any(line.startswith("a.md:") for line in lines)  # no per-violation lines
    assert "Found 6 violations (1 error, 5 warnings) in 2 of 2 files." in out
    code, out, _ = run_cli(
        "check",
        "--select",
        "FM004,TS",
        "--statistics",
        "--output-format",
        "json",
        ".",
        cwd=tmp_path,
    )
    assert json.loads(out) == [
        {"code": "TS001", "name": "trailing-space", "count": 3, "fixable": 3},
        {"code": "TS002", "name": "repeated-bang", "count": 2, "fixable": 2},
        {"code": "FM004", "name": "missing-tags", "count": 1, "fixable": 0},
    ]


def test_github_paths_are_relative_to_the_workspace(tmp_path: Path, write, monkeypatch) -> None:
    """In GitHub Actions (GITHUB_WORKSPACE set) a run from a subfolder still annotates."""
    write("site/posts/bad.md", UNTAGGED)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    code, out, _ = run_cli(
        "check", "--select", "FM004", "--output-format", "github", "posts", cwd=tmp_path / "site"
    )
    assert parse_command(out.strip())[1]["file"] == "site/posts/bad.md"
    monkeypatch.delenv("GITHUB_WORKSPACE")
    code, out, _ = run_cli(
        "check", "--select", "FM004", "--output-format", "github", "posts", cwd=tmp_path / "site"
    )
    assert parse_command(out.strip())[1]["file"] == "posts/bad.md"
