"""`--diff-base REF`: which lines of which files changed since REF, according to git.

The comparison is the working tree (committed, staged and unstaged changes, plus untracked
files) against the merge base of REF and HEAD, the way a pull request is reviewed: changes
that landed on REF after the branch was cut are not the branch's changes.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from postlint.model import FileResult, Violation

_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


class GitError(Exception):
    """git is missing, the folder is not a repository, or REF is unknown: exit code 2."""


@dataclass
class ChangedLines:
    """Lines added or changed since the base, per file (absolute, resolved paths)."""

    root: Path
    base: str
    lines: dict[Path, set[int]] = field(default_factory=dict)
    new_files: set[Path] = field(default_factory=set)  # untracked: every line counts

    def is_changed(self, path: Path) -> bool:
        return path in self.lines or path in self.new_files

    def touches(self, path: Path, first: int, last: int) -> bool:
        if path in self.new_files:
            return True
        changed = self.lines.get(path, ())
        return any(first <= line <= last for line in changed)


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("--diff-base needs git, and git is not installed") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return proc.stdout.decode("utf-8", "surrogateescape")


def unquote_path(raw: str) -> str:
    """Undo git's C-style quoting of a path with unusual characters ("a\\tb", octal UTF-8)."""
    if not (raw.startswith('"') and raw.endswith('"')):
        return raw
    out = bytearray()
    body = raw[1:-1]
    i = 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out += char.encode("utf-8", "surrogateescape")
            i += 1
        elif body[i + 1 : i + 4].isdigit() and len(body[i + 1 : i + 4]) == 3:
            out.append(int(body[i + 1 : i + 4], 8))
            i += 4
        else:
            out.append(_ESCAPES.get(body[i + 1], ord(body[i + 1])))
            i += 2
    return out.decode("utf-8", "surrogateescape")


def parse_unified_diff(diff: str) -> dict[str, set[int]]:
    """New-side line numbers added or changed per path, from `git diff --unified=0` output.

    Hunk bodies are skipped by count, so an added line that itself starts with ``+++`` is
    never mistaken for a file header. A file whose changes only delete lines maps to an empty
    set: it changed, but no line of it is new.
    """
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    remaining = 0
    for line in diff.split("\n"):
        if remaining > 0:
            if line.startswith(("+", "-", " ")):
                remaining -= 1
            continue
        if line.startswith("+++ "):
            target = line[4:].rstrip("\t")  # git ends a name that has a space with a tab
            if target == "/dev/null":
                current = None
                continue
            name = unquote_path(target)
            current = changed.setdefault(name[2:] if name.startswith("b/") else name, set())
        elif line.startswith("@@ ") and current is not None:
            match = _HUNK.match(line)
            if match is None:
                continue
            old_count = int(match.group(1) or 1)
            start, new_count = int(match.group(2)), int(match.group(3) or 1)
            current.update(range(start, start + new_count))
            remaining = old_count + new_count
    return changed


def changed_lines(base: str, cwd: Path) -> ChangedLines:
    """What changed in the repository around ``cwd`` since the merge base of ``base`` and HEAD."""
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd)
    except GitError:
        raise GitError(f"--diff-base: {base!r} is not a commit, branch or tag in {root}") from None
    merge_base = _git(["merge-base", base, "HEAD"], cwd).strip()
    diff = _git(
        [
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--unified=0",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            merge_base,
            "--",
        ],
        root,
    )
    result = ChangedLines(root=root.resolve(), base=merge_base)
    for name, lines in parse_unified_diff(diff).items():
        result.lines[(root / name).resolve()] = lines
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    result.new_files = {(root / name).resolve() for name in untracked.split("\0") if name}
    return result


def _within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def filter_results(
    results: list[FileResult],
    changed: ChangedLines,
    cwd: Path,
    file_level_codes: frozenset[str] = frozenset(),
) -> list[FileResult]:
    """Keep violations on changed lines, and file-level ones (line 1, or of a rule that judges
    the whole file) of changed files. Files outside the repository are kept as they are:
    git cannot say what changed in them."""
    kept = []
    for result in results:
        path = (cwd / result.path).resolve()
        if not _within(path, changed.root):
            kept.append(result)
            continue
        if not changed.is_changed(path):
            result.violations = []
        else:
            result.violations = [
                v for v in result.violations if _keep(v, path, changed, file_level_codes)
            ]
        kept.append(result)
    return kept


def _keep(
    v: Violation, path: Path, changed: ChangedLines, file_level_codes: frozenset[str]
) -> bool:
    if v.line == 1 or v.code in file_level_codes:
        return True
    return changed.touches(path, v.line, v.end_line or v.line)
