"""One lint run over many paths: discovery, per-folder config, linting every file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from postlint.config import CliOverrides, ConfigResolver
from postlint.discovery import discover
from postlint.engine import FixMode, lint_file, relative_display
from postlint.model import FileResult
from postlint.registry import default_registry


@dataclass
class RunOptions:
    paths: list[Path]
    overrides: CliOverrides = field(default_factory=CliOverrides)
    config_file: Path | None = None
    fix_mode: FixMode = field(default_factory=FixMode)
    cwd: Path = field(default_factory=Path.cwd)


class Run:
    """Resolves config and files up front (raising ConfigError), then lints lazily."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.resolver = ConfigResolver(default_registry(), options.overrides,
                                       config_file=options.config_file, cwd=options.cwd)
        self.base_rules = self.resolver.for_directory(options.cwd)
        self.discovery = discover(options.paths or [Path(".")], self.resolver)

    @property
    def errors(self) -> list[str]:
        return self.discovery.errors

    def results(self) -> Iterator[FileResult]:
        """Results in path order, one file at a time."""
        cwd = self.options.cwd
        for path in self.discovery.files:
            ruleset = self.resolver.for_directory(path.parent)
            display = relative_display(path.absolute(), cwd)
            relative = os.path.relpath(path.absolute(), ruleset.settings.root)
            yield lint_file(path, display, ruleset, self.options.fix_mode,
                            relative.replace(os.sep, "/"))
