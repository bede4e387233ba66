"""AI008: the whole body wrapped in a ```markdown fence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.document import Document
from postlint.model import Edit, Fix, Severity, Violation
from postlint.rule import Options, Rule

_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*(markdown|md|mdx)\s*$", re.I)
_ANY_CLOSER = re.compile(r"^(?:`{3,}|~{3,})$")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")


class WrapperFence(Rule):
    """Reports a body wrapped as a whole in a ```` ```markdown ```` (or ```` ```md ````) fence.

    ## Why
    Chat interfaces return drafts inside a Markdown code block; pasted as is, the whole post
    renders as one grey block of source code.

    ## Example
    Fires: a body (optionally after its `# Title`) that opens with ```` ```markdown ```` and
    ends with the closing ```` ``` ````, or never closes it.

    Does not fire: a ```` ```markdown ```` demo block in the middle of a post, or a post that
    starts with such a demo and ends with a different, ordinary code block.

    ## Fix
    Safe: deletes the opening and closing fence lines (and blank lines just inside them).
    """

    code = "AI008"
    name = "wrapper-fence"
    summary = "The whole body is wrapped in a ```markdown code fence"
    severity = Severity.ERROR
    fixable = "safe"

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        if "```" not in doc.text and "~~~" not in doc.text:
            return
        index = doc.index
        count = index.line_count
        content = [n for n in range(doc.body_line, count + 1) if index.line_text(n).strip()]
        if len(content) < 2:
            return
        first = content[0]
        if _HEADING.match(index.line_text(first)) and len(content) > 2:
            first = content[1]
        opening = _OPEN.match(index.line_text(first))
        if not opening:
            return
        fence = opening.group(1)
        last = content[-1]
        last_text = index.line_text(last).strip()
        blocks = {b.line: b for b in doc.code_blocks}
        block = blocks.get(first)
        closes_at_end = (
            last_text.startswith(fence[0] * 3)
            and set(last_text) == {fence[0]}
            and len(last_text) >= len(fence)
            and (block is None or block.end_line == last or last in blocks)
        )
        # The fence runs to the end: never closed, or "closed" with the other fence character
        # (a ~~~markdown wrapper ended by ```), which Markdown reads as content of the block.
        to_end = block is not None and block.end_line >= last
        unclosed = to_end and not closes_at_end
        if not (closes_at_end or unclosed):
            return
        if unclosed and _ANY_CLOSER.match(last_text):
            closes_at_end = True
        yield self.at_line(
            doc,
            first,
            f'wrapper fence: the whole body is inside a "{index.line_text(first).strip()}" '
            "code block, so it renders as source code",
            fix=self._unwrap(doc, first, last if closes_at_end else None),
        )

    @staticmethod
    def _unwrap(doc: Document, first: int, last: int | None) -> Fix:
        index = doc.index
        line = first + 1
        while line <= index.line_count and not index.line_text(line).strip():
            line += 1
        edits = [Edit(index.line_start(first), index.line_start(line), "")]
        if last is not None:
            before = last - 1
            while before > line and not index.line_text(before).strip():
                before -= 1
            start = index.line_end(before, with_break=True)
            end = index.line_end(last, with_break=True)
            edits.append(Edit(start, end, ""))
        return Fix(tuple(edits), "unwrap the body from the code fence")
