"""SARIF 2.1.0 output, validated against the official OASIS schema (tests/data/)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import jsonschema
import pytest

from postlint.model import FileResult, Severity, Violation
from postlint.registry import default_registry
from postlint.reporters import ReportContext
from postlint.reporters.sarif import render
from tests.conftest import ROOT, run_cli

DATA = Path(__file__).parent / "data"
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
# Draft 4 like the schema. The format checker knows every format, so `uri` and
# `uri-reference` (artifact locations) are checked too (rfc3986-validator).
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
UNTAGGED = "---\ntitle: T\ndate: 2024-01-01\n---\n\nNo tags here.\n"


def sarif_of(*args: str, cwd: Path) -> dict:
    code, out, err = run_cli("check", "--output-format", "sarif", *args, cwd=cwd)
    assert code in (0, 1), (code, out, err)
    log = json.loads(out)
    errors = sorted(VALIDATOR.iter_errors(log), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])
    return log


def local_file(run: dict, location: dict, cwd: Path) -> Path:
    """Resolve a result's artifact location the way a SARIF viewer does."""
    artifact = location["physicalLocation"]["artifactLocation"]
    base = (
        run["originalUriBaseIds"][artifact["uriBaseId"]]["uri"] if "uriBaseId" in artifact else ""
    )
    return Path(unquote(urlparse(urljoin(base, artifact["uri"])).path))


def test_the_validator_rejects_a_broken_log() -> None:
    """The schema check has teeth: a result without a message is refused."""
    broken = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "X"}]}],
    }
    assert list(VALIDATOR.iter_errors(broken))
    bad_uri = {"version": "2.1.0", "$schema": "not a uri", "runs": []}
    assert [e.message for e in VALIDATOR.iter_errors(bad_uri)] == ["'not a uri' is not a 'uri'"]
    unescaped = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "results": [
                    {
                        "message": {"text": "m"},
                        "locations": [
                            {"physicalLocation": {"artifactLocation": {"uri": "a b.md"}}}
                        ],
                    }
                ],
            }
        ],
    }
    assert [e.message for e in VALIDATOR.iter_errors(unescaped)] == [
        "'a b.md' is not a 'uri-reference'"
    ]


def test_examples_folder_validates(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    log = sarif_of("examples", cwd=tmp_path)
    run = log["runs"][0]
    results = run["results"]
    assert results, "the examples contain violations on purpose"
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))  # one entry per code
    assert {r["ruleId"] for r in results} == set(rule_ids)
    for result in results:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert local_file(run, result["locations"][0], tmp_path).is_file()


def test_rule_entries_carry_the_rule_documentation(tmp_path: Path, write) -> None:
    write("post.md", UNTAGGED)
    log = sarif_of("--select", "FM004", "post.md", cwd=tmp_path)
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    documented = default_registry().get("FM004")
    assert rule["id"] == "FM004" and rule["name"] == "missing-tags"
    assert rule["help"]["markdown"] == documented.documentation()
    assert rule["shortDescription"]["text"] == documented.summary
    assert rule["defaultConfiguration"]["level"] == "error"
    (result,) = log["runs"][0]["results"]
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


@pytest.mark.parametrize("name", ["with space.md", "100% done.md", "naïve #1?.md", "a&b;c.md"])
def test_awkward_file_names_are_escaped_and_resolve(tmp_path: Path, write, name: str) -> None:
    write(f"posts/{name}", UNTAGGED)
    log = sarif_of("--select", "FM004", "posts", cwd=tmp_path)
    run = log["runs"][0]
    (result,) = run["results"]
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uriBaseId"] == "SRCROOT"
    assert local_file(run, location, tmp_path) == (tmp_path / "posts" / name).resolve()


def test_file_outside_the_working_directory_gets_an_absolute_uri(tmp_path: Path, write) -> None:
    write("outside/post.md", UNTAGGED)
    (tmp_path / "inside").mkdir()
    log = sarif_of("--select", "FM004", "../outside/post.md", cwd=tmp_path / "inside")
    run = log["runs"][0]
    location = run["results"][0]["locations"][0]
    assert "uriBaseId" not in location["physicalLocation"]["artifactLocation"]
    assert local_file(run, location, tmp_path) == (tmp_path / "outside/post.md").resolve()


def test_clean_run_is_a_valid_empty_log(tmp_path: Path, write) -> None:
    write("post.md", "---\ntitle: T\ndate: 2024-01-01\ntags: [x]\n---\n\nFine.\n")
    log = sarif_of("post.md", cwd=tmp_path)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_levels_messages_and_unregistered_rules() -> None:
    """Severities map to SARIF levels; a rule the registry does not know still gets an entry;
    quotes, backslashes, newlines and control characters survive JSON escaping."""
    message = 'quote " backslash \\ newline \n tab \t bell \x07 </script>'
    results = [
        FileResult(
            "p.md",
            [
                Violation(2, 1, message, code="XY001", name="local-rule", severity=Severity.INFO),
                Violation(3, 1, "w", code="XY002", name="other", severity=Severity.WARNING),
            ],
        )
    ]
    log = json.loads(render(results, ReportContext(rules={}, cwd=Path("/tmp"))))
    assert not list(VALIDATOR.iter_errors(log))
    run = log["runs"][0]
    assert [r["level"] for r in run["results"]] == ["note", "warning"]
    assert run["results"][0]["message"]["text"] == message
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["XY001", "XY002"]
    assert run["columnKind"] == "unicodeCodePoints"
