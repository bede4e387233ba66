"""Reporters turn results into text. Each format lives in its own module, imported on use."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postlint.model import FileResult

# format name -> module; each module defines `render(results, context) -> str`.
FORMATS: dict[str, str] = {
    "text": "postlint.reporters.text",
    "json": "postlint.reporters.json",
    "github": "postlint.reporters.github",
    "sarif": "postlint.reporters.sarif",
    "junit": "postlint.reporters.junit",
}


@dataclass
class ReportContext:
    """What a reporter may need besides the results."""

    rules: dict[str, Any] = field(default_factory=dict)  # code -> rule class, for help texts
    cwd: Path = field(default_factory=Path.cwd)
    color: bool = False
    show_fixes: bool = True
    statistics: bool = False
    version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def get_renderer(name: str) -> Callable[[list[FileResult], ReportContext], str]:
    module = importlib.import_module(FORMATS[name])
    return module.render
