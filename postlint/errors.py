"""Exceptions that cross the boundary between rules and the engine."""

from __future__ import annotations


class RuleUnavailable(Exception):
    """A rule cannot do its job in this run: a service it needs is down or misconfigured.

    Raised from ``Rule.check``. The engine skips the rule for that file, the other rules
    still report, and the command line prints the message once per run (not once per file)
    and exits with code 2, since a gate that could not run must not pass silently. The
    message says what is wrong and what to do about it.
    """
