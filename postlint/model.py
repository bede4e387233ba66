"""The values that flow between rules, the engine and reporters."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r} (expected error, warning or info)"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of the decoded file (BOM excluded) with ``replacement``."""

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    description: str
    safe: bool = True


@dataclass
class Violation:
    """One finding. Lines and columns are 1-based; columns count Unicode code points."""

    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None
    # Filled in by the engine from the rule that produced the violation.
    code: str = ""
    name: str = ""
    severity: Severity = Severity.WARNING

    def __post_init__(self) -> None:
        if self.end_line is None:
            self.end_line = self.line
        if self.end_column is None:
            self.end_column = self.column

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line, self.column, self.code, self.message)


@dataclass
class FileResult:
    """What linting one file produced."""

    path: str  # as shown to the user: relative to the working directory where possible
    violations: list[Violation] = field(default_factory=list)
    internal_error: bool = False  # a rule crashed: exit code 2
    fixed: int = 0  # number of fixes applied
    fixes_applied: list[str] = field(default_factory=list)  # "CODE: description" of each one
    diff: str | None = None  # unified diff with --diff
    # Messages of rules that could not run (RuleUnavailable): printed once per run, exit 2.
    unavailable: list[str] = field(default_factory=list)
