"""The shared engine of the phrase-based artifact rules.

A rule names its phrase families (data files in ``phrases/``); each family says where its
phrasings count (start of the body, end of the body, anywhere). The engine finds matching
sentences in the prose view (blockquotes, code and inline code are never seen), drops
quotations and mentions, groups neighbouring sentences into one finding and picks the fix:
whole leading or trailing blocks and whole artifact paragraphs are deleted safely; a sentence
inside a paragraph is deleted only with ``--unsafe-fixes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from postlint.document import Document
from postlint.model import Edit, Fix, Severity, Violation
from postlint.rule import Options, Rule

from .cues import ScoredKind
from .edits import delete_block, delete_leading, delete_sentences, delete_trailing
from .literals import INDEX
from .phrases import Family, family
from .residue import is_label_block
from .scope import (
    Scan,
    block_strings,
    excerpt_note,
    is_mention,
    leading_scans,
    post_strings,
    prose_lowered,
    quote,
    scans,
    text_fields,
    trailing_scans,
)

# How far into a block a start phrasing may be, and how many leading blocks may chain.
_LEADING_SENTENCES = 3
_LEADING_BLOCKS = 3
_TRAILING_BLOCKS = 3
_FIELD_SPLIT = re.compile(r"(?<=[.!?:])\s+")
_FIELD_SECTIONS = ("anywhere", "start", "end")  # where ``_field_match`` looks
_CLOSING_FAMILIES = ("postamble", "meta_note", "cues:postamble", "cues:meta_note")
_PIECE = re.compile(r"[.!?]+\s+")
# A letter's sign-off block at the very end ("Cheers,\nTom", "Thanks! — Ana").
_SIGN_OFF = re.compile(
    r"^(?:cheers|thanks|thank you|best|best wishes|all the best|regards|kind regards|warmly|"
    r"love|take care|until next time|see you soon|talk soon|bye for now|happy \w+ing)"
    r"[ \t]*[,!.]?[ \t]*(?:\n|[ \t]*[-–—]?[ \t]*)[\w .'-]{0,30}$",
    re.IGNORECASE,
)


@dataclass
class Hit:
    scan: Scan
    sentence: int  # index into scan.sentences
    phrase: str  # the matched words, for the message
    family: str
    report: bool = True  # False: extends a run (companion family) but is not reported
    # Block offset where a preamble ends inside its sentence ("Here's the post: We moved …").
    cut: int | None = None


class PhraseRule(Rule):
    """Base class: subclasses set ``families``, ``kind`` and the metadata of ``Rule``."""

    kind: ClassVar[str]  # named in every message, e.g. "leaked preamble"
    families: ClassVar[tuple[str, ...]]
    # Families whose start-of-body matches join this rule's leading run without being reported
    # by it (an agent's narration before the post is part of the preamble to delete).
    companions: ClassVar[tuple[str, ...]] = ()
    fix_what: ClassVar[str] = "artifact"
    can_fix: ClassVar[bool] = True
    # Say so when the finding is what sites show as the excerpt (first paragraph).
    excerpt_note: ClassVar[bool] = False
    # How many characters before a match may hold the word that makes it a mention (None: the
    # whole sentence). A slot is introduced right before it ("slots like [Your Name]").
    mention_window: ClassVar[int | None] = None
    severity = Severity.ERROR

    # --- entry point -------------------------------------------------------------------------
    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        yield from self.check_fields(doc)
        hits = self.hits(doc)
        if hits:
            yield from self.report(doc, hits)

    def hits(self, doc: Document) -> list[Hit]:
        """This rule's sentence matches in the body (cached per document)."""
        cache = doc.__dict__.setdefault("_artifact_cache", {})
        key = ("hits", type(self).__name__)
        if key not in cache:
            cache[key] = self.find(doc)
        return cache[key]

    # --- finding -------------------------------------------------------------------------------
    def find(self, doc: Document) -> list[Hit]:
        fams = [f for f in (family(n) for n in self.families) if _in_post(doc, f)]
        comps = [f for f in (family(n) for n in self.companions) if _in_post(doc, f)]
        if not fams:
            return []
        found: dict[tuple[int, int], Hit] = {}
        for fam in fams:
            if fam.patterns.get("anywhere") is not None:
                # Each block's strings are known from the post's one pass (literals.py); the
                # few the family may need that the post holds are tested first.
                gate = fam.gate("anywhere")
                if gate is not None:
                    gate = gate.intersection(post_strings(doc))
                # A block holds no string the post lacks: with none of the gate's, none passes.
                blocks = (
                    zip(scans(doc), block_strings(doc), strict=True) if gate is None or gate else ()
                )
                for scan, present in blocks:
                    if gate is not None and gate.isdisjoint(present):
                        continue
                    if fam.may_match_in_present("anywhere", present):
                        self._anywhere(fam, scan, found)
            self._leading(doc, fam, comps, found)
            self._trailing(doc, fam, comps, found)
        return sorted(found.values(), key=lambda h: (h.scan.block.index, h.sentence))

    def _anywhere(self, fam: Family, scan: Scan, found: dict) -> None:
        if fam.patterns.get("anywhere") is None:
            return
        # The block holds a keyword; only the sentences that hold one themselves can match, and
        # the keyword test is far cheaper than the family's alternation of phrasings.
        plain = not isinstance(fam, ScoredKind)
        gate = plain and len(scan.sentences) > 1
        # A sentence holding none of the literals of the family's lines cannot match any line;
        # the lines' own test, unless the block has a letter whose case folds are not plain.
        lines_gate = plain and scan.text.isascii()
        for index in range(len(scan.sentences)):
            if (scan.block.index, index) in found:
                continue
            if gate and not fam.may_match_present(scan.strings_of(index)):
                continue
            if lines_gate and not fam.may_match_lines("anywhere", scan.strings_of(index)):
                continue
            match = self._sentence_match(fam, "anywhere", scan, index)
            if match:
                found[(scan.block.index, index)] = Hit(scan, index, match[0], fam.name)

    def _sentence_match(
        self, fam: Family, section: str, scan: Scan, index: int, context: tuple[str, ...] = ()
    ) -> tuple[str, int, int] | None:
        """(phrase, start, end) of a match in the sentence, offsets relative to it. ``context``
        (scored cue families only) names what surrounds the block, e.g. a ``---`` after it."""
        sentence = scan.sentences[index]
        text = scan.text[sentence.start : sentence.end]
        scored = isinstance(fam, ScoredKind)
        # What no line of a part may match, no piece of the sentence does (an ASCII one: the
        # literal test of the lines is exact there).
        strings = None if scored or not text.isascii() else scan.search_strings_of(index)
        for part in (section, "anywhere") if section != "anywhere" else ("anywhere",):
            if scored and part != section:
                continue  # a score already weighs the zone: no second try with another factor
            if strings is not None and not fam.may_match_lines(part, strings):
                continue
            # Headings are one "sentence": try a start phrasing after each sentence end too.
            offsets = _piece_starts(text) if part == "start" and not scored else (0,)
            for offset in offsets:
                if offset:
                    piece, present = text[offset:], None
                else:  # the whole sentence, whose strings are known
                    piece, present = text, scan.search_strings_of(index)
                match = (
                    fam.search(part, piece, context, present)
                    if scored
                    else fam.search(part, piece, present=present)
                )
                if match is None:
                    continue
                at = offset + match.start()
                if not is_mention(text, 0, at, self.mention_window):
                    return match.group(0), at, offset + match.end()
        return None

    def _leading(self, doc: Document, fam: Family, comps: list[Family], found: dict) -> None:
        if isinstance(fam, ScoredKind) and fam.zones.get("heading"):
            self._first_heading(doc, fam, found)
        if fam.patterns.get("start") is None:
            return
        for count, scan in enumerate(leading_scans(doc)):
            if count >= _LEADING_BLOCKS or not scan.sentences:
                return
            if count == 0 and is_label_block(scan):
                continue  # "Thought for 9 seconds" over the hand-off: AI005 reports the label
            context = ("break",) if _before_break(doc, scan) else ()
            run: list[Hit] = []
            index = -1
            while index + 1 < min(len(scan.sentences), _LEADING_SENTENCES):
                index += 1
                # A sentence that goes on a run of artifact sentences needs less evidence.
                more = ("run",) if run and run[-1].report else ()
                match = self._sentence_match(fam, "start", scan, index, context + more)
                if match:
                    hit = Hit(scan, index, match[0], fam.name, cut=_cut(scan, index, match[2]))
                    run.append(hit)
                    if hit.cut is not None:
                        break
                    continue
                pair = self._pair_match(fam, "start", scan, index, context + more)
                if pair:
                    run.append(Hit(scan, index, pair, fam.name))
                    index += 1
                    hit = Hit(scan, index, pair, fam.name, cut=_cut(scan, index, 0))
                    run.append(hit)
                    if hit.cut is not None:
                        break
                    continue
                companion = self._companion_match(comps, scan, index)
                if companion is None:
                    break
                run.append(Hit(scan, index, companion, "companion", report=False))
            if any(h.report for h in run):
                for hit in run:
                    found.setdefault((scan.block.index, hit.sentence), hit)
            if (
                len(run) < len(scan.sentences)
                or run[-1].cut is not None
                or not any(h.report for h in run)
            ):
                return

    def _companion_match(self, comps: list[Family], scan: Scan, index: int) -> str | None:
        """The phrase of the first companion family matching the sentence anywhere."""
        present = scan.strings_of(index)
        for comp in comps:
            if comp.may_match_present(present) and (
                m := self._sentence_match(comp, "anywhere", scan, index)
            ):
                return m[0]
        return None

    def _pair_match(
        self, fam: Family, section: str, scan: Scan, index: int, context: tuple[str, ...] = ()
    ) -> str | None:
        """A scored kind's match over two neighbouring sentences (``index`` and the next): an
        acknowledgement and its hand-off often come as two short sentences ("Perfect, that's
        plenty to go on. Drafting it now.")."""
        if not isinstance(fam, ScoredKind) or index + 1 >= len(scan.sentences):
            return None
        first, second = scan.sentences[index], scan.sentences[index + 1]
        parts = (scan.text[first.start : first.end], scan.text[second.start : second.end])
        first_strings = scan.search_strings_of(index)
        held = None if first_strings is None else (first_strings, scan.strings_of(index + 1))
        match = fam.search_parts(section, parts, context, held)
        if match is None or is_mention(match.text, 0, match.start()):
            return None
        return match.group(0)

    def _first_heading(self, doc: Document, fam: ScoredKind, found: dict) -> None:
        """A hand-off written into the title ("# Sure! Here's the post you asked for: …")."""
        # The title, and a subheading right under it: "# Five Walks" then "## Here's the
        # revised version, as requested" is the hand-off pasted between the title and the text.
        for scan in scans(doc)[:2]:
            if scan.block.kind != "heading" or not scan.sentences:
                return
            match = self._sentence_match(fam, "heading", scan, 0)
            if match:
                hit = Hit(scan, 0, match[0], fam.name, cut=_cut(scan, 0, match[2]))
                found.setdefault((scan.block.index, 0), hit)
                return

    def _trailing(self, doc: Document, fam: Family, comps: list[Family], found: dict) -> None:
        if fam.patterns.get("end") is None:
            return
        scored = isinstance(fam, ScoredKind)
        count = 0
        for scan in trailing_scans(doc):
            if count >= _TRAILING_BLOCKS or not scan.sentences:
                return
            if _SIGN_OFF.match(scan.text):
                continue  # "Cheers, Tom" after the offer: the offer is still the last word
            count += 1
            matched = 0
            for index in range(len(scan.sentences) - 1, -1, -1):
                key = (scan.block.index, index)
                # A companion found by another family may still close a scored pair.
                if key in found and (found[key].report or not scored):
                    matched += 1
                    continue
                if not any(
                    c.isalnum()
                    for c in scan.text[scan.sentences[index].start : scan.sentences[index].end]
                ):
                    found.setdefault(key, Hit(scan, index, "", "companion", report=False))
                    matched += 1
                    continue  # an emoji after the question mark
                match = self._sentence_match(fam, "end", scan, index)
                if match:
                    found[key] = Hit(scan, index, match[0], fam.name)
                    matched += 1
                    continue
                pair = self._pair_match(fam, "end", scan, index - 1) if index else None
                if pair and (scan.block.index, index - 1) not in found:
                    found[key] = Hit(scan, index, pair, fam.name)
                    found[(scan.block.index, index - 1)] = Hit(scan, index - 1, pair, fam.name)
                    matched += 1
                    continue
                # A companion ("Just ask.") joins the offer before it and is deleted with it,
                # but is no finding of its own.
                companion = self._companion_match(comps, scan, index)
                if companion is None:
                    break
                found[key] = Hit(scan, index, companion, "companion", report=False)
                matched += 1
            if matched < len(scan.sentences) and not _closing_note(scan):
                # Another kind of closing leftover (a word count after the offer) does not end
                # the zone; anything else does.
                return

    # --- reporting -----------------------------------------------------------------------------
    def report(self, doc: Document, hits: list[Hit]) -> Iterator[Violation]:
        fully = _fully_matched_blocks(hits)
        leading = _leading_chain(doc, fully)
        for run in _runs(hits):
            if not any(h.report for h in run):
                continue
            scan = run[0].scan
            block = scan.block
            first, last = scan.sentences[run[0].sentence], scan.sentences[run[-1].sentence]
            end = run[-1].cut if run[-1].cut is not None else last.end
            # Quote the artifact as written: the whole run when it starts the body.
            phrase = (
                scan.text[first.start : end]
                if not run[0].report
                else next(h.phrase for h in run if h.report)
            )
            message = self.message(doc, scan, run, phrase)
            fix = self.fix_for(doc, scan, run, fully, leading) if self.can_fix else None
            yield self.at_prose(doc, block, first.start, end, message, fix=fix)

    def message(self, doc: Document, scan: Scan, run: list[Hit], phrase: str) -> str:
        note = ""
        if self.excerpt_note and run[0].sentence == 0:
            note = excerpt_note(doc, scan.block)
        return f'{self.kind}: "{quote(phrase)}"{self.explain(run)}{note}'

    def explain(self, run: list[Hit]) -> str:
        """A short reason after the quoted phrase (subclasses override)."""
        return ""

    def fix_for(
        self, doc: Document, scan: Scan, run: list[Hit], fully: set[int], leading: set[int]
    ) -> Fix | None:
        block = scan.block
        sentences = scan.sentences
        if run[-1].cut is not None:
            return _delete_to_cut(doc, scan, run, self.fix_what, block.index in leading)
        whole = len(run) == len(sentences)
        if whole and block.index in leading:
            return delete_leading(doc, block, block, self.fix_what)
        if whole and _is_last_content(doc, block):
            return delete_trailing(doc, block, self.fix_what)
        if whole:
            return delete_block(doc, block, self.fix_what)
        after = run[-1].sentence + 1
        following = sentences[after] if after < len(sentences) else None
        fix = delete_sentences(doc, [sentences[h.sentence] for h in run], following, self.fix_what)
        at_edge = (run[0].sentence == 0 and block.index in leading) or (
            following is None and _is_last_content(doc, block)
        )
        return fix if at_edge else Fix(fix.edits, fix.description, safe=False)

    # --- front matter ------------------------------------------------------------------------
    def check_fields(self, doc: Document) -> Iterator[Violation]:
        fields = list(text_fields(doc))
        if not fields:
            return
        for key, value in fields:
            lowered = value.lower()
            for name in self.families:
                fam = family(name)
                if not fam.may_match(lowered):
                    continue
                match = _field_match(fam, value)
                if match is not None:
                    yield self.key_violation(
                        doc, key, f'{self.kind} in front matter `{key}`: "{quote(match)}"'
                    )
                    break


