"""The default human-readable report: one line per violation, then a summary."""

from __future__ import annotations

from collections import Counter

from postlint.model import FileResult, Severity
from postlint.reporters import ReportContext

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if enabled else text


def render(results: list[FileResult], context: ReportContext) -> str:
    out: list[str] = []
    color = context.color
    for result in results:
        for v in result.violations:
            where = _paint(f"{result.path}:{v.line}:{v.column}:", "1", color)
            code = _paint(v.code, _COLORS[v.severity], color)
            fixable = " [*]" if v.fixable and context.show_fixes else ""
            out.append(f"{where} {code}{fixable} [{v.severity}] {v.message}")
    out.extend(summary_lines(results, context))
    return "\n".join(out) + ("\n" if out else "")


def summary_lines(results: list[FileResult], context: ReportContext) -> list[str]:
    violations = [v for r in results for v in r.violations]
    fixed = sum(r.fixed for r in results)
    lines: list[str] = []
    if violations and context.statistics is False:
        by_code = Counter(v.code for v in violations)
        names = {v.code: v.name for v in violations}
        lines.append("")
        for code, count in sorted(by_code.items()):
            lines.append(f"{count:6d}  {code}  {names[code]}")
    by_severity = Counter(v.severity for v in violations)
    files_with = sum(1 for r in results if r.violations)
    if violations:
        parts = ", ".join(f"{by_severity[s]} {s}{'s' if by_severity[s] != 1 else ''}"
                          for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
                          if by_severity[s])
        lines.append(f"Found {len(violations)} violation{'s' if len(violations) != 1 else ''} "
                     f"({parts}) in {files_with} of {len(results)} "
                     f"file{'s' if len(results) != 1 else ''}.")
        fixable = sum(1 for v in violations if v.fixable)
        if fixable and context.show_fixes:
            lines.append(f"[*] {fixable} fixable with `postlint check --fix` "
                         "(some may need --unsafe-fixes).")
    else:
        lines.append(f"All checks passed: {len(results)} file{'s' if len(results) != 1 else ''}"
                     " linted.")
    if fixed:
        lines.append(f"Fixed {fixed} violation{'s' if fixed != 1 else ''}.")
    return lines
