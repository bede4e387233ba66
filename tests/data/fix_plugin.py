"""A local rule plugin with fixable rules, loaded through the config key `plugins`.

Used by the fix, pre-commit and reporter tests while no built-in rule is fixable: it goes
through the same plugin path a repository's own rules do.
"""

from __future__ import annotations

import re

from postlint.model import Edit, Fix, Severity
from postlint.rule import Rule

_TRAILING = re.compile(r"[ \t]+(?=\r?\n|\r|\Z)")
_BANGS = re.compile(r"!{2,}")


class TrailingSpace(Rule):
    """Reports spaces or tabs at the end of a line. Safe fix: delete them."""

    code = "TS001"
    name = "trailing-space"
    summary = "Spaces or tabs at the end of a line"
    severity = Severity.WARNING
    fixable = "safe"

    def check(self, doc, options):
        for match in _TRAILING.finditer(doc.text):
            fix = Fix((Edit(match.start(), match.end(), ""),), "delete trailing spaces")
            yield self.at_offsets(doc, match.start(), match.end(), "trailing spaces", fix=fix)


class RepeatedBang(Rule):
    """Reports `!!` or more. Unsafe fix (it changes the wording): keep one `!`."""

    code = "TS002"
    name = "repeated-bang"
    summary = "Several exclamation marks in a row"
    severity = Severity.WARNING
    fixable = "unsafe"

    def check(self, doc, options):
        for match in _BANGS.finditer(doc.text):
            fix = Fix((Edit(match.start(), match.end(), "!"),), "keep one `!`", safe=False)
            yield self.at_offsets(doc, match.start(), match.end(), "repeated `!`", fix=fix)
