"""Where drafting artifacts are looked for: the start and end of the body, the prose in
between, and the front-matter text fields, minus quotations and mentions.

A leaked preamble sits at the start of the body (or right after the first heading); a closing
offer sits at its end. The same words in the middle of a post, in a blockquote or in quotes are
usually someone writing *about* assistant text, which a linter must leave alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from postlint.document import Document
from postlint.prose import ProseBlock, Sentence

from .literals import INDEX
from .phrases import fold_quotes

TEXT_FIELDS = ("title", "subtitle", "description", "excerpt", "summary")
# Keys whose presence means the site does not derive the excerpt from the first paragraph.
EXCERPT_KEYS = ("description", "excerpt", "summary")
_BREAK_LINE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+)\s*$")
# Words that introduce a quotation or a mention within the same sentence: "the model replied
# Sure, here's the post", "phrases like As an AI language model".
_MENTION = re.compile(
    r"\b(?:says?|said|saying|writes?|wrote|written(?!\s+by\b)|repl(?:y|ies|ied)|respond(?:s|ed)?|"
    r"answer(?:s|ed)?|"
    # "the reply opens with …", not "the café opens on TK"
    r"(?:begins?|began|beginning|starts?|started|starting|ends?|ended|ending|opens?|opened)"
    r"\s+(?:with|by)|"
    r"phrases?|lines?|like|such as|called|output(?:s|ted)?|prints?|printed|"
    r"generat(?:es|ed)|contain(?:s|ed|ing)?|paste[sd]?|quot(?:es?|ed)|e\.g\.|"
    r"sentences?|boilerplate|refuses?|flags?|catch(?:es)?|detects?)\b",
    re.IGNORECASE,
)


# Comment shortcodes of Hugo and Liquid: what is inside is never rendered.
_HIDDEN = re.compile(
    r"\{\{[<%]\s*comment\s*[%>]\}\}.*?\{\{[<%]\s*/comment\s*[%>]\}\}"
    r"|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}",
    re.S,
)


@dataclass(slots=True)
class Scan:
    """One prose block prepared for phrase matching: quotes folded, sentences known."""

    block: ProseBlock
    text: str  # block.text with curly quotes folded (same offsets)
    lowered: str
    sentences: list[Sentence]
    # Whether the block is wholly a closing leftover (base._closing_note), once known.
    closing: bool | None = None
    # Where ``lowered`` starts in the post's lowered prose (``prose_lowered``), once known.
    offset: int = -1
    post: str = ""
    # The registered strings (``literals.INDEX``) of each sentence, as asked for.
    strings: list[frozenset[str] | None] | None = None

    def strings_of(self, index: int) -> frozenset[str]:
        """``INDEX.present`` of sentence ``index``'s slice of ``lowered``: every family and
        rule asks about the same sentences, so each is answered once, from the post's pass."""
        strings = self.strings
        if strings is None:
            strings = self.strings = [None] * len(self.sentences)  # type: ignore[list-item]
        present = strings[index]
        if present is None:
            sentence = self.sentences[index]
            if self.offset < 0:  # the post's pass has not run: ask about the sentence
                present = INDEX.present(self.lowered[sentence.start : sentence.end])
            else:
                at = self.offset
                present = INDEX.present_at(self.post, at + sentence.start, at + sentence.end)
            strings[index] = present
        return present

    def search_strings_of(self, index: int) -> frozenset[str] | None:
        """``strings_of`` when they are also the strings of the sentence's text lowered (what
        a family's search works out itself), else None: lowering "İ" gives two characters,
        the only one that does, so then the slices of ``lowered`` are shifted."""
        return self.strings_of(index) if len(self.lowered) == len(self.text) else None


def _cache(doc: Document) -> dict:
    return doc.__dict__.setdefault("_artifact_cache", {})


def scans(doc: Document) -> list[Scan]:
    """Prose blocks outside blockquotes, each with its sentences (computed once per doc)."""
    cache = _cache(doc)
    if "scans" not in cache:
        hidden = _hidden_spans(doc)
        # Most posts have no curly quote to fold: the prose has none unless the file has one
        # or spells one as an entity or character reference ("&rsquo;", "&#8217;").
        fold = "&" in doc.text or _has_curly_quotes(doc.text)
        cache["scans"] = [
            Scan(b, text := fold_quotes(b.text) if fold else b.text, text.lower(), b.sentences)
            for b in doc.blocks
            if not b.blockquote_depth
            and not (hidden and any(start <= b.source_start < end for start, end in hidden))
        ]
    return cache["scans"]


def _has_curly_quotes(text: str) -> bool:
    return "\u2019" in text or "\u201c" in text or "\u2018" in text or "\u201d" in text


