"""The CI gate between linting and reporting: `--diff-base` and `--baseline` narrow the
results to what a change introduced; `--write-baseline` records them instead.

Git and the baseline file are read before any file is linted, so a wrong REF or a broken
baseline stops the run at once (exit code 2) rather than after a long lint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from postlint.baseline import Baseline
from postlint.gitdiff import ChangedLines, changed_lines, filter_results
from postlint.model import FileResult


@dataclass
class Gate:
    cwd: Path
    diff_base: str | None = None
    baseline_file: Path | None = None
    write_baseline: Path | None = None
    file_level_codes: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.changed: ChangedLines | None = (
            changed_lines(self.diff_base, self.cwd) if self.diff_base else None
        )
        self.baseline = Baseline.load(self.baseline_file) if self.baseline_file else None

    def apply(self, results: list[FileResult]) -> list[FileResult]:
        if self.changed is not None:
            results = filter_results(results, self.changed, self.cwd, self.file_level_codes)
        if self.write_baseline is not None:
            count = Baseline.write(self.write_baseline, results, self.cwd)
            self.notes.append(
                f"recorded {count} violation{'s' if count != 1 else ''} in "
                f"{self.write_baseline}; run with --baseline "
                f"{self.write_baseline} to fail only on new ones"
            )
            return results
        if self.baseline is not None:
            self.baseline.filter(results, self.cwd)
            if self.baseline.unmatched:
                n = self.baseline.unmatched
                self.notes.append(
                    f"{n} baselined violation{'s' if n != 1 else ''} no longer "
                    f"occur{'s' if n == 1 else ''}; rewrite the baseline with "
                    f"--write-baseline {self.baseline_file} to drop "
                    f"{'them' if n != 1 else 'it'}"
                )
        return results