def _field_match(fam: Family, value: str) -> str | None:
    if (
        isinstance(fam, ScoredKind)
        and value.isascii()  # then a piece lowered is a piece of the value lowered
        and not fam.may_match_sections(INDEX.present(value.lower()), _FIELD_SECTIONS)
    ):
        return None  # no piece of the value holds cues enough, in any section tried below
    match = fam.search("anywhere", value)
    if match and not is_mention(value, 0, match.start()):
        return match.group(0)
    pieces = _FIELD_SPLIT.split(value.strip())
    for piece in pieces[:_LEADING_SENTENCES]:
        match = fam.search("start", piece)
        if match:
            return match.group(0)
    if isinstance(fam, ScoredKind) and len(pieces) > 1:
        # An acknowledgement and its hand-off as two pieces: "Certainly! Here's a title for …:"
        pair = fam.search_parts("start", (pieces[0], pieces[1]))
        if pair and not is_mention(pair.text, 0, pair.start()):
            return pair.group(0)
    for piece in pieces[-2:]:
        match = fam.search("end", piece)
        if match:
            return match.group(0)
    return None


def _in_post(doc: Document, fam: Family) -> bool:
    return fam.may_match(prose_lowered(doc))


def _before_break(doc: Document, scan: Scan) -> bool:
    """The block is followed (after blank lines) by a ``---`` thematic break."""
    breaks = doc.thematic_breaks
    if not breaks:
        return False
    line = scan.block.end_line + 1
    while line <= doc.index.line_count and not doc.index.line_text(line).strip():
        line += 1
    return line in breaks


