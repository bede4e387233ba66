"""The result cache: skip files whose content, config, rules and postlint version are unchanged.

Layout: ``<cache dir>/<postlint version>/<bucket key>.json``, one bucket per rule set. The bucket
key hashes everything besides a file's own content that can change its result: the postlint and
Python versions, ``RuleSet.fingerprint`` (effective config, active rules, their options and
severities), the source files of postlint and of every active rule (so editing a rule or
upgrading a plugin invalidates), and files that rule options name (``vocabulary_file`` and
other options ending in ``_file``/``_path``).

Inside a bucket every linted file has an entry keyed by its absolute path:
``[mtime_ns, size, recorded_ns, digest, violations]``. A file whose mtime and size match its
entry is a hit without being read (the fast path), unless its mtime is so close to the moment
the entry was recorded that a later edit within the file system's timestamp granularity could
have kept both (git's "racily clean" case): such files, and files whose mtime changed, are
read and their content digest compared instead.

Buckets are JSON, never pickle, so a cache folder someone else committed cannot run code.
Writes go to a temporary file that replaces the bucket atomically; a process that saves
after another merges the other's entries first, so concurrent runs lose at most some entries
(those files are linted again), never corrupt the cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import postlint
from postlint.config import RuleSet
from postlint.model import Edit, FileResult, Fix, Severity, Violation

CACHE_DIR_NAME = ".postlint_cache"
FORMAT = 1
# Entries recorded less than this after the file's mtime are verified by content next time:
# covers coarse file-system timestamps (2 s on FAT, a few ms on ext4 and tmpfs).
RACY_WINDOW_NS = 2_000_000_000
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by postlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def default_cache_dir(ruleset: RuleSet, cwd: Path) -> Path:
    """Next to the config file in force for the working directory, else in it (like ruff)."""
    source = ruleset.settings.source
    return (source.parent if source is not None else cwd) / CACHE_DIR_NAME


def content_digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Stamp:
    """What a ``stat`` tells about a file, taken before it is read."""

    mtime_ns: int
    size: int
    taken_ns: int

    @classmethod
    def of(cls, path: str) -> Stamp | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        return cls(info.st_mtime_ns, info.st_size, time.time_ns())


@dataclass
class Lookup:
    """What the cache knows of one file: a result to reuse, or a digest to verify first."""

    result: FileResult | None = None  # a fresh hit
    expected_digest: str | None = None  # stat changed: a hit only if the content is the same


class Bucket:
    """The entries of one rule set, loaded on first use and saved when changed."""

    def __init__(self, file: Path | None) -> None:
        self.file = file  # None: this rule set is not cacheable
        self.entries: dict[str, list[Any]] = {}
        self.changed: set[str] = set()
        self._loaded_stat: tuple[int, int] | None = None
        if file is not None:
            self.entries = self._read()

    def _read(self) -> dict[str, list[Any]]:
        assert self.file is not None
        try:
            info = self.file.stat()
            data = json.loads(self.file.read_bytes())
        except (OSError, ValueError):  # absent, unreadable or damaged: start empty
            return {}
        self._loaded_stat = (info.st_mtime_ns, info.st_size)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def save(self) -> None:
        if self.file is None or not self.changed:
            return
        entries = self.entries
        try:
            info = self.file.stat()
            if (info.st_mtime_ns, info.st_size) != self._loaded_stat:
                # Another process saved since we loaded: keep its entries, ours win.
                entries = {**self._read(), **{k: self.entries[k] for k in self.changed}}
        except OSError:
            pass
        self.file.parent.mkdir(parents=True, exist_ok=True)
        blob = json.dumps(
            {"format": FORMAT, "entries": entries}, separators=(",", ":"), ensure_ascii=True
        ).encode("utf-8")
        # Not mkstemp: its 0600 mode would ignore the umask that the rest of the tree follows.
        temporary = self.file.parent / f".tmp-{os.getpid()}-{secrets.token_hex(4)}"
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temporary, self.file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self.changed.clear()


class ResultCache:
    """Cached results of a run's files, across every rule set the run meets."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._buckets: dict[int, Bucket] = {}  # id(RuleSet) -> bucket
        self._rulesets: list[RuleSet] = []  # keeps the ids above valid

    def bucket(self, ruleset: RuleSet) -> Bucket:
        found = self._buckets.get(id(ruleset))
        if found is None:
            cacheable = all(getattr(a.rule, "cacheable", True) for a in ruleset.active)
            file = (
                self.directory / postlint.__version__ / f"{bucket_key(ruleset)}.json"
                if cacheable
                else None
            )
            found = self._buckets[id(ruleset)] = Bucket(file)
            self._rulesets.append(ruleset)
        return found

    def lookup(self, path: str, ruleset: RuleSet, stamp: Stamp) -> Lookup:
        """``path`` is absolute; ``stamp`` was taken just now."""
        entry = self.bucket(ruleset).entries.get(path)
        if not _valid_entry(entry):
            return Lookup()
        mtime_ns, size, recorded_ns, digest, violations = entry
        if (
            mtime_ns == stamp.mtime_ns
            and size == stamp.size
            and recorded_ns - mtime_ns > RACY_WINDOW_NS
        ):
            try:
                return Lookup(result=decode_result(violations))
            except (TypeError, ValueError, KeyError, IndexError):
                return Lookup()
        return Lookup(expected_digest=digest)

    def confirm(self, path: str, ruleset: RuleSet, stamp: Stamp) -> FileResult | None:
        """The content matched the entry's digest: reuse it, recording the new stat."""
        bucket = self.bucket(ruleset)
        entry = bucket.entries.get(path)
        if not _valid_entry(entry):
            return None
        try:
            result = decode_result(entry[4])
        except (TypeError, ValueError, KeyError, IndexError):
            return None
        bucket.entries[path] = [stamp.mtime_ns, stamp.size, stamp.taken_ns, entry[3], entry[4]]
        bucket.changed.add(path)
        return result

    def store(
        self, path: str, ruleset: RuleSet, stamp: Stamp, digest: str, result: FileResult
    ) -> None:
        """Remember ``result`` for the content with ``digest``, read after ``stamp``."""
        bucket = self.bucket(ruleset)
        if bucket.file is None:
            return
        bucket.entries[path] = [
            stamp.mtime_ns,
            stamp.size,
            stamp.taken_ns,
            digest,
            encode_violations(result.violations),
        ]
        bucket.changed.add(path)

    def save(self) -> list[str]:
        """Write every changed bucket; returns problems (the run itself is not affected)."""
        problems = []
        for bucket in self._buckets.values():
            try:
                bucket.save()
            except OSError as exc:
                problems.append(f"cannot write cache {bucket.file}: {exc.strerror or exc}")
        if self._buckets:
            _tag(self.directory)
        return problems


