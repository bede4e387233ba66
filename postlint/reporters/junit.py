"""`--output-format junit`: JUnit XML for CI test-report views (GitLab, Jenkins, Azure).

One ``testsuite`` per linted file; one failing ``testcase`` per violation (an ``error`` for
PL003, a crashed rule), or a single passing ``testcase`` when the file is clean, so every file
shows up in the report.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from postlint.model import FileResult, Violation
from postlint.reporters import ReportContext

INTERNAL_ERROR = "PL003"
# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` with the characters XML 1.0 forbids shown as ``\\xNN``; ET escapes the rest."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def _testcase(suite: ET.Element, result: FileResult, v: Violation) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": xml_text(result.path),
            "name": xml_text(f"{v.code} {v.name} at line {v.line}, column {v.column}"),
            "file": xml_text(result.path),
            "line": str(v.line),
        },
    )
    tag = "error" if v.code == INTERNAL_ERROR else "failure"
    problem = ET.SubElement(case, tag, {"message": xml_text(v.message), "type": v.code})
    problem.text = xml_text(
        f"{result.path}:{v.line}:{v.column}: {v.code} [{v.severity}] {v.message}"
    )


def build(results: list[FileResult]) -> ET.Element:
    failures = sum(1 for r in results for v in r.violations if v.code != INTERNAL_ERROR)
    errors = sum(1 for r in results for v in r.violations if v.code == INTERNAL_ERROR)
    tests = sum(max(1, len(r.violations)) for r in results)
    root = ET.Element(
        "testsuites",
        {"name": "postlint", "tests": str(tests), "failures": str(failures), "errors": str(errors)},
    )
    for result in results:
        suite_errors = sum(1 for v in result.violations if v.code == INTERNAL_ERROR)
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "name": xml_text(result.path),
                "tests": str(max(1, len(result.violations))),
                "failures": str(len(result.violations) - suite_errors),
                "errors": str(suite_errors),
            },
        )
        for v in result.violations:
            _testcase(suite, result, v)
        if not result.violations:
            ET.SubElement(
                suite,
                "testcase",
                {
                    "classname": xml_text(result.path),
                    "name": "postlint",
                    "file": xml_text(result.path),
                },
            )
    return root


def render(results: list[FileResult], context: ReportContext) -> str:
    root = build(results)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