def _closing_note(scan: Scan) -> bool:
    """A block that is wholly a closing leftover of the end-zone kinds (offer or meta note)."""
    # Every rule with an end zone asks this of the same last blocks: answer once per block.
    if scan.closing is None:
        scan.closing = bool(scan.sentences) and all(
            _closing_sentence(
                scan.text[s.start : s.end], scan.strings_of(index), scan.search_strings_of(index)
            )
            for index, s in enumerate(scan.sentences)
        )
    return scan.closing


def _closing_sentence(text: str, gate: frozenset[str], present: frozenset[str] | None) -> bool:
    """``gate``: the registered strings (``literals.INDEX``) of the sentence's slice of the
    block lowered; ``present``: those of ``text`` lowered (None: not known)."""
    for name in _CLOSING_FAMILIES:
        fam = family(name)
        if isinstance(fam, ScoredKind):
            if any(fam.search(section, text, (), present) for section in ("end", "anywhere")):
                return True
        elif fam.may_match_present(gate) and any(
            fam.search(section, text, present=present) for section in ("end", "anywhere")
        ):
            return True
    return False


def _piece_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _PIECE.finditer(text))][:_LEADING_SENTENCES]


def _cut(scan: Scan, index: int, match_end: int) -> int | None:
    """Where a preamble that ends with a colon inside its sentence stops, if text follows.
    A colon before the end of the match is inside the preamble ("Here you are: a warm
    write-up on tomatoes."), so only one at or after its last character counts."""
    sentence = scan.sentences[index]
    text = scan.text[sentence.start : sentence.end]
    colon = text.find(":", max(0, match_end - 1))
    if colon < 0 or not text[colon + 1 :].strip():
        return None
    return sentence.start + colon + 1


