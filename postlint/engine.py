"""The engine: lint one file with the rules in force, apply suppressions and fixes."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from postlint.config import ActiveRule, RuleSet
from postlint.discovery import symlink_problem
from postlint.document import DecodeProblem, Document
from postlint.errors import RuleUnavailable
from postlint.fixes import FileChangedError, apply_fixes, write_atomically
from postlint.model import Edit, FileResult, Fix, Severity, Violation
from postlint.suppressions import parse_suppressions

UNUSED_SUPPRESSION = "PL001"
UNREADABLE_FILE = "PL002"
INTERNAL_ERROR = "PL003"
MAX_FIX_ROUNDS = 10


@dataclass(frozen=True)
class FixMode:
    apply: bool = False  # --fix
    unsafe: bool = False  # --unsafe-fixes
    diff: bool = False  # --diff: compute the fixed text, write nothing

    @property
    def active(self) -> bool:
        return self.apply or self.diff

    def wants(self, fix: Fix | None) -> bool:
        return fix is not None and (fix.safe or self.unsafe)


def lint_file(
    path: Path,
    display: str,
    ruleset: RuleSet,
    fix_mode: FixMode = FixMode(),
    relative_to_config: str | None = None,
    raw: bytes | None = None,
) -> FileResult:
    """Lint (and with ``fix_mode`` fix) one file. Never raises for a bad file or a bad rule.

    ``raw``: the file's bytes when the caller already read them (the cache hashes them).
    """
    result = FileResult(path=display)
    max_size = ruleset.settings.get("max-file-size")
    try:
        size = len(raw) if raw is not None else path.stat().st_size
        if size > max_size:
            _engine_violation(
                result,
                ruleset,
                UNREADABLE_FILE,
                1,
                1,
                f"skipped: file is too large ({size:,} bytes; max-file-size is {max_size:,})",
            )
            return result
        if raw is None:
            raw = path.read_bytes()
    except OSError as exc:
        reason = symlink_problem(path) if path.is_symlink() else exc.strerror or str(exc)
        _engine_violation(result, ruleset, UNREADABLE_FILE, 1, 1, f"cannot read file: {reason}")
        return result
    try:
        doc = Document.from_bytes(path, raw)
    except DecodeProblem as problem:
        _engine_violation(
            result, ruleset, UNREADABLE_FILE, problem.line, problem.column, problem.message
        )
        return result

    relative = relative_to_config if relative_to_config is not None else display
    ignored = ruleset.ignored_codes(relative)
    rules = [active for active in ruleset.active if active.code not in ignored]
    violations = check_document(doc, rules, ruleset, result)

    if fix_mode.active and any(fix_mode.wants(v.fix) for v in violations):
        original = doc.text
        unfixed = violations  # what the file on disk still holds if the write fails
        text = original
        for _ in range(MAX_FIX_ROUNDS):
            wanted = [v.fix for v in violations if fix_mode.wants(v.fix)]
            if not wanted:
                break
            done: list[Fix] = []
            text, applied = apply_fixes(text, wanted, done)
            if not applied:
                break
            result.fixed += applied
            codes = {id(v.fix): v.code for v in violations}
            result.fixes_applied += [f"{codes[id(fix)]}: {fix.description}" for fix in done]
            doc = Document(path, text, encoding=doc.encoding, bom=doc.bom)
            # The same result: a rule that crashes on the fixed text still makes the exit code 2.
            violations = check_document(doc, rules, ruleset, result)
        if text != original:
            if fix_mode.diff:
                result.diff = "".join(
                    difflib.unified_diff(
                        original.splitlines(keepends=True),
                        text.splitlines(keepends=True),
                        fromfile=f"a/{display}",
                        tofile=f"b/{display}",
                    )
                )
            else:
                try:
                    write_atomically(path, doc.encode(text), expected=raw)
                except FileChangedError as exc:
                    result.fixed, result.fixes_applied = 0, []
                    violations = unfixed
                    _engine_violation(result, ruleset, UNREADABLE_FILE, 1, 1, str(exc))
                except OSError as exc:
                    result.fixed, result.fixes_applied = 0, []
                    violations = unfixed
                    _engine_violation(
                        result,
                        ruleset,
                        UNREADABLE_FILE,
                        1,
                        1,
                        f"cannot write fixes: {exc.strerror or exc}",
                    )
    result.violations.extend(violations)
    result.violations.sort(key=Violation.sort_key)
    return result


def check_document(
    doc: Document, rules: list[ActiveRule], ruleset: RuleSet, result: FileResult
) -> list[Violation]:
    """Run ``rules`` on ``doc``; suppressions applied, engine findings included."""
    violations: list[Violation] = []
    last_line = doc.index.line_count
    for active in rules:
        rule = active.rule
        try:
            found = list(rule.check(doc, active.options))
            for violation in found:
                _validate(violation)
        except RuleUnavailable as exc:  # a service it needs is down: said once per run
            result.unavailable.append(str(exc))
            continue
        except Exception as exc:  # one broken rule must not stop the run
            result.internal_error = True
            violations.append(
                _make(
                    ruleset,
                    INTERNAL_ERROR,
                    1,
                    1,
                    f"internal error in rule {rule.code} ({rule.name}): "
                    f"{type(exc).__name__}: {exc}",
                )
            )
            continue
        for violation in found:
            violation.code = rule.code
            violation.name = rule.name
            violation.severity = active.severity
            _clamp(violation, doc, last_line)
            violations.append(violation)
    suppressions = parse_suppressions(doc)
    if suppressions.directives:
        violations = suppressions.apply(violations)
        for directive in suppressions.unused():
            what = ", ".join(directive.selectors) or "all rules"
            violations.append(
                _make(
                    ruleset,
                    UNUSED_SUPPRESSION,
                    directive.line,
                    directive.column,
                    f"unused suppression: `{directive.text}` ({what}) suppresses nothing",
                )
            )
    return [v for v in violations if v is not None]


def _validate(violation: object) -> None:
    """Refuse what a (third-party) rule yields that is not a well-formed Violation.

    Checked inside the rule's try block, so a malformed result becomes PL003 for that rule
    instead of a traceback later in clamping, sorting, fixing or reporting.
    """
    if not isinstance(violation, Violation):
        raise TypeError(f"yielded {type(violation).__name__} {violation!r:.60}, not a Violation")
    for name in ("line", "column", "end_line", "end_column"):
        value = getattr(violation, name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"Violation.{name} is {value!r:.60}, not an int")
    if not isinstance(violation.message, str):
        raise TypeError(f"Violation.message is {type(violation.message).__name__}, not a str")
    fix = violation.fix
    if fix is None:
        return
    if not isinstance(fix, Fix) or not isinstance(fix.edits, (tuple, list)):
        raise TypeError(f"Violation.fix is {fix!r:.60}, not a Fix with a tuple of Edits")
    for edit in fix.edits:
        if not (
            isinstance(edit, Edit)
            and isinstance(edit.start, int)
            and isinstance(edit.end, int)
            and isinstance(edit.replacement, str)
        ):
            raise TypeError(f"fix edit {edit!r:.60} is not an Edit(start: int, end: int, str)")


def _clamp(violation: Violation, doc: Document, last_line: int) -> None:
    """Keep positions inside the file, whatever a (third-party) rule reported."""
    violation.line = max(1, min(violation.line, last_line))
    violation.end_line = max(violation.line, min(violation.end_line or violation.line, last_line))
    width = len(doc.index.line_text(violation.line)) + 1
    violation.column = max(1, min(violation.column, width))
    end_width = len(doc.index.line_text(violation.end_line)) + 1
    violation.end_column = max(1, min(violation.end_column or violation.column, end_width))
    if violation.end_line == violation.line and violation.end_column < violation.column:
        violation.end_column = violation.column


def _make(ruleset: RuleSet, code: str, line: int, column: int, message: str) -> Violation | None:
    """An engine finding, unless its code is not selected."""
    active = next((a for a in ruleset.active if a.code == code), None)
    if active is None and code == INTERNAL_ERROR:  # a crash is never silently deselected
        return Violation(
            line, column, message, code=code, name="internal-error", severity=Severity.ERROR
        )
    if active is None and code == UNREADABLE_FILE and not _ignored_by_name(ruleset, code):
        # A file that was not read (or not written) must not pass silently because a
        # `--select AI` left PL002 out; only an explicit ignore hides it (like ruff's E902).
        return Violation(
            line, column, message, code=code, name="unreadable-file", severity=Severity.ERROR
        )
    if active is None:
        return None
    return Violation(
        line, column, message, code=code, name=active.rule.name, severity=active.severity
    )


def _ignored_by_name(ruleset: RuleSet, code: str) -> bool:
    selectors = [*ruleset.settings.get("ignore"), *ruleset.overrides.ignore]
    return any(rule.code == code for s in selectors for rule in ruleset.registry.match(s))


def _engine_violation(
    result: FileResult, ruleset: RuleSet, code: str, line: int, column: int, message: str
) -> None:
    violation = _make(ruleset, code, line, column, message)
    if violation is not None:
        result.violations.append(violation)


def relative_display(path: Path, cwd: Path) -> str:
    """The path as users see it: relative to the working directory when below it."""
    try:
        return os.path.relpath(path, cwd) if path.is_absolute() else str(path)
    except ValueError:  # another drive on Windows
        return str(path)
