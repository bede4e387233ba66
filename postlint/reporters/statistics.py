"""`--statistics`: how often each code fired, instead of one line per violation."""

from __future__ import annotations

import json
from collections import Counter

from postlint.model import FileResult, Violation
from postlint.reporters import ReportContext


def rows(results: list[FileResult]) -> list[dict]:
    """One row per code, most frequent first."""
    violations = [v for r in results for v in r.violations]
    counts = Counter(v.code for v in violations)
    samples: dict[str, Violation] = {}
    fixable: Counter[str] = Counter()
    for v in violations:
        samples.setdefault(v.code, v)
        fixable[v.code] += v.fixable
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    return [
        {"code": code, "name": samples[code].name, "count": counts[code], "fixable": fixable[code]}
        for code in ordered
    ]


def render(results: list[FileResult], context: ReportContext) -> str:
    table = rows(results)
    if context.extra.get("format") == "json":
        return json.dumps(table, indent=2) + "\n"
    if not table:
        return ""
    width = max(len(str(row["count"])) for row in table)
    lines = [
        f"{row['count']:>{width}}  {row['code']}  {'[*]' if row['fixable'] else '[ ]'} "
        f"{row['name']}"
        for row in table
    ]
    return "\n".join(lines) + "\n"
