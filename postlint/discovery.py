"""Which files to lint: walk the given paths, honouring include, exclude and .gitignore."""

from __future__ import annotations

import errno
import fnmatch
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from postlint.config import ConfigResolver, RuleSet


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # missing paths and the like: exit 2


def discover(paths: list[Path], resolver: ConfigResolver) -> Discovery:
    """Files to lint, sorted and without duplicates.

    A file named explicitly is linted whatever its name (pre-commit passes files one by one);
    folders are walked for files matching `include`, skipping `exclude` and gitignored paths.
    Symlinked folders are not followed, so a symlink loop cannot trap the walk.
    """
    found = Discovery()
    seen: set[str] = set()
    for given in paths:
        if not os.path.lexists(given):
            found.errors.append(f"{given}: no such file or directory")
            continue
        if given.is_dir():
            for path, key in _walk(given, resolver):
                if key not in seen:
                    seen.add(key)
                    found.files.append(path)
        elif given.is_file():
            key = _identity(given)
            if key not in seen:
                seen.add(key)
                found.files.append(given)
        elif given.is_symlink():
            found.errors.append(f"{given}: {symlink_problem(given)}")
        else:
            found.errors.append(f"{given}: not a regular file or directory")
    return found


def _identity(path: Path) -> str:
    """The real path, to lint a file reached twice only once; a looping link is its own."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop before Python 3.13
        return str(path.absolute())


def symlink_problem(path: Path) -> str:
    """Why a symbolic link cannot be followed: a loop or a dangling target."""
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop this way
        return "symbolic link loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return "broken symbolic link"
    return "symbolic link"


def _walk(root: Path, resolver: ConfigResolver) -> Iterator[tuple[Path, str]]:
    """(path, identity) of the files to lint under ``root``, in path order."""
    ignores = _parent_gitignores(root)
    stack: list[tuple[Path, list[tuple[Path, pathspec.PathSpec]]]] = [(root, ignores)]
    resolved: dict[Path, str] = {}  # realpath of each folder, once per walk (it is not cheap)

    def real(folder: Path) -> str:
        found = resolved.get(folder)
        if found is None:
            found = resolved[folder] = os.path.realpath(folder)
        return found

    while stack:
        folder, specs = stack.pop()
        ruleset = resolver.for_directory(folder)
        excluded = _exclude_spec(ruleset)
        include = ruleset.settings.get("include")
        gitignore = ruleset.settings.get("respect-gitignore")
        if gitignore and (folder / ".gitignore").is_file():
            specs = [*specs, (folder, _read_spec(folder / ".gitignore"))]
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        here = real(folder)
        # Where this folder stands relative to each spec's base, worked out once per folder
        # rather than once per entry.
        excluded_at = _prefix(real(ruleset.settings.root), here)
        ignored_at = (
            [(spec, _prefix(real(base), here)) for base, spec in specs] if gitignore else []
        )
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file()  # a symlink to a file is linted
            except OSError:
                is_dir = is_file = False
            # A post-named symlink that leads nowhere (dangling, or a loop) is yielded so the
            # engine reports it (PL002) rather than the walk dropping it without a word.
            symlink = entry.is_symlink()
            is_file = is_file or (symlink and not os.path.exists(entry.path))
            if _matches(excluded, excluded_at, entry.name, is_dir):
                continue
            if any(_matches(spec, at, entry.name, is_dir) for spec, at in ignored_at):
                continue
            if is_dir:
                subfolders.append((path, specs))
            elif is_file and any(fnmatch.fnmatch(entry.name, g) for g in include):
                # Only a link needs resolving: anything else is its real folder's entry.
                yield path, _identity(path) if symlink else os.path.join(here, entry.name)
        stack.extend(reversed(subfolders))


def _prefix(real_base: str, real_folder: str) -> str:
    """What goes before an entry's name to make it relative to ``real_base``: "" for the base
    itself and for a folder outside it (whose entries are matched by their names alone)."""
    relative = os.path.relpath(real_folder, real_base).replace(os.sep, "/")
    if relative == "." or relative == ".." or relative.startswith("../"):
        return ""
    return relative + "/"


def _matches(spec: pathspec.PathSpec, prefix: str, name: str, is_dir: bool) -> bool:
    # The folder resolved but not the entry itself: a symlink is matched by its own name.
    relative = prefix + name
    return spec.match_file(relative + "/" if is_dir else relative)


def _exclude_spec(ruleset: RuleSet) -> pathspec.PathSpec:
    cached = getattr(ruleset, "_exclude_spec", None)
    if cached is None:
        patterns = [*ruleset.settings.get("exclude"), *ruleset.settings.get("extend-exclude")]
        cached = pathspec.GitIgnoreSpec.from_lines(patterns)
        ruleset._exclude_spec = cached
    return cached


def _read_spec(path: Path) -> pathspec.PathSpec:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _parent_gitignores(root: Path) -> list[tuple[Path, pathspec.PathSpec]]:
    """.gitignore files above the walked folder, up to the repository root."""
    specs = []
    folder = root.resolve()
    for parent in folder.parents:
        if (parent / ".gitignore").is_file():
            specs.append((parent, _read_spec(parent / ".gitignore")))
        if (parent / ".git").exists():
            break
    return list(reversed(specs))