def _hidden_spans(doc: Document) -> list[tuple[int, int]]:
    if "comment" not in doc.text:
        return []
    return [m.span() for m in _HIDDEN.finditer(doc.text, doc.body_offset)]


def prose_lowered(doc: Document) -> str:
    """All scanned prose, lowercased: the text family pre-checks run against."""
    cache = _cache(doc)
    if "lowered" not in cache:
        lowered = cache["lowered"] = "\n\n".join(s.lowered for s in scans(doc))
        # One pass over the whole prose answers the literal pre-checks of every block the
        # rules will ask about, and of every sentence (``Scan.strings_of``, by position).
        pieces: dict[str, tuple[str, int, int]] = {}
        blocks: list[tuple[str, int, int]] = []
        start = 0
        for scan in scans(doc):
            text = scan.lowered
            end = start + len(text)
            pieces[text] = (lowered, start, end)
            blocks.append((text, start, end))
            scan.offset, scan.post = start, lowered
            start = end + 2
        INDEX.seed_pieces(lowered, pieces)
        cache["blocks"] = blocks
    return cache["lowered"]


def block_strings(doc: Document) -> list[frozenset[str]]:
    """The registered strings (``literals.INDEX``) each block of ``scans`` holds: the
    pre-check every family runs on every block, looked up once per post."""
    cache = _cache(doc)
    if "block-strings" not in cache:
        lowered = prose_lowered(doc)  # one pass over the whole prose answers for its blocks
        cache["block-strings"] = INDEX.present_in_parts(lowered, cache["blocks"])
    return cache["block-strings"]


def post_strings(doc: Document) -> frozenset[str]:
    """The registered strings (``literals.INDEX``) the whole scanned prose holds."""
    cache = _cache(doc)
    if "post-strings" not in cache:
        cache["post-strings"] = INDEX.present(prose_lowered(doc))
    return cache["post-strings"]


def is_setext(doc: Document, block: ProseBlock) -> bool:
    """A heading made by underlining: `Here it is:` followed by `---` parses as one."""
    if block.kind != "heading":
        return False
    return not doc.index.line_text(block.line).lstrip().startswith("#")


def leading_scans(doc: Document) -> Iterator[Scan]:
    """Blocks at the start of the body, in order: ATX headings before the first paragraph are
    stepped over (a preamble may follow the title); a setext heading counts as a paragraph."""
    seen_text = False
    for scan in scans(doc):
        block = scan.block
        if block.kind == "heading" and not is_setext(doc, block):
            if seen_text:
                return
            continue
        if block.kind == "table_cell":
            return
        seen_text = True
        yield scan


def trailing_scans(doc: Document) -> Iterator[Scan]:
    """Blocks at the end of the body, last first (headings and tables end the zone)."""
    for scan in reversed(scans(doc)):
        if scan.block.kind != "paragraph":
            return
        yield scan


def is_mention(text: str, sentence_start: int, start: int, window: int | None = None) -> bool:
    """True when ``text[start:]`` is quoted or introduced as a quotation in its sentence; with
    ``window``, only words that close before it introduce one ("templates with slots like
    [Your Name]", not "a few lines about yourself to [EMAIL ADDRESS]")."""
    before = text[sentence_start:start]
    if before.count('"') % 2 == 1:
        return True
    if start > 0 and text[start - 1] == "'" and (start < 2 or not text[start - 2].isalnum()):
        return True
    if window is not None:
        before = before[-window:]
    return bool(_MENTION.search(before))


def text_fields(doc: Document) -> list[tuple[str, str]]:
    """(key, value) of the front-matter text fields readers see on index pages and in feeds
    (once per document: every artifact rule reads them)."""
    cache = _cache(doc)
    if "fields" not in cache:
        # The literal index starts afresh with the post's prose: start it before the fields
        # are asked about, so that their answers are kept for every rule.
        prose_lowered(doc)
        meta = doc.meta
        cache["fields"] = [
            (key, fold_quotes(value))
            for key in TEXT_FIELDS
            if isinstance(value := meta.get(key), str) and value.strip()
        ]
    return cache["fields"]


def excerpt_note(doc: Document, block: ProseBlock) -> str:
    """What to add to a message about the first paragraph when sites show it as the excerpt."""
    if any(isinstance(doc.meta.get(k), str) and doc.meta.get(k) for k in EXCERPT_KEYS):
        return ""
    first = next((s.block for s in scans(doc) if s.block.kind == "paragraph"), None)
    if first is not block:
        return ""
    return (
        "; the post has no description or excerpt, so sites that derive the excerpt from the "
        "first paragraph show this on the index page"
    )


def quote(text: str, limit: int = 80) -> str:
    """A phrase for a message: one line, shortened with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
