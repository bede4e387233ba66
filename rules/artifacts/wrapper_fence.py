"""AI008: the whole body wrapped in a ```markdown fence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.document import Document
from postlint.model import Edit, Fix, Severity, Violation
from postlint.rule import Options, Rule

from .phrases import family, fold_quotes
from .scope import quote

_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*(markdown|md|mdx)\s*$", re.I)
# The same opening fence anywhere in the file: most posts have none and are done with at once.
_ANY_OPEN = re.compile(r"^ {0,3}(?:`{3,}|~{3,})[ \t]*(?:markdown|md|mdx)[ \t]*\r?$", re.I | re.M)
_ANY_CLOSER = re.compile(r"^(?:`{3,}|~{3,})$")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_TITLE = re.compile(r"^ {0,3}#(?:\s|$)")
# At most this many non-blank lines may sit before the opening fence (a title, a hand-off)
# or after the closing one (an offer) when the fence holds a whole post.
_AROUND_LINES = 4


def _any_opening(text: str, start: int) -> bool:
    """Whether a line at or after ``start`` is a ```markdown opening fence (``_ANY_OPEN``):
    only the lines holding a fence are tried, found with ``str.find``."""
    for fence in ("```", "~~~"):
        at = text.find(fence, start)
        while at != -1:
            line = text.rfind("\n", 0, at) + 1
            if line >= start and _ANY_OPEN.match(text, line):
                return True
            end = text.find("\n", at)
            if end == -1:
                break
            at = text.find(fence, end + 1)
    return False


def _opening(doc: Document, content: list[int], blocks: dict) -> tuple[int, int, bool] | None:
    """(line, position in ``content``, whether prose precedes it) of the wrapper's opening
    fence: the first content line, or the first after a title and a few hand-off lines."""
    index = doc.index
    for position, line in enumerate(content[: _AROUND_LINES + 1]):
        text = index.line_text(line)
        if _OPEN.match(text):
            lead = any(not _HEADING.match(index.line_text(n)) for n in content[:position])
            return line, position, lead
        if line in blocks or text.lstrip().startswith(("```", "~~~", "|", ">")):
            return None  # another code block, a table or a quote comes first
    return None


def _whole_post(doc: Document, block, content: list[int]) -> bool:
    """The fenced text is a post of its own: it opens with front matter or a title, or it
    holds most of the body's lines and some headings."""
    lines = [line for line in block.content.splitlines() if line.strip()]
    if not lines:
        return False
    if lines[0].strip() == "---" or any(_TITLE.match(line) for line in lines[:3]):
        return True
    headings = sum(1 for line in lines if _HEADING.match(line))
    return headings >= 2 and len(lines) >= 0.6 * len(content)


def _preamble(line: str) -> str | None:
    """The hand-off phrase when the first line inside the fence is a leaked preamble."""
    text = fold_quotes(line.strip())
    for name in ("preamble", "cues:preamble"):
        fam = family(name)
        if fam.may_match(text.lower()):
            match = fam.search("start", text)
            if match:
                return match.group(0)
    return None


class WrapperFence(Rule):
    """Reports a body wrapped as a whole in a ```` ```markdown ```` (or ```` ```md ````) fence.

    ## Why
    Chat interfaces return drafts inside a Markdown code block; pasted as is, the whole post
    renders as one grey block of source code.

    ## Example
    Fires: a body (optionally after its `# Title`) that opens with ```` ```markdown ````,
    ```` ```md ````, ```` ~~~markdown ```` or ```` ~~~md ```` and ends with the closing fence, or
    never closes it; also when a short hand-off precedes the fence or an offer follows it and
    the fenced text is a whole post (front matter or a `# Title` inside, or most of the body
    with its headings). A leaked preamble as the first line inside the fence ("Sure! Here's
    the post you asked for:") is reported at its line.

    Does not fire: a ```` ```markdown ```` demo block in the middle of a post, or a post that
    starts with such a demo and ends with a different, ordinary code block, or a short
    ```` ```md ```` snippet after an introduction (no title inside, not most of the body).

    ## Fix
    Safe: deletes the opening and closing fence lines (and blank lines just inside them).
    """

    code = "AI008"
    name = "wrapper-fence"
    summary = "The whole body is wrapped in a ```markdown code fence"
    severity = Severity.ERROR
    fixable = "safe"

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        if not _any_opening(doc.text, doc.front_matter.body_offset):
            return
        index = doc.index
        count = index.line_count
        content = [n for n in range(doc.body_line, count + 1) if index.line_text(n).strip()]
        if len(content) < 2:
            return
        blocks = {b.line: b for b in doc.code_blocks}
        found = _opening(doc, content, blocks)
        if found is None:
            return
        first, position, lead = found
        fence = _OPEN.match(index.line_text(first)).group(1)  # type: ignore[union-attr]
        block = blocks.get(first)
        last = content[-1]
        last_text = index.line_text(last).strip()
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
        closer: int | None = last if closes_at_end else None
        if unclosed and _ANY_CLOSER.match(last_text):
            closer = last
        whole = closes_at_end or unclosed
        if not whole and block is not None:
            # A few lines after the fence (a closing offer) or before it (a hand-off) leave it a
            # wrapper when what it holds is a whole post.
            after = [n for n in content if n > block.end_line]
            if len(after) <= _AROUND_LINES and _whole_post(doc, block, content):
                whole, closer = True, block.end_line
        if not whole or (lead and block is not None and not _whole_post(doc, block, content)):
            return
        yield self.at_line(
            doc,
            first,
            f'wrapper fence: the whole body is inside a "{index.line_text(first).strip()}" '
            "code block, so it renders as source code",
            fix=self._unwrap(doc, first, closer),
        )
        inner = next((n for n in content[position + 1 :] if n != closer), None)
        if inner is not None:
            phrase = _preamble(index.line_text(inner))
            if phrase:
                yield self.at_line(
                    doc,
                    inner,
                    f'wrapper fence: a leaked preamble opens the fenced post: "{quote(phrase)}"',
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
