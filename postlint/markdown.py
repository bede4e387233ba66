"""Markdown parsing (markdown-it-py) and the walk that turns tokens into the prose view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from postlint.lines import LineIndex
from postlint.prose import Elision, ProseBlock

_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]", re.I)
_MDX_ESM = re.compile(r"(?:import|export)\s")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


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
    tokens: list[Token]
    blocks: list[ProseBlock]
    code_blocks: list[CodeBlock]
    images: list[Image]
    comments: list[Comment]
    links: list[Link]
    thematic_breaks: list[int]  # file lines of `---`, `***`, `___` breaks


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    _silence_block_rule_logging()
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


class _NoDebugLog:
    """Stands in for the module loggers of markdown-it's block rules, which call
    ``LOGGER.debug(...)`` each time a rule is tried (about 600 times per post): a tenth of the
    parse time, for messages nobody reads (postlint never turns on debug logging)."""

    def debug(self, *args: object, **kwargs: object) -> None:
        pass


def _silence_block_rule_logging() -> None:
    import importlib
    import logging
    import pkgutil

    from markdown_it import rules_block

    for info in pkgutil.iter_modules(rules_block.__path__):
        module = importlib.import_module(f"{rules_block.__name__}.{info.name}")
        logger = getattr(module, "LOGGER", None)
        if isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG):
            module.LOGGER = _NoDebugLog()


def parse_body(text: str, body_offset: int, index: LineIndex, *, mdx: bool = False) -> ParsedBody:
    """Parse ``text[body_offset:]`` and map every token and prose character back to the file.

    With ``mdx``, top-level ``import``/``export`` statements are code, not prose.
    """
    body = text[body_offset:]
    line_offset = index.position(body_offset)[0] - 1 if body_offset else 0
    if body_offset and index.position(body_offset)[1] != 1:  # front matter closed at EOF
        line_offset += 1
    tokens = parser().parse(body)
    walker = _Walker(text, index, line_offset, mdx)
    walker.walk(tokens)
    return ParsedBody(
        tokens=tokens,
        blocks=walker.blocks,
        code_blocks=walker.code_blocks,
        images=walker.images,
        comments=walker.comments,
        links=walker.links,
        thematic_breaks=walker.breaks,
    )


class _Walker:
    def __init__(self, text: str, index: LineIndex, line_offset: int, mdx: bool = False) -> None:
        self.mdx = mdx
        self.text = text
        self.index = index
        self.line_offset = line_offset
        self.blocks: list[ProseBlock] = []
        self.code_blocks: list[CodeBlock] = []
        self.images: list[Image] = []
        self.comments: list[Comment] = []
        self.links: list[Link] = []
        self.breaks: list[int] = []

    def walk(self, tokens: list[Token]) -> None:
        blockquote = 0
        lists = 0
        kind, level = "paragraph", 0
        for token in tokens:
            if token.map is not None:
                token.map = [token.map[0] + self.line_offset, token.map[1] + self.line_offset]
            ttype = token.type
            if ttype == "blockquote_open":
                blockquote += 1
            elif ttype == "blockquote_close":
                blockquote -= 1
            elif ttype in ("bullet_list_open", "ordered_list_open"):
                lists += 1
            elif ttype in ("bullet_list_close", "ordered_list_close"):
                lists -= 1
            elif ttype == "heading_open":
                kind, level = "heading", int(token.tag[1:])
            elif ttype == "paragraph_open":
                kind, level = "paragraph", 0
            elif ttype in ("th_open", "td_open"):
                kind, level = "table_cell", 0
            elif ttype == "inline":
                self._inline(token, kind, level, blockquote, lists)
            elif ttype in ("fence", "code_block") and token.map:
                self.code_blocks.append(
                    CodeBlock(
                        info=token.info.strip(),
                        content=token.content,
                        line=token.map[0] + 1,
                        end_line=token.map[1],
                        fenced=ttype == "fence",
                        markup=token.markup,
                    )
                )
            elif ttype == "html_block" and token.map:
                self._html(token.content, self.index.line_start(token.map[0] + 1), standalone=True)
            elif ttype == "hr" and token.map:
                self.breaks.append(token.map[0] + 1)

    def _html(self, html: str, search_from: int, standalone: bool) -> None:
        for match in _COMMENT.finditer(html):
            at = self.text.find(match.group(0), search_from)
            if at < 0:
                at = search_from
            line, column = self.index.position(at)
            end_line = self.index.position(at + len(match.group(0)))[0]
            self.comments.append(Comment(match.group(1), line, end_line, column, standalone))

    def _inline(self, token: Token, kind: str, level: int, blockquote: int, lists: int) -> None:
        if not token.map:
            return
        if self.mdx and _MDX_ESM.match(token.content) and not (blockquote or lists):
            return
        first_line = token.map[0] + 1
        last_line = max(first_line, token.map[1])
        region_start = self.index.line_start(first_line)
        region_end = self.index.line_end(last_line)
        text = self.text
        cursor = region_start
        parts: list[str] = []
        segments: list[tuple[int, int, int]] = []
        elisions: list[Elision] = []
        size = 0
        in_autolink = False
        link_href = ""
        link_text_start = -1

        def add(content: str) -> None:
            nonlocal cursor, size
            if not content:
                return
            at = text.find(content, cursor, region_end)
            if at >= 0:
                _push(segments, size, at, len(content))
                cursor = at + len(content)
            else:
                # Escapes and entities (`\*`, `&amp;`) differ from their rendered text:
                # map character by character, never moving backwards.
                for i, char in enumerate(content):
                    found = text.find(char, cursor, min(region_end, cursor + 16))
                    if found >= 0:
                        cursor = found + 1
                        _push(segments, size + i, found, 1)
                    else:
                        _push(segments, size + i, max(region_start, cursor - 1), 1)
            parts.append(content)
            size += len(content)

        def skip(content: str, kind_: str) -> None:
            nonlocal cursor
            at = text.find(content, cursor, region_end) if content else -1
            start = at if at >= 0 else cursor
            end = start + len(content) if at >= 0 else cursor
            elisions.append(Elision(size, kind_, start, end, content))
            cursor = max(cursor, end)

        for child in token.children or ():
            ctype = child.type
            if ctype == "text":
                if in_autolink:
                    skip(child.content, "url")
                    continue
                content = child.content
                last = 0
                for url in _BARE_URL.finditer(content):
                    add(content[last : url.start()])
                    skip(url.group(0), "url")
                    last = url.end()
                add(content[last:])
            elif ctype in ("softbreak", "hardbreak"):
                # A line break reads as a space; keep it as "\n" so prose lines follow the file.
                # The break may be "\n", "\r\n" or a lone "\r": ask the line index, which
                # knows all three, rather than searching for "\n".
                line = self.index.position(cursor)[0]
                line_break = self.index.line_end(line)
                _push(segments, size, line_break, 1)
                cursor = max(cursor, self.index.line_end(line, with_break=True))
                parts.append("\n")
                size += 1
            elif ctype == "code_inline":
                skip(child.content, "code")
            elif ctype == "html_inline":
                if child.content.startswith("<!--"):
                    self._html(child.content, cursor, standalone=False)
                skip(child.content, "html")
            elif ctype == "image":
                src = str(child.attrs.get("src", ""))
                self.images.append(Image(src, child.content, self.index.position(cursor)[0]))
                start = text.find("![", cursor, region_end)
                end = _destination_end(text, start + 2, region_end) if start >= 0 else -1
                if end > start >= 0:
                    elisions.append(Elision(size, "image", start, end, text[start:end]))
                    cursor = end
                else:
                    skip(src, "image")
            elif ctype == "link_open":
                link_href = str(child.attrs.get("href", ""))
                if child.markup in ("autolink", "linkify"):
                    in_autolink = True
                link_text_start = size
                link_line, link_col = self.index.position(cursor)
            elif ctype == "link_close":
                if in_autolink:
                    in_autolink = False
                else:
                    # Step over the link destination so it is never mistaken for prose.
                    end = _destination_end(text, cursor, region_end)
                    if end > cursor:
                        elisions.append(Elision(size, "url", cursor, end, link_href))
                        cursor = end
                    link_text = "".join(parts)[link_text_start:]
                    self.links.append(Link(link_href, link_text, link_line, link_col))
        block_text = "".join(parts)
        if not block_text.strip():
            return
        self.blocks.append(
            ProseBlock(
                kind=kind,
                text=block_text,
                line=first_line,
                end_line=last_line,
                level=level,
                blockquote_depth=blockquote,
                list_depth=lists,
                segments=segments,
                elisions=elisions,
                source_start=segments[0][1] if segments else region_start,
                source_end=(segments[-1][1] + segments[-1][2]) if segments else region_end,
            )
        )


def _destination_end(text: str, at: int, limit: int) -> int:
    """End of the ``](url "title")``, ``][ref]`` or ``]`` that closes a link text at ``at``.

    ``at`` points into (or just past) the link text; the first ``]`` after it closes it.
    """
    bracket = text.find("]", at, limit)
    if bracket < 0:
        return -1
    if text.startswith("](", bracket):
        depth = 0
        for i in range(bracket + 2, limit):
            char = text[i]
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    return i + 1
                depth -= 1
        return -1
    if text.startswith("][", bracket):
        end = text.find("]", bracket + 2, limit)
        return end + 1 if end >= 0 else -1
    return bracket + 1


def _push(segments: list[tuple[int, int, int]], prose: int, source: int, length: int) -> None:
    """Append a segment, merging it with the previous one when both runs are contiguous."""
    if segments:
        p, s, n = segments[-1]
        if p + n == prose and s + n == source:
            segments[-1] = (p, s, n + length)
            return
    segments.append((prose, source, length))
