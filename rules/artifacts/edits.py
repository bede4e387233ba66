"""Fix edits for drafting artifacts: delete whole lines or sentences, never anything else."""

from __future__ import annotations

from postlint.document import Document
from postlint.model import Edit, Fix
from postlint.prose import ProseBlock, Sentence

from .scope import _BREAK_LINE


def _blank(doc: Document, line: int) -> bool:
    return not doc.index.line_text(line).strip()


def delete_leading(doc: Document, first: ProseBlock, last: ProseBlock, what: str) -> Fix:
    """Delete the lines of ``first``..``last`` with the blank lines, the `---` separator and
    the blank lines that follow them, so the post starts where the content starts."""
    index = doc.index
    line = last.end_line + 1
    count = index.line_count
    while line <= count and _blank(doc, line):
        line += 1
    if line <= count and _BREAK_LINE.match(index.line_text(line)):
        line += 1
        while line <= count and _blank(doc, line):
            line += 1
    start = index.line_start(first.line)
    end = index.line_start(line) if line <= count else len(doc.text)
    return Fix((Edit(start, end, ""),), f"delete the {what}")


def delete_trailing(doc: Document, first: ProseBlock, what: str) -> Fix:
    """Delete from ``first`` to the end of the file and the blank lines before it; the file
    keeps its final line break."""
    index = doc.index
    line = first.line - 1
    while line >= doc.body_line and _blank(doc, line):
        line -= 1
    if line < doc.body_line:  # the artifact is all the body holds: delete just its lines
        return Fix((Edit(index.line_start(first.line), len(doc.text), ""),), f"delete the {what}")
    ending = doc.newline if doc.text.endswith(("\n", "\r")) else ""
    return Fix((Edit(index.line_end(line), len(doc.text), ending),), f"delete the {what}")


def delete_block(doc: Document, block: ProseBlock, what: str) -> Fix:
    """Delete the lines of one block and the blank lines after it."""
    index = doc.index
    line = block.end_line + 1
    while line <= index.line_count and _blank(doc, line):
        line += 1
    start = index.line_start(block.line)
    end = index.line_start(line) if line <= index.line_count else len(doc.text)
    return Fix((Edit(start, end, ""),), f"delete the {what}")


def delete_sentences(
    doc: Document, run: list[Sentence], following: Sentence | None, what: str
) -> Fix:
    """Delete a run of sentences inside a block, up to the next sentence (or the block end)."""
    block = run[0].block
    start = block.source_offset(run[0].start)
    if following is not None:
        end = block.source_offset(following.start)
    else:
        # Trailing sentences: also take the space before them.
        end = block.source_span(run[-1].start, run[-1].end)[1]
        before = run[0].start
        while before > 0 and block.text[before - 1] in " \t":
            before -= 1
        start = block.source_offset(before) if before < run[0].start else start
        text = doc.text
        if start > 0 and text[start - 1] in "\r\n" and (end == len(text) or text[end] in "\r\n"):
            # The sentences fill the block's last line: take the line break before them too,
            # or a lone "\r" left behind would join the "\n" after them into one "\r\n".
            start -= 2 if text.startswith("\r\n", start - 2) else 1
    return Fix((Edit(start, end, ""),), f"delete the {what}")
