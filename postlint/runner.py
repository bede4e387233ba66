"""One lint run over many paths: discovery, per-folder config, cache, linting every file.

The parent process stats every file and answers what it can from the result cache; the rest
become small picklable ``LintTask``s, linted in this process or in a pool of workers
(postlint/parallel.py), and come back as ``LintOutcome``s in path order.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from postlint.cache import ResultCache, Stamp, content_digest, default_cache_dir, storable
from postlint.config import CliOverrides, ConfigResolver, RuleSet
from postlint.discovery import discover
from postlint.engine import INTERNAL_ERROR, FixMode, lint_file
from postlint.model import FileResult, Severity, Violation
from postlint.parallel import default_jobs, ordered_map
from postlint.registry import default_registry
from postlint.warmup import warm_up


@dataclass
class RunOptions:
    paths: list[Path]
    overrides: CliOverrides = field(default_factory=CliOverrides)
    config_file: Path | None = None
    fix_mode: FixMode = field(default_factory=FixMode)
    cwd: Path = field(default_factory=Path.cwd)
    cache: bool = True  # --no-cache turns it off
    cache_dir: Path | None = None  # --cache-dir; default: next to the config file, or cwd
    jobs: int | None = None  # --jobs; default: the CPUs this process may use


@dataclass(frozen=True)
class LintTask:
    """One file to lint, as sent to a worker."""

    path: str
    display: str
    relative: str  # to the config root, for per-file-ignores
    expected_digest: str | None  # the cached entry's digest: equal content is a hit


@dataclass
class LintOutcome:
    result: FileResult | None  # None: the content matched ``expected_digest``
    digest: str | None = None  # of the bytes linted; None when the file could not be read


# absolute path, its rule set, its stat (None without a cache), and the cached result if fresh
Planned = tuple[str, RuleSet, "Stamp | None", "FileResult | None"]


class Run:
    """Resolves config and files up front (raising ConfigError), then lints lazily."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.resolver = ConfigResolver(
            default_registry(), options.overrides, config_file=options.config_file, cwd=options.cwd
        )
        self.base_rules = self.resolver.for_directory(options.cwd)
        self.discovery = discover(options.paths or [Path(".")], self.resolver)
        self.warnings: list[str] = []  # e.g. a cache that cannot be written
        self.cache: ResultCache | None = None
        if options.cache:
            directory = options.cache_dir or default_cache_dir(self.base_rules, options.cwd)
            self.cache = ResultCache(Path(os.path.abspath(directory)))
        self._rulesets: dict[str, RuleSet] = {}
        self._roots: dict[int, str] = {}  # id(RuleSet) -> its absolute root; rule sets live on

    @property
    def errors(self) -> list[str]:
        return self.discovery.errors

    def ruleset_for(self, path: Path) -> RuleSet:
        folder = os.path.dirname(path) or "."
        found = self._rulesets.get(folder)
        if found is None:
            found = self._rulesets[folder] = self.resolver.for_directory(Path(folder))
        return found

    def _root_of(self, ruleset: RuleSet) -> str:
        root = self._roots.get(id(ruleset))
        if root is None:
            root = self._roots[id(ruleset)] = os.path.abspath(ruleset.settings.root)
        return root

    def results(self) -> Iterator[FileResult]:
        """Results in path order, one file at a time; the cache is saved after the last one."""
        cwd = str(self.options.cwd)
        fix_mode = self.options.fix_mode
        plan: list[Planned] = []
        tasks: list[LintTask] = []
        for path in self.discovery.files:
            ruleset = self.ruleset_for(path)
            absolute = os.path.abspath(path)
            display = _display(absolute, cwd)
            stamp = Stamp.of(absolute) if self.cache else None
            hit, expected = None, None
            if self.cache is not None and stamp is not None:
                lookup = self.cache.lookup(absolute, ruleset, stamp)
                hit, expected = lookup.result, lookup.expected_digest
                if fix_mode.active:  # a digest match would skip fixing: only trust fresh hits
                    expected = None
                if (
                    hit is not None
                    and fix_mode.active
                    and any(fix_mode.wants(v.fix) for v in hit.violations)
                ):
                    hit, expected = None, None  # this run changes the file: lint it afresh
            if hit is not None:
                hit.path = display
            else:
                relative = _relative(absolute, self._root_of(ruleset)).replace(os.sep, "/")
                tasks.append(LintTask(absolute, display, relative, expected))
            plan.append((absolute, ruleset, stamp, hit))

        jobs = self.options.jobs or default_jobs()
        use_in_this_process(self.resolver, fix_mode)  # forked workers inherit it as it is
        outcomes = ordered_map(
            lint_task,
            tasks,
            jobs,
            initializer=start_worker,
            initargs=(self.options,),
            on_crash=self._crashed,
            prepare=partial(warm_up, self.base_rules),  # workers fork warm
        )
        pending = iter(tasks)
        collecting = gc.isenabled()
        gc.disable()  # lint_task collects every COLLECT_EVERY files instead
        try:
            yield from self._merge(plan, pending, outcomes)
        finally:
            if collecting:
                gc.enable()
        if self.cache is not None:
            self.warnings.extend(self.cache.save())

    def _merge(
        self, plan: list[Planned], pending: Iterator[LintTask], outcomes: Iterator[LintOutcome]
    ) -> Iterator[FileResult]:
        """Cached and freshly linted results, in the order of ``plan``, caching the fresh."""
        fix_mode = self.options.fix_mode
        for absolute, ruleset, stamp, hit in plan:
            if hit is not None:
                yield hit
                continue
            task = next(pending)
            outcome = next(outcomes)
            result = outcome.result
            if result is None and self.cache is not None and stamp is not None:
                result = self.cache.confirm(absolute, ruleset, stamp)
            if result is None:  # the entry could not be decoded after all: lint here
                outcome = lint_with(ruleset, fix_mode, replace(task, expected_digest=None))
                result = outcome.result
            assert result is not None
            result.path = task.display
            if (
                self.cache is not None
                and stamp is not None
                and outcome.digest is not None
                and outcome.result is not None
                and storable(result)
            ):
                self.cache.store(absolute, ruleset, stamp, outcome.digest, result)
            yield result

    def _crashed(self, task: LintTask, reason: str) -> LintOutcome:
        """The outcome for a file whose worker process died while linting it."""
        return LintOutcome(_internal_error(task, self.ruleset_for(Path(task.path)), reason))


