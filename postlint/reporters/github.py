"""`--output-format github`: GitHub Actions workflow commands, shown as annotations on a PR.

One command per violation::

    ::error file=posts/a.md,line=5,endLine=5,col=1,endColumn=9,title=FM004::missing-tags: ...

Escaping follows GitHub's runner (``toolkit/packages/core/src/command.ts``): in the message
``%``, ``\\r`` and ``\\n`` are percent-encoded; in property values ``:`` and ``,`` are too, since
they separate properties.
"""

from __future__ import annotations

import os
from pathlib import Path

from postlint.model import FileResult, Severity
from postlint.reporters import ReportContext

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation_path(display: str, cwd: Path) -> str:
    """GitHub attaches annotations by path from the workspace root, wherever postlint ran."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        absolute = Path(os.path.normpath(Path(cwd).absolute() / display))
        try:
            return absolute.relative_to(Path(workspace).resolve()).as_posix()
        except ValueError:
            pass
    return display.replace(os.sep, "/")  # a backslash is a separator only on Windows


def render(results: list[FileResult], context: ReportContext) -> str:
    lines = []
    for result in results:
        path = annotation_path(result.path, context.cwd)
        for v in result.violations:
            properties = {
                "file": path,
                "line": v.line,
                "endLine": v.end_line,
                "col": v.column,
                "endColumn": v.end_column,
                "title": v.code,
            }
            joined = ",".join(
                f"{key}={escape_property(str(value))}" for key, value in properties.items()
            )
            message = escape_data(f"{v.name}: {v.message}" if v.name else v.message)
            lines.append(f"::{LEVELS[v.severity]} {joined}::{message}")
    return "".join(line + "\n" for line in lines)
