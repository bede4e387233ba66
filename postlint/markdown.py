"""Markdown parsing (pyromark, a binding of pulldown-cmark) and the walk that turns its events
into the prose view.

pulldown-cmark reports the source range of every event, so each prose character maps straight
back to the file; the ranges are UTF-8 byte offsets into the body, which the walk turns into
character offsets (``_non_ascii``).
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass

import pyromark

from postlint.lines import LineIndex
from postlint.prose import Elision, ProseBlock

_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]", re.I)
_MDX_ESM = re.compile(r"(?:import|export)\s")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# CommonMark plus the two GitHub extensions blogs use everywhere. Smart punctuation, heading
# attributes, footnotes and math stay off: they would change the text the rules read.
_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH

# Inline containers: they live inside a prose block and never open or close one. Every other
# container (paragraph, heading, list, quote, table cell, code) closes the block being built.
_INLINE_CONTAINERS = frozenset(("Emphasis", "Strong", "Strikethrough", "Link", "Image"))


@dataclass
class CodeBlock:
    info: str  # the fence's info string ("python", "markdown", ...); "" for indented code
    content: str
    line: int  # file line of the opening fence (or first indented line)
    end_line: int  # last file line of the block (closing fence)
    fenced: bool
    markup: str = ""  # the fence characters, e.g. "```"


@dataclass
class Image:
    src: str
    alt: str
    line: int


@dataclass
class Comment:
    """An HTML comment (where inline suppressions live)."""

    content: str
    line: int
    end_line: int
    column: int
    standalone: bool  # the comment is a block of its own, not inside a paragraph


@dataclass
class Link:
    href: str
    text: str
    line: int
    column: int


@dataclass
class ParsedBody:
    blocks: list[ProseBlock]
    code_blocks: list[CodeBlock]
    images: list[Image]
    comments: list[Comment]
    links: list[Link]
    thematic_breaks: list[int]  # file lines of `---`, `***`, `___` breaks


def parse_body(text: str, body_offset: int, index: LineIndex, *, mdx: bool = False) -> ParsedBody:
    """Parse ``text[body_offset:]`` and map every prose character back to the file.

    With ``mdx``, top-level ``import``/``export`` statements are code, not prose.
    """
    body = text[body_offset:]
    walker = _Walker(text, index, mdx)
    walker.walk(pyromark.events_with_range(body, options=_OPTIONS), body_offset, _non_ascii(body))
    return ParsedBody(
        blocks=walker.blocks,
        code_blocks=walker.code_blocks,
        images=walker.images,
        comments=walker.comments,
        links=walker.links,
        thematic_breaks=walker.breaks,
    )


def _non_ascii(body: str) -> tuple[list[int], list[int]]:
    """The byte offset of each non-ASCII character of ``body``, and the extra bytes (over one
    a character) of all of them up to it: a byte offset less the extra bytes before it is a
    character offset. Both empty for an ASCII body."""
    byte_starts: list[int] = []
    extras: list[int] = []
    if body.isascii():
        return byte_starts, extras
    extra = 0
    for match in _NON_ASCII.finditer(body):
        byte_starts.append(match.start() + extra)
        code = ord(match.group())
        extra += 1 if code < 0x800 else 2 if code < 0x10000 else 3
        extras.append(extra)
    return byte_starts, extras


class _BlockBuilder:
    """The prose block being built: its text, its map back to the file and what it left out."""

    # Slots: a post builds some thirty of these and the walk reads their fields on every event.
    __slots__ = (
        "kind",
        "level",
        "blockquote",
        "lists",
        "start",
        "end",
        "parts",
        "segments",
        "elisions",
        "size",
    )

    def __init__(self, kind: str, level: int, blockquote: int, lists: int, start: int) -> None:
        self.kind = kind
        self.level = level
        self.blockquote = blockquote
        self.lists = lists
        self.start = start  # file offset where the block's source starts
        self.end = start  # file offset just past the block's source seen so far
        self.parts: list[str] = []
        self.segments: list[tuple[int, int, int]] = []
        self.elisions: list[Elision] = []
        self.size = 0

    def add(self, content: str, source: int, exact: bool) -> None:
        """Append prose; ``exact`` when ``content`` is the very source text at ``source``."""
        if not content:
            return
        if exact:
            _push(self.segments, self.size, source, len(content))
        else:
            # An entity such as `&mdash;` reads as one character: it maps to its `&`, in a
            # segment of its own so that no run of prose seems to carry on through `mdash;`.
            for i in range(len(content)):
                self.segments.append((self.size + i, source, 1))
        self.parts.append(content)
        self.size += len(content)

    def ends_with_elision(self) -> bool:
        return bool(self.elisions) and self.elisions[-1].prose_offset == self.size

    def drop_last_line_break(self) -> None:
        """Drop a line break that ends the block (a paragraph closed by a line of form feeds)."""
        self.parts.pop()
        self.size -= 1
        prose, source, length = self.segments[-1]
        if length > 1:
            self.segments[-1] = (prose, source, length - 1)
        else:
            self.segments.pop()

    def elide(self, kind: str, start: int, end: int, content: str) -> None:
        self.elisions.append(Elision(self.size, kind, start, end, content))


class _Walker:
    __slots__ = (
        "text",
        "index",
        "mdx",
        "blocks",
        "code_blocks",
        "images",
        "comments",
        "links",
        "breaks",
        "block",
        "run",
        "cursor",
        "blockquote",
        "lists",
        "autolink",
        "image",
        "link",
        "html_until",
        "code",
        "html_block",
    )

    # Whether a lone text piece is added as it arrives (the test of that short cut turns it off)
    eager_text = True

    def __init__(self, text: str, index: LineIndex, mdx: bool) -> None:
        self.text = text
        self.index = index
        self.mdx = mdx
        self.blocks: list[ProseBlock] = []
        self.code_blocks: list[CodeBlock] = []
        self.images: list[Image] = []
        self.comments: list[Comment] = []
        self.links: list[Link] = []
        self.breaks: list[int] = []
        self.block: _BlockBuilder | None = None
        self.run: list[tuple[str, int, int]] = []
        self.cursor = 0  # file offset just past the last source the walk consumed
        self.blockquote = 0
        self.lists = 0
        self.autolink = False
        self.image: tuple[int, int, str, list[str]] | None = None  # start, end, src, alt parts
        # the number of prose parts before it, href, line and column of the open link
        self.link: tuple[int, str, int, int] | None = None
        self.html_until = -1  # inline HTML comment that spans several events ends here
        # info, fenced, start, end and the texts of the code block being read
        self.code: tuple[str, bool, int, int, list[str]] | None = None
        self.html_block: tuple[int, list[str]] | None = None

    def walk(  # noqa: C901 (one dispatch over pulldown-cmark's events)
        self, events, base: int, non_ascii: tuple[list[int], list[int]]
    ) -> None:
        """Build the views from ``events`` of the body at file offset ``base``; ``non_ascii``
        is ``_non_ascii(body)``, to turn the events' byte ranges into character offsets."""
        # The hot loop of a run (about 250 events a post): offsets are converted inline and
        # text, the commonest event, is handled before any other dispatch.
        byte_starts, extra = non_ascii
        # Offsets up to the first non-ASCII character are the same in bytes and characters.
        first = byte_starts[0] if byte_starts else sys.maxsize
        bisect_left = bisect.bisect_left
        run = self.run
        add_text = run.append
        text = self.text
        eager = self.eager_text
        # A text piece added to the block in place, as _flush_run would add it alone, with what
        # it changed: if the next text event joins it into a run of several, it is taken back.
        undo: tuple[str, int, int, tuple[int, int, int] | None, int] | None = None
        for event, span in events:
            # Events that need no offset (the end of a paragraph, list item or table cell,
            # emphasis, text inside code) skip their conversion: it is written out at the
            # three places that need it rather than paid on every event.
            if type(event) is str:  # SoftBreak, HardBreak or Rule
                start, end = span["start"], span["end"]
                if end > first:  # take off the extra bytes of the characters before each offset
                    if start > first:
                        start -= extra[bisect_left(byte_starts, start) - 1]
                    end -= extra[bisect_left(byte_starts, end) - 1]
                start += base
                end += base
                undo = None
                if event == "SoftBreak" or event == "HardBreak":
                    block = self.block
                    if (
                        block is not None
                        and self.image is None
                        and end > start
                        and text[start] in "\r\n"
                    ):
                        # The commonest break, a bare "\n" or "\r\n" inside a block:
                        # _line_break's first case, done in place.
                        if self.run:
                            self._flush_run()
                        size = block.size
                        segments = block.segments
                        if segments:
                            p, s, n = segments[-1]
                            if p + n == size and s + n == start:
                                segments[-1] = (p, s, n + 1)
                            else:
                                segments.append((size, start, 1))
                        else:
                            segments.append((size, start, 1))
                        block.parts.append("\n")
                        block.size = size + 1
                        if end > self.cursor:
                            self.cursor = end
                    else:
                        self._line_break(start, end)
                elif event == "Rule":
                    if self.block is not None:
                        self._end_inline()
                    self.breaks.append(self.index.position(start)[0])
                continue
            value = event.get("Text")
            if value is not None:
                if self.code is not None:
                    self.code[4].append(value)
                elif self.image is not None:
                    self.image[3].append(value)
                else:
                    start, end = span["start"], span["end"]
                    if end > first:
                        if start > first:
                            start -= extra[bisect_left(byte_starts, start) - 1]
                        end -= extra[bisect_left(byte_starts, end) - 1]
                    start += base
                    end += base
                    if start >= self.html_until:
                        block = self.block
                        if block is None:
                            self._open(start, "paragraph", 0)
                            block = self.block
                        size = len(value)
                        if undo is not None:
                            # Two text events in a row: both go to the run after all.
                            piece, piece_start, piece_end, last, self.cursor = undo
                            undo = None
                            block.parts.pop()
                            block.size -= len(piece)
                            if last is None:
                                block.segments.pop()
                            else:
                                block.segments[-1] = last
                            add_text((piece, piece_start, piece_end))
                            add_text((value, start, end))
                        elif (
                            # _flush_run's one-piece path, taken at once
                            eager
                            and size
                            and not run
                            and not self.autolink
                            and end - start == size
                            and "://" not in value
                            and (
                                "w." not in value
                                and "W." not in value
                                or "www." not in value.lower()
                            )
                            and text.startswith(value, start)
                        ):
                            segments = block.segments
                            block_size = block.size
                            last = None
                            if segments:
                                p, s, n = last = segments[-1]
                                if p + n == block_size and s + n == start:
                                    segments[-1] = (p, s, n + size)
                                else:
                                    last = None
                                    segments.append((block_size, start, size))
                            else:
                                segments.append((block_size, start, size))
                            block.parts.append(value)
                            block.size = block_size + size
                            undo = (value, start, end, last, self.cursor)
                            if end > self.cursor:
                                self.cursor = end
                        else:
                            add_text((value, start, end))
                continue
            # Start and End, the next commonest, are told apart by a lookup each rather than
            # by unpacking the one-entry dict; their commonest tags are handled in place.
            # Every event below but a skipped inline comment and block HTML would flush the
            # run: a text piece added in place stays added.
            value = event.get("End")
            if value is not None:
                undo = None
                if value == "Paragraph" or value == "Item" or value == "TableCell":
                    if self.block is not None:
                        self._end_inline()
                    continue
                if value == "Emphasis" or value == "Strong":
                    if self.run:
                        self._flush_run()
                    continue
                kind = "End"
            else:
                value = event.get("Start")
                if value is not None:
                    undo = None
                    if value == "Item":
                        if self.block is not None:
                            self._end_inline()
                        continue
                    if value == "Emphasis" or value == "Strong":
                        if self.run:
                            self._flush_run()
                        continue
                    kind = "Start"
                else:
                    ((kind, value),) = event.items()
            start, end = span["start"], span["end"]
            if end > first:
                if start > first:
                    start -= extra[bisect_left(byte_starts, start) - 1]
                end -= extra[bisect_left(byte_starts, end) - 1]
            start += base
            end += base
            if kind == "End":
                if value == "Link":
                    if self.run:
                        self._flush_run()
                    self._end_link(end)
                else:
                    self._end(value, end)
            elif kind == "Start":
                if value == "Paragraph":  # the commonest container, opened in place
                    if self.block is not None:
                        self._end_inline()
                    self.block = _BlockBuilder("paragraph", 0, self.blockquote, self.lists, start)
                    self.cursor = start
                else:
                    self._start(value, start, end)
            elif kind == "Code":
                undo = None
                self._code_span(value, start, end)
            elif kind == "InlineHtml":
                if start >= self.html_until:  # else _inline_html skips it, leaving the run be
                    undo = None
                self._inline_html(value, start, end)
            elif kind == "Html" and self.html_block is not None:
                self.html_block[1].append(value)
            # Footnotes, math and task markers are off (see _OPTIONS): nothing else arrives.
        self._end_inline()

    # -- containers --------------------------------------------------------------------

    def _start(self, tag, start: int, end: int) -> None:
        name, value = (tag, None) if type(tag) is str else next(iter(tag.items()))
        if name in _INLINE_CONTAINERS:
            if self.run:
                self._flush_run()
            if self.image is not None:
                return  # a link inside an image's alt text is alt text
            if name == "Link":
                self._inline_block(start)
                starts = self.index.starts
                line = bisect.bisect_right(starts, start)  # LineIndex.position(), unclamped
                column = start - starts[line - 1] + 1
                self.link = (len(self.block.parts), value["dest_url"], line, column)
                self.autolink = value["link_type"] in ("Autolink", "Email")
            elif name == "Image":
                self._inline_block(start)
                self.image = (start, end, value["dest_url"], [])
            return
        if self.block is not None:
            self._end_inline()
        if name == "Paragraph":
            self._open(start, "paragraph", 0)
        elif name == "Heading":
            self._open(start, "heading", int(value["level"][1:]))
        elif name == "TableCell":
            self._open(start, "table_cell", 0)
        elif name == "BlockQuote":
            self.blockquote += 1
        elif name == "List":
            self.lists += 1
        elif name == "CodeBlock":
            fenced = isinstance(value, dict)
            self.code = (value["Fenced"] if fenced else "", fenced, start, end, [])
        elif name == "HtmlBlock":
            self.html_block = (start, [])

    def _end(self, tag, end: int) -> None:
        name = tag if type(tag) is str else next(iter(tag))
        if name in _INLINE_CONTAINERS:
            if self.run:
                self._flush_run()
            if name == "Link":
                self._end_link(end)
            elif name == "Image":
                self._end_image()
            return
        if self.block is not None:
            self._end_inline()
        if name == "BlockQuote":
            self.blockquote -= 1
        elif name == "List":
            self.lists -= 1
        elif name == "CodeBlock" and self.code is not None:
            self._end_code()
        elif name == "HtmlBlock" and self.html_block is not None:
            start, parts = self.html_block
            self.html_block = None
            self._comments("".join(parts), start, standalone=True)

    def _open(self, start: int, kind: str, level: int) -> None:
        self.block = _BlockBuilder(kind, level, self.blockquote, self.lists, start)
        self.cursor = start

    def _inline_block(self, start: int) -> None:
        """Open a paragraph for inline content that has none (the text of a tight list item)."""
        if self.block is None:
            self._open(start, "paragraph", 0)

    def _end_inline(self) -> None:
        """Close the prose block being built, if any."""
        block = self.block
        if block is None:
            return
        if self.run:
            self._flush_run()
        self.block = None
        # The block ends where its last prose or markup ends: a setext heading's underline and
        # the blank lines after a paragraph are not part of it.
        if self.cursor > block.end:
            block.end = self.cursor
        parts = block.parts
        if parts and parts[-1] == "\n" and not block.ends_with_elision():
            block.drop_last_line_break()
        text = "".join(parts)
        if not text or text.isspace():  # `not text.strip()` without the copy
            return
        if (
            self.mdx
            and not (block.blockquote or block.lists)
            and _MDX_ESM.match(self.text, block.start)
        ):
            return
        last = block.end
        while last > block.start and self.text[last - 1] in "\r\n":
            last -= 1
        # The lines of two offsets inside the text: LineIndex.position() without its clamping.
        starts = self.index.starts
        line = bisect.bisect_right(starts, block.start)
        end_line = bisect.bisect_right(starts, last - 1) if last - 1 > block.start else line
        segments = block.segments
        self.blocks.append(
            ProseBlock(  # positional: about a third cheaper than keywords, once a block
                block.kind,
                text,
                line,
                end_line,
                block.level,
                block.blockquote,
                block.lists,
                0,  # start and index: set by Prose
                0,
                segments,
                block.elisions,
                segments[0][1] if segments else block.start,
                (segments[-1][1] + segments[-1][2]) if segments else block.end,
            )
        )

    # -- inline content ----------------------------------------------------------------

    def _flush_run(self) -> None:
        """Add the pending text to the block (``_add_run``, with a fast path)."""
        run = self.run
        if not run:
            return
        block = self.block
        text = self.text
        if run[-1][2] > self.cursor:
            self.cursor = run[-1][2]
        if len(run) == 1 and not self.autolink:
            # Nine runs in ten: one piece, copied verbatim from the source, with no URL in it.
            # block.add() and _push() done in place.
            piece, start, end = run.pop()  # in place: walk() holds its append
            size = len(piece)
            if not size:
                return  # the empty text pulldown-cmark reports before a heading's closing `#`
            if (
                end - start == size
                and "://" not in piece
                # "www." in any case ends "w." or "W.": lowering a copy is rarely needed
                and ("w." not in piece and "W." not in piece or "www." not in piece.lower())
                and text.startswith(piece, start)
            ):
                segments = block.segments
                if segments:
                    p, s, n = segments[-1]
                    if p + n == block.size and s + n == start:
                        segments[-1] = (p, s, n + size)
                    else:
                        segments.append((block.size, start, size))
                else:
                    segments.append((block.size, start, size))
                block.parts.append(piece)
                block.size += size
                return
            run = [(piece, start, end)]
        else:
            run = run.copy()
            self.run.clear()
        self._add_run(run)

    def _add_run(self, run: list[tuple[str, int, int]]) -> None:
        """Add a run of text pieces to the block, cutting out bare URLs (or all of an
        autolink): the definition the one-piece path of ``_flush_run`` takes a short cut of."""
        block = self.block
        text = self.text
        if self.autolink:
            block.elide("url", run[0][1], run[-1][2], "".join(piece for piece, _, _ in run))
            return
        joined = run[0][0] if len(run) == 1 else "".join(piece for piece, _, _ in run)
        if "://" not in joined and "www." not in joined.lower():
            for piece, start, end in run:
                block.add(piece, start, end - start == len(piece) and text.startswith(piece, start))
            return
        last = 0
        for url in _BARE_URL.finditer(joined):
            self._add_range(run, last, url.start())
            source_start = _run_source(run, url.start())
            source_end = _run_source(run, url.end() - 1) + 1
            block.elide("url", source_start, source_end, url.group(0))
            last = url.end()
        self._add_range(run, last, len(joined))

    def _add_range(self, run: list[tuple[str, int, int]], start: int, end: int) -> None:
        """Add ``joined[start:end]`` of a run, piece by piece."""
        if end <= start:
            return
        text = self.text
        offset = 0
        for piece, source_start, source_end in run:
            piece_end = offset + len(piece)
            lo, hi = max(start, offset), min(end, piece_end)
            if lo < hi:
                exact = source_end - source_start == len(piece) and text.startswith(
                    piece, source_start
                )
                source = source_start + (lo - offset) if exact else source_start
                self.block.add(piece[lo - offset : hi - offset], source, exact)
            offset = piece_end

    def _line_break(self, start: int, end: int) -> None:
        # A line break reads as a space; keep it as "\n" so prose lines follow the file.
        if self.image is not None:
            self.image[3].append("\n")
            return
        block = self.block
        if block is None:
            return
        if self.run:
            self._flush_run()
        if self.text[start] in "\r\n" and end > start:
            # A soft break's range is the break itself: "\n", "\r\n" or a lone "\r".
            at, after = start, end
        else:  # spaces or a backslash before it: the line index knows where the line ends
            line = self.index.position(start)[0]
            at, after = self.index.line_end(line), self.index.line_end(line, with_break=True)
        _push(block.segments, block.size, at, 1)
        block.parts.append("\n")
        block.size += 1
        if after > self.cursor:
            self.cursor = after

    def _code_span(self, content: str, start: int, end: int) -> None:
        if self.image is not None:
            self.image[3].append(self.text[start:end])  # alt text keeps its backticks
            return
        self._inline_block(start)
        if self.run:
            self._flush_run()
        at = self.text.find(content, start, end) if content else -1
        if at >= 0:
            self.block.elide("code", at, at + len(content), content)
        else:
            self.block.elide("code", start, end, content)
        if end > self.cursor:
            self.cursor = end

    def _inline_html(self, content: str, start: int, end: int) -> None:
        if start < self.html_until:
            return
        self._inline_block(start)
        if self.run:
            self._flush_run()
        if content.startswith("<!--"):
            comment = _COMMENT.match(self.text, start)
            if comment:
                end = max(end, comment.end())
                self.html_until = end
                self._add_comment(comment, standalone=False)
        self.block.elide("html", start, end, self.text[start:end])
        self.cursor = max(self.cursor, end)

    def _end_link(self, end: int) -> None:
        if self.link is None:
            return
        first_part, href, line, column = self.link
        self.link = None
        if self.autolink:
            self.autolink = False
        else:
            if self.text.startswith("[]", end):
                end += 2  # a collapsed reference, `[text][]`: its range stops before the `[]`
            # Step over the link destination so it is never mistaken for prose.
            if end > self.cursor:
                self.block.elide("url", self.cursor, end, href)
            text = "".join(self.block.parts[first_part:])  # the parts added since the start
            self.links.append(Link(href, text, line, column))
        self.cursor = max(self.cursor, end)

    def _end_image(self) -> None:
        if self.image is None:
            return
        start, end, src, alt = self.image
        self.image = None
        self.images.append(Image(src, "".join(alt), self.index.position(start)[0]))
        self.block.elide("image", start, end, self.text[start:end])
        self.cursor = max(self.cursor, end)

    # -- code and HTML blocks ------------------------------------------------------------

    def _end_code(self) -> None:
        info, fenced, start, end, parts = self.code
        self.code = None
        fence = _FENCE.match(self.text, start) if fenced else None
        last = end
        while last > start and self.text[last - 1] in "\r\n":
            last -= 1
        self.code_blocks.append(
            CodeBlock(
                info=info.strip(),
                content="".join(parts),
                line=self.index.position(start)[0],
                end_line=self.index.position(max(start, last - 1))[0],
                fenced=fenced,
                markup=fence.group(1) if fence else "",
            )
        )

    def _comments(self, html: str, search_from: int, standalone: bool) -> None:
        for match in _COMMENT.finditer(html):
            at = self.text.find(match.group(0), search_from)
            if at < 0:
                continue
            found = _COMMENT.match(self.text, at)
            if found:
                self._add_comment(found, standalone)

    def _add_comment(self, match: re.Match[str], standalone: bool) -> None:
        line, column = self.index.position(match.start())
        end_line = self.index.position(match.end())[0]
        self.comments.append(Comment(match.group(1), line, end_line, column, standalone))


def _run_source(run: list[tuple[str, int, int]], offset: int) -> int:
    """File offset of character ``offset`` of a run's joined text."""
    for piece, start, end in run:
        if offset < len(piece):
            exact = end - start == len(piece)
            return start + offset if exact else start
        offset -= len(piece)
    return run[-1][2]


def _push(segments: list[tuple[int, int, int]], prose: int, source: int, length: int) -> None:
    """Append a segment, merging it with the previous one when both runs are contiguous."""
    if segments:
        p, s, n = segments[-1]
        if p + n == prose and s + n == source:
            segments[-1] = (p, s, n + length)
            return
    segments.append((prose, source, length))