def _display(absolute: str, cwd: str) -> str:
    """The path as users see it: relative to the working directory when below it.

    A file name that is not valid UTF-8 shows its odd bytes as ``\\xe9``: reporters and the
    terminal cannot carry the lone surrogates Python decodes such names to.
    """
    try:
        shown = _relative(absolute, cwd)
    except ValueError:  # another drive on Windows
        shown = absolute
    if shown.isascii():
        return shown
    return os.fsencode(shown).decode("utf-8", "backslashreplace")


def _relative(absolute: str, base: str) -> str:
    """``os.path.relpath(absolute, base)`` for a normalised absolute path and base.

    Nearly every file of a run lies below the base, where the answer is the rest of the path:
    a run plans 10,000 files serially before the workers start, and relpath costs several
    times the slice.
    """
    prefix = base if base.endswith(os.sep) else base + os.sep
    if absolute.startswith(prefix) and len(absolute) > len(prefix):
        return absolute[len(prefix) :]
    return os.path.relpath(absolute, base)


# --- what runs in the workers (or in this process for small runs) -----------------------------

_WORKER: tuple[ConfigResolver, FixMode, dict[str, RuleSet]] | None = None


def use_in_this_process(resolver: ConfigResolver, fix_mode: FixMode) -> None:
    global _WORKER
    _WORKER = (resolver, fix_mode, {})


# Linting makes many short-lived objects and few reference cycles, so automatic collections
# mostly re-scan the long-lived ones (rules, word lists, parser tables): 2-4 % of the CPU time
# of a 10k-post run, measured. While linting, collect explicitly every so many files instead.
COLLECT_EVERY = 200
_linted_since_collect = 0


def start_worker(options: RunOptions) -> None:
    """Pool initializer: forked workers already hold the parent's resolver; spawned ones
    (where fork is unavailable) resolve the config again."""
    if _WORKER is None:
        use_in_this_process(
            ConfigResolver(
                default_registry(),
                options.overrides,
                config_file=options.config_file,
                cwd=options.cwd,
            ),
            options.fix_mode,
        )
    gc.freeze()  # a worker's inherited objects live as long as it does: never scan them
    gc.disable()


def lint_task(task: LintTask) -> LintOutcome:
    """Worker entry point: lint one file with the rule set of its folder."""
    assert _WORKER is not None, "use_in_this_process() or start_worker() first"
    global _linted_since_collect
    _linted_since_collect += 1
    if _linted_since_collect >= COLLECT_EVERY:
        _linted_since_collect = 0
        gc.collect()
    resolver, fix_mode, rulesets = _WORKER
    folder = os.path.dirname(task.path)
    ruleset = rulesets.get(folder)
    if ruleset is None:
        ruleset = rulesets[folder] = resolver.for_directory(Path(folder))
    return lint_with(ruleset, fix_mode, task)


def lint_with(ruleset: RuleSet, fix_mode: FixMode, task: LintTask) -> LintOutcome:
    """Lint one file; content equal to the cached one is reported as a hit, not linted."""
    path = Path(task.path)
    raw: bytes | None = None
    digest = None
    try:
        if os.stat(task.path).st_size <= ruleset.settings.get("max-file-size"):
            raw = path.read_bytes()
            digest = content_digest(raw)
    except OSError:
        pass  # lint_file reports the unreadable file (PL002)
    if digest is not None and digest == task.expected_digest:
        return LintOutcome(None, digest)
    try:
        result = lint_file(path, task.display, ruleset, fix_mode, task.relative, raw=raw)
    except Exception as exc:  # beyond the rules' own guard: still one file, not the run
        return LintOutcome(_internal_error(task, ruleset, f"{type(exc).__name__}: {exc}"))
    return LintOutcome(result, digest)


def _internal_error(task: LintTask, ruleset: RuleSet, message: str) -> FileResult:
    active = next((a for a in ruleset.active if a.code == INTERNAL_ERROR), None)
    severity = active.severity if active is not None else Severity.ERROR
    name = active.rule.name if active is not None else "internal-error"
    violation = Violation(
        1, 1, f"internal error: {message}", code=INTERNAL_ERROR, name=name, severity=severity
    )
    return FileResult(path=task.display, violations=[violation], internal_error=True)
