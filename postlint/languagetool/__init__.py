"""LanguageTool integration: annotated text from the prose view, an HTTP client that respects
server limits, a result cache, the project vocabulary and language-tool-python's local mode.

The LT rules (rules/grammar.py) call ``check(doc, settings)``; nothing here is imported unless
an LT rule is selected.
"""

from postlint.languagetool.checker import Match, Report, Settings, check, reset
from postlint.languagetool.client import LanguageToolUnavailable

__all__ = ["LanguageToolUnavailable", "Match", "Report", "Settings", "check", "reset"]