def _delete_to_cut(doc: Document, scan: Scan, run: list[Hit], what: str, leading: bool) -> Fix:
    block = scan.block
    end = run[-1].cut or 0
    while end < len(block.text) and block.text[end] in " \t\n":
        end += 1
    start = block.source_offset(scan.sentences[run[0].sentence].start)
    return Fix((Edit(start, block.source_offset(end), ""),), f"delete the {what}", safe=leading)


def _runs(hits: list[Hit]) -> Iterator[list[Hit]]:
    run: list[Hit] = []
    for hit in hits:
        if run and (hit.scan is not run[-1].scan or hit.sentence != run[-1].sentence + 1):
            yield run
            run = []
        run.append(hit)
    if run:
        yield run


def _fully_matched_blocks(hits: list[Hit]) -> set[int]:
    count: dict[int, int] = {}
    total: dict[int, int] = {}
    for hit in hits:
        if hit.cut is not None:
            continue
        count[hit.scan.block.index] = count.get(hit.scan.block.index, 0) + 1
        total[hit.scan.block.index] = len(hit.scan.sentences)
    return {b for b, n in count.items() if n == total[b]}


def _leading_chain(doc: Document, fully: set[int]) -> set[int]:
    """Blocks that start the body: the first one, and each next one while all before it are
    wholly artifacts."""
    chain: set[int] = set()
    for scan in leading_scans(doc):
        chain.add(scan.block.index)
        if scan.block.index not in fully:
            break
    return chain


def _is_last_content(doc: Document, block) -> bool:
    """Nothing but blank lines follows the block in the file."""
    return not doc.text[doc.index.line_end(block.end_line) :].strip()
