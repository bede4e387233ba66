"""Baselines: record today's violations once, then fail only on new ones.

A baseline entry matches a violation by file, code and the content of the violation's line
(whitespace-normalized, hashed), not by line number, so text added above an old finding does
not bring it back. Entries are counted: two identical findings need two entries.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from postlint.document import DecodeProblem, decode
from postlint.lines import LineIndex
from postlint.model import FileResult, Violation

FORMAT_KEY = "postlint-baseline"
FORMAT_VERSION = 1

Key = tuple[str, str, str]  # (path relative to the baseline's folder, code, content hash)


class BaselineError(Exception):
    """The baseline file is missing, unreadable or not a postlint baseline: exit code 2."""


def content_hash(line: str) -> str:
    normalized = " ".join(line.split())
    return hashlib.sha256(normalized.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class _Lines:
    """Line texts of linted files, read once per file (after any fixes were written)."""

    def __init__(self) -> None:
        self._files: dict[Path, LineIndex | None] = {}

    def text(self, path: Path, line: int) -> str:
        if path not in self._files:
            try:
                self._files[path] = LineIndex(decode(path.read_bytes())[0])
            except (OSError, DecodeProblem):
                self._files[path] = None
        index = self._files[path]
        return index.line_text(line) if index is not None else ""


@dataclass
class Baseline:
    path: Path
    counts: Counter[Key] = field(default_factory=Counter)
    unmatched: int = 0  # entries of linted files that no longer occur (set by `filter`)

    @property
    def folder(self) -> Path:
        return self.path.absolute().parent

    def _key(self, file: Path, v: Violation, lines: _Lines) -> Key:
        relative = Path(os.path.relpath(file, self.folder)).as_posix()
        return relative, v.code, content_hash(lines.text(file, v.line))

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            raise BaselineError(
                f"{path}: baseline file not found (create it with --write-baseline)"
            ) from None
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{path}: not a postlint baseline (invalid JSON: {exc})") from None
        if not isinstance(data, dict) or data.get(FORMAT_KEY) != FORMAT_VERSION:
            raise BaselineError(
                f'{path}: not a postlint baseline (expected "{FORMAT_KEY}": {FORMAT_VERSION})'
            )
        baseline = cls(path)
        entries = data.get("violations")
        if not isinstance(entries, list):
            raise BaselineError(f"{path}: `violations` must be a list")
        for number, entry in enumerate(entries, start=1):
            try:
                key = (str(entry["path"]), str(entry["code"]), str(entry["content"]))
            except (TypeError, KeyError) as exc:
                raise BaselineError(f"{path}: entry {number} lacks {exc}") from None
            baseline.counts[key] += 1
        return baseline

    @classmethod
    def write(cls, path: Path, results: list[FileResult], cwd: Path) -> int:
        """Record every violation of ``results``; returns how many were recorded."""
        baseline = cls(path)
        lines = _Lines()
        entries = []
        for result in results:
            file = (cwd / result.path).resolve()
            for v in result.violations:
                relative, code, digest = baseline._key(file, v, lines)
                entries.append(
                    {
                        "path": relative,
                        "code": code,
                        "content": digest,
                        "line": v.line,
                        "message": v.message,
                    }
                )
        entries.sort(key=lambda e: (e["path"], e["line"], e["code"], e["content"]))
        document = {FORMAT_KEY: FORMAT_VERSION, "violations": entries}
        try:
            path.write_text(
                json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
        except OSError as exc:
            raise BaselineError(f"{path}: cannot write baseline: {exc.strerror}") from None
        return len(entries)

    def filter(self, results: list[FileResult], cwd: Path) -> int:
        """Drop the violations the baseline records; returns how many were dropped."""
        remaining = Counter(self.counts)
        lines = _Lines()
        linted: set[str] = set()
        dropped = 0
        for result in results:
            file = (cwd / result.path).resolve()
            linted.add(Path(os.path.relpath(file, self.folder)).as_posix())
            kept = []
            for v in result.violations:
                key = self._key(file, v, lines)
                if remaining[key] > 0:
                    remaining[key] -= 1
                    dropped += 1
                else:
                    kept.append(v)
            result.violations = kept
        self.unmatched = sum(n for key, n in remaining.items() if key[0] in linted)
        return dropped
