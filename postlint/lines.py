"""Offsets to line:column and back, for the decoded text of one file."""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps character offsets in ``text`` to 1-based (line, column) and back.

    ``\\r\\n``, ``\\r`` and ``\\n`` all end a line, so mixed line endings map correctly.
    """

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = _line_starts(text)

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int = 1) -> int:
        line = max(1, min(line, len(self.starts)))
        return min(self.starts[line - 1] + column - 1, len(self.text))

    def line_start(self, line: int) -> int:
        return self.offset(line, 1)

    def line_end(self, line: int, *, with_break: bool = False) -> int:
        """Offset of the end of ``line``, before its line break unless ``with_break``."""
        line = max(1, min(line, len(self.starts)))
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        if with_break:
            return end
        while end > self.starts[line - 1] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        return self.text[self.line_start(line) : self.line_end(line)]


def _line_starts(text: str) -> list[int]:
    """Offsets where each line starts (the first is 0)."""
    if "\r" not in text:
        # Only "\n" ends lines: each line starts one past the previous line's end. One C-level
        # split instead of a match object per line.
        lengths = [len(line) + 1 for line in text.split("\n")]
        lengths.pop()
        return list(accumulate(lengths, initial=0))
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
