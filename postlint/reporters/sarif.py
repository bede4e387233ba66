"""`--output-format sarif`: SARIF 2.1.0, as GitHub code scanning and other CI tools read it.

One ``run`` whose driver lists one rule entry per reported code, with the rule's documentation
as help text. Locations are relative URIs resolved against the ``SRCROOT`` base (the working
directory), so the report does not depend on where the checkout lives. Columns count Unicode
code points (``columnKind``), as postlint's do.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from postlint.model import FileResult, Severity, Violation
from postlint.reporters import ReportContext

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "SRCROOT"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(display_path: str, cwd: Path) -> dict[str, str]:
    """A relative URI under SRCROOT for paths below the working directory, else a file URI."""
    path = Path(display_path)
    if not path.is_absolute():
        posix = PurePosixPath(*path.parts)
        if ".." not in posix.parts:
            return {"uri": quote(str(posix), safe="/"), "uriBaseId": BASE_ID}
        path = Path(os.path.normpath(cwd / path))
    return {"uri": path.absolute().as_uri()}


def _rule_descriptor(code: str, sample: Violation, context: ReportContext) -> dict[str, Any]:
    rule = context.rules.get(code)
    descriptor: dict[str, Any] = {"id": code, "name": sample.name or code}
    if rule is None:  # e.g. a rule from a repository's local plugin
        descriptor["shortDescription"] = {"text": sample.name or code}
        descriptor["defaultConfiguration"] = {"level": LEVELS[sample.severity]}
        return descriptor
    documentation = rule.documentation()
    descriptor.update(
        {
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": documentation.split("\n\n", 1)[0]},
            "help": {"text": documentation, "markdown": documentation},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"tags": [code.rstrip("0123456789")], "fixable": rule.fixable or "no"},
        }
    )
    return descriptor


def _result(result: FileResult, v: Violation, rule_index: int, cwd: Path) -> dict[str, Any]:
    region = {
        "startLine": v.line,
        "startColumn": v.column,
        "endLine": v.end_line,
        "endColumn": v.end_column,
    }
    return {
        "ruleId": v.code,
        "ruleIndex": rule_index,
        "level": LEVELS[v.severity],
        "message": {"text": v.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(result.path, cwd),
                    "region": region,
                }
            }
        ],
    }


def build(results: list[FileResult], context: ReportContext) -> dict[str, Any]:
    samples: dict[str, Violation] = {}
    for result in results:
        for v in result.violations:
            samples.setdefault(v.code, v)
    codes = sorted(samples)
    index = {code: i for i, code in enumerate(codes)}
    cwd = Path(context.cwd).absolute()
    driver: dict[str, Any] = {
        "name": "postlint",
        "rules": [_rule_descriptor(code, samples[code], context) for code in codes],
    }
    if context.version:
        driver["version"] = context.version
        driver["semanticVersion"] = context.version
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {BASE_ID: {"uri": cwd.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not any(r.internal_error for r in results)}],
        "results": [_result(r, v, index[v.code], cwd) for r in results for v in r.violations],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(results: list[FileResult], context: ReportContext) -> str:
    return json.dumps(build(results, context), indent=2, ensure_ascii=False) + "\n"
