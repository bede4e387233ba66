"""Findings the engine itself reports: unusable files, crashing rules, stale suppressions.

These rules have no ``check`` of their own: the engine emits them where the problem is found
(while reading a file, running a rule or applying suppressions). They are registered so that
they can be selected, ignored, given a severity and documented like every other rule.
"""

from __future__ import annotations

from postlint.model import Severity
from postlint.rule import Rule


class _EngineRule(Rule):
    def check(self, doc, options):  # emitted by the engine, see the module docstring
        return ()


class UnusedSuppression(_EngineRule):
    """Reports a ``postlint-disable`` comment that suppresses nothing.

    ## Why
    A suppression outlives the problem it silenced; left in place it hides the next real
    finding on those lines. Like ruff's RUF100.

    ## Example
    ```markdown
    <!-- postlint-disable-next-line AI001 -->
    A paragraph with no drafting artifact in it.
    ```

    ## Fix
    Delete the comment.
    """

    code = "PL001"
    name = "unused-suppression"
    summary = "An inline suppression comment that suppresses nothing"
    severity = Severity.WARNING


class UnreadableFile(_EngineRule):
    """Reports a file that postlint could not read as a text post.

    Binary files with a Markdown name, bytes that are not UTF-8 (or UTF-16 with a BOM),
    files larger than `max-file-size` and files the operating system refuses to open. The
    message names the line where decoding failed. Other files are still linted.

    ## Fix
    Save the file as UTF-8, rename a file that is not a post, or raise `max-file-size`.
    """

    code = "PL002"
    name = "unreadable-file"
    summary = "The file cannot be read as UTF-8 text, or is too large"
    severity = Severity.ERROR


class RuleCrashed(_EngineRule):
    """Reports an internal error: a rule raised an exception on this file.

    The run goes on with the other rules and files, and postlint exits with code 2 so a CI
    gate does not pass silently. Please report it with the file that triggers it.
    """

    code = "PL003"
    name = "internal-error"
    summary = "A rule raised an exception on this file (exit code 2)"
    severity = Severity.ERROR
