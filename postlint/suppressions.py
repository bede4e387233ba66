"""Inline suppressions written as HTML comments in the Markdown body.

    <!-- postlint-disable AI001,RD -->   ... <!-- postlint-enable -->
    <!-- postlint-disable-next-line AI003 -->
    <!-- postlint-disable-line RD001 -->      (on the line it applies to)
    <!-- postlint-disable-file FM002 -->

Codes are selectors: a prefix (``AI``) or a code; no codes means every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from postlint.document import Document
from postlint.model import Violation

_DIRECTIVE = re.compile(
    r"^\s*postlint-(disable-next-line|disable-line|disable-file|disable|enable)\b(.*)$", re.S
)
_SELECTOR = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


@dataclass
class Directive:
    kind: str
    selectors: list[str]  # upper-cased; empty means all rules
    line: int  # line of the comment
    column: int
    first: int  # first line it covers
    last: int  # last line it covers
    used: bool = False
    text: str = ""

    def covers(self, violation: Violation) -> bool:
        if not self.first <= violation.line <= self.last:
            return False
        if not self.selectors:
            return True
        return any(
            violation.code.startswith(s) or violation.name.upper() == s for s in self.selectors
        )


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)

    def apply(self, violations: list[Violation]) -> list[Violation]:
        kept = []
        for violation in violations:
            hit = False
            for directive in self.directives:
                if directive.kind != "enable" and directive.covers(violation):
                    directive.used = hit = True
            if not hit:
                kept.append(violation)
        return kept

    def unused(self) -> list[Directive]:
        return [d for d in self.directives if d.kind != "enable" and not d.used]


def parse_suppressions(doc: Document) -> Suppressions:
    if "postlint-" not in doc.text:  # fast path: almost no file has a directive
        return Suppressions()
    last_line = doc.index.line_count
    result = Suppressions()
    open_ranges: list[Directive] = []
    for comment in doc.comments:
        found = _DIRECTIVE.match(comment.content)
        if not found:
            continue
        kind, rest = found.group(1), found.group(2)
        selectors = [s.upper() for s in _SELECTOR.findall(rest)]
        common = dict(
            selectors=selectors,
            line=comment.line,
            column=comment.column,
            text=comment.content.strip(),
        )
        if kind == "disable-next-line":
            target = comment.end_line + 1
            # The next line that is not blank: a comment above a paragraph may leave a gap.
            while target <= last_line and not doc.index.line_text(target).strip():
                target += 1
            result.directives.append(Directive(kind, first=target, last=target, **common))
        elif kind == "disable-line":
            result.directives.append(
                Directive(kind, first=comment.line, last=comment.end_line, **common)
            )
        elif kind == "disable-file":
            result.directives.append(Directive(kind, first=1, last=last_line, **common))
        elif kind == "disable":
            directive = Directive(kind, first=comment.line, last=last_line, **common)
            result.directives.append(directive)
            open_ranges.append(directive)
        else:  # enable: closes the matching open ranges (all of them without selectors)
            for directive in open_ranges:
                if directive.last == last_line and (
                    not selectors or set(directive.selectors) <= set(selectors)
                ):
                    directive.last = comment.line
            open_ranges = [d for d in open_ranges if d.last == last_line]
    return result
