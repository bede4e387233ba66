"""The default human-readable report: one line per violation, then a summary."""

from __future__ import annotations

from collections import Counter

from postlint.model import FileResult, Severity
from postlint.reporters import ReportContext

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if enabled else text


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\n``, ``\\x1b``).

    A file name or a quoted phrase must not split a report line or send the terminal an
    escape sequence.
    """
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def render(results: list[FileResult], context: ReportContext) -> str:
    out: list[str] = []
    color = context.color
    for result in results:
        for v in result.violations:
            where = _paint(f"{printable(result.path)}:{v.line}:{v.column}:", "1", color)
            code = _paint(v.code, _COLORS[v.severity], color)
            fixable = " [*]" if v.fixable and context.show_fixes else ""
            out.append(f"{where} {code}{fixable} [{v.severity}] {printable(v.message)}")
    out.extend(fixed_lines(results))
    out.extend(summary_lines(results, context))
    return "\n".join(out) + ("\n" if out else "")


def fixed_lines(results: list[FileResult]) -> list[str]:
    """One line per fixed file: which fixes were written, grouped and counted."""
    lines = []
    for result in results:
        if result.fixed and result.fixes_applied:
            counts = Counter(result.fixes_applied)
            done = "; ".join(f"{what} (x{n})" if n > 1 else what for what, n in counts.items())
            lines.append(f"{printable(result.path)}: fixed {printable(done)}")
    return lines


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
        parts = ", ".join(
            f"{by_severity[s]} {s}{'s' if by_severity[s] != 1 else ''}"
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
            if by_severity[s]
        )
        lines.append(
            f"Found {len(violations)} violation{'s' if len(violations) != 1 else ''} "
            f"({parts}) in {files_with} of {len(results)} "
            f"file{'s' if len(results) != 1 else ''}."
        )
        safe = sum(1 for v in violations if v.fix is not None and v.fix.safe)
        unsafe = sum(1 for v in violations if v.fix is not None and not v.fix.safe)
        if context.show_fixes and safe and unsafe:
            lines.append(
                f"[*] {safe} fixable with `postlint check --fix`; {unsafe} more with "
                "`--unsafe-fixes`."
            )
        elif context.show_fixes and (safe or unsafe):
            flags = "--fix" if safe else "--fix --unsafe-fixes"
            lines.append(f"[*] {safe or unsafe} fixable with `postlint check {flags}`.")
    elif any(r.unavailable for r in results):
        # A rule that could not run (LanguageTool down) must not read as a clean pass.
        lines.append(
            f"No violations reported in {len(results)} file{'s' if len(results) != 1 else ''}, "
            "but some rules could not run (see the error message on stderr)."
        )
    else:
        lines.append(
            f"All checks passed: {len(results)} file{'s' if len(results) != 1 else ''} linted."
        )
    if fixed:
        files_fixed = sum(1 for r in results if r.fixed)
        lines.append(
            f"Fixed {fixed} violation{'s' if fixed != 1 else ''} in {files_fixed} "
            f"file{'s' if files_fixed != 1 else ''}."
        )
    return lines
