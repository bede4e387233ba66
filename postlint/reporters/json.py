"""`--output-format json`: a JSON array, one object per violation."""

from __future__ import annotations

import json

from postlint.model import FileResult
from postlint.reporters import ReportContext


def violation_records(results: list[FileResult]) -> list[dict]:
    return [
        {
            "path": result.path,
            "line": v.line,
            "column": v.column,
            "end_line": v.end_line,
            "end_column": v.end_column,
            "code": v.code,
            "name": v.name,
            "severity": str(v.severity),
            "message": v.message,
            "fixable": v.fixable,
            "fix": None
            if v.fix is None
            else {
                "description": v.fix.description,
                "applicability": "safe" if v.fix.safe else "unsafe",
            },
        }
        for result in results
        for v in result.violations
    ]


def render(results: list[FileResult], context: ReportContext) -> str:
    return json.dumps(violation_records(results), indent=2, ensure_ascii=False) + "\n"