def storable(result: FileResult) -> bool:
    """Results that depend on the file's content alone: not a crash, not a rule whose service
    was down, not fixes this run wrote (a failed read has no digest and never gets here)."""
    return (
        not result.internal_error
        and not result.unavailable
        and not result.fixed
        and result.diff is None
    )


def _valid_entry(entry: Any) -> bool:
    return isinstance(entry, list) and len(entry) == 5


def _tag(directory: Path) -> None:
    """Keep the cache out of git and out of backups, like ``.ruff_cache``."""
    with contextlib.suppress(OSError):
        gitignore = directory / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("# Automatically created by postlint.\n*\n", encoding="utf-8")
        tag = directory / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_CACHEDIR_TAG, encoding="utf-8")


# --- what goes into the bucket key -------------------------------------------------------------


def bucket_key(ruleset: RuleSet) -> str:
    parts = [
        postlint.__version__,
        sys.version,
        ruleset.fingerprint,
        *_source_stamps(ruleset),
        *_option_file_stamps(ruleset),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]


_POSTLINT_STAMPS: list[str] | None = None


def _source_stamps(ruleset: RuleSet) -> list[str]:
    """mtime and size of postlint's own files and of every file of each active rule's package.

    Whole folders, data included: a rule's behaviour lives in its phrase lists and tables as
    much as in its ``.py`` files.
    """
    global _POSTLINT_STAMPS
    if _POSTLINT_STAMPS is None:
        _POSTLINT_STAMPS = _folder_stamps(Path(postlint.__file__).parent)
    folders: set[Path] = set()
    loose: set[str] = set()
    for module_name in {type(a.rule).__module__ for a in ruleset.active}:
        module = sys.modules.get(module_name)
        path = getattr(module, "__file__", None)
        if not path:
            loose.add(module_name)
        elif getattr(module, "__package__", ""):
            folders.add(Path(path).parent)
        else:  # a top-level plugin module: just its file
            loose.add(path)
    stamps = list(_POSTLINT_STAMPS)
    for folder in sorted(folders):
        stamps += _folder_stamps(folder)
    return stamps + [_file_stamp(f) for f in sorted(loose)]


@functools.lru_cache(maxsize=64)
def _folder_stamps_cached(folder: Path) -> tuple[str, ...]:
    return tuple(
        _file_stamp(str(p))
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    )


def _folder_stamps(folder: Path) -> list[str]:
    return list(_folder_stamps_cached(folder))


def _option_file_stamps(ruleset: RuleSet) -> list[str]:
    """Files named by rule options (a tag vocabulary, say) change results without changing
    the config text."""
    stamps = []
    for active in ruleset.active:
        for name, value in sorted(active.options.values().items()):
            if name.endswith(("_file", "_path")) and isinstance(value, str) and value:
                stamps.append(_file_stamp(str(Path(active.options.root) / value)))
    return stamps


def _file_stamp(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{info.st_mtime_ns}:{info.st_size}"


# --- (de)serialising results -------------------------------------------------------------------


def encode_violations(violations: list[Violation]) -> list[list[Any]]:
    return [
        [
            v.line,
            v.column,
            v.end_line,
            v.end_column,
            v.code,
            v.name,
            int(v.severity),
            v.message,
            None
            if v.fix is None
            else [
                v.fix.description,
                v.fix.safe,
                [[e.start, e.end, e.replacement] for e in v.fix.edits],
            ],
        ]
        for v in violations
    ]


def decode_result(violations: list[list[Any]]) -> FileResult:
    """A FileResult without its path (the caller sets the display path of this run)."""
    decoded = []
    for line, column, end_line, end_column, code, name, severity, message, fix in violations:
        if fix is not None:
            description, safe, edits = fix
            fix = Fix(
                tuple(Edit(start, end, text) for start, end, text in edits), description, safe
            )
        decoded.append(
            Violation(
                line,
                column,
                message,
                end_line,
                end_column,
                fix,
                code=code,
                name=name,
                severity=Severity(severity),
            )
        )
    return FileResult(path="", violations=decoded)
