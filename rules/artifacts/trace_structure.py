"""Agent traces found by their shape rather than their wording (AI002).

Agents narrate in endlessly new words but in few shapes, each a phrase family in ``phrases/``:

- ``trace_access`` + ``trace_consequence``: a source the writer failed to reach *and* what that
  did to the text ("The product pages returned a 403 error, so the prices below are
  approximate"); either alone is ordinary prose ("the server returned a 403, so we added a
  token");
- ``trace_tool``: the syntax of tool calls and status lines ("→ web_search(…) · 8 results ·
  opened 3", "Reading `src/app.ts`… ok", "Step 3/5: drafting the … section");
- ``trace_react``: a ReAct label with an agent's content after it ("Thought: the user wants …");
  two different labels in one paragraph or one post are a transcript on their own;
- ``trace_process``: the writer's progress through parts of the text ("I'll proceed with the
  conclusion now that the main sections are written");
- ``trace_status``: a short paragraph or list item of its own that opens like an agent's status
  line (a UI glyph, a call, a label such as "Status:", a participle such as "Searching") and
  carries agent content (``trace_status_object``, ``_token``, ``_pace``): "Status: fetched 6 of 8
  URLs", not "Plan: catch the 7:10 ferry";
- ``trace_note``: a first-person research note left for the prompter ("Note from my research:",
  "(couldn't verify this; the dataset wouldn't load for me)").

Only paragraphs of the prose view are read (never code, inline code on its own, blockquotes or
quotations). Each finding is a ``Hit`` on a sentence, so ``PhraseRule`` reports, groups and fixes
it like any phrase match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.document import Document

from .base import Hit
from .phrases import Family, family, folds_plainly
from .scope import Scan, block_strings, is_mention, prose_lowered, scans

ACCESS = "trace_access"
CONSEQUENCE = "trace_consequence"
TOOL = "trace_tool"
REACT = "trace_react"
PROCESS = "trace_process"
STATUS = "trace_status"
NOTE = "trace_note"
OBJECT = "trace_status_object"
TOKEN = "trace_status_token"
PACE = "trace_status_pace"
RESEARCH = "trace_status_research"
# An offer to the prompter ("Next: want me to add a section?") is AI003's postamble, never a
# status line: one sentence, one finding.
OFFER = "postamble"
# Where ``_shape`` looks (``trace_access`` has ``[anywhere]`` lines only).
_SHAPE_SECTIONS = ("start", "anywhere")
# A label's object needs this many words after the label: "Status: draft." is a page's state.
_LABEL_WORDS = 3

# Why each shape is a trace, appended to the message after the quoted phrase.
REASONS = {
    ACCESS: " (a source the writer could not reach, and what that did to the text)",
    TOOL: " (the syntax of a tool call or an agent's status line)",
    REACT: " (a line of an agent's Thought/Action/Observation transcript)",
    PROCESS: " (the writer narrating its progress through the parts of the post)",
    STATUS: " (an agent's status line: a tool, a label or a step with what it is working on)",
    NOTE: " (a note the writer left about its own research)",
}
# A status line is short and stands alone: a paragraph or list item of at most this many words.
_STATUS_WORDS = 25
# "you"/"your" outside quotes: a how-to's step ("Next step: write your intro"), not an agent's.
_READER = re.compile(r"\byou(?:r|rs|'re|'ll|'ve|'d)?\b", re.I)
_QUOTED = re.compile(r'"[^"\n]*"')
# Glyphs only agent UIs print (not a person's bullets • → ✓): with one, any lead is a status
# line ("🔍 Searching: budget espresso grinders").
_AGENT_GLYPHS = frozenset("⏺⎿🔍🔎⏳⌛⚙🛠")

# How many prose blocks apart two different ReAct labels still make one transcript: 0, the
# same paragraph ("Thought: … Action: …"); a lab note's labels sit paragraphs apart.
_NEAR = 0
# A tool's bare answer after its status line ("Opening `notes.md`... done.").
_STATUS_WORD = re.compile(r"^(?:ok|okay|done|found|loaded|success|ready)\W*$", re.I)
_LABEL = re.compile(
    r"(?:^|\n)[ \t]*(thought|action input|action|observation|final answer)\s*:", re.I
)


def structural_hits(doc: Document) -> list[Hit]:
    """Every sentence of the body that has the shape of an agent trace."""
    lowered = prose_lowered(doc)
    shapes = (ACCESS, TOOL, REACT, PROCESS, STATUS, NOTE)
    possible = [f for f in map(family, shapes) if f.may_match(lowered)]
    if not possible:
        return []
    lead = family(STATUS)
    status_possible = lead.patterns["start"] is not None and any(f.name == STATUS for f in possible)
    others = [f for f in possible if f.name != STATUS]
    # Most blocks hold no keyword of any shape: one test for all of them (a family without
    # keywords may match anywhere, so then every block asks each family).
    keywords = (
        frozenset().union(*(f.keywords for f in others))
        if all(f.keywords for f in others)
        else None
    )
    found: dict[tuple[int, int], Hit] = {}
    labelled: list[tuple[Scan, int, str]] = []  # ReAct labels: (scan, sentence, label)
    for scan, present in zip(scans(doc), block_strings(doc), strict=True):
        if scan.block.kind != "paragraph" or not scan.sentences:
            continue
        # A status line is short, and its lead is tried at the block's start only: one anchored
        # match is cheaper than the keyword pre-check, which then runs for the other shapes.
        status = status_possible and scan.block.word_count <= _STATUS_WORDS
        if keywords is not None and keywords.isdisjoint(present):
            fams = []
        else:
            fams = [f for f in others if f.may_match_present(present)]
        # A sentence's strings are those of its slice of the block, so a shape none of whose
        # lines' literals the block holds matches no sentence that is matched with its strings
        # (one without inline code written back, in a block without special case folds).
        plain = bool(fams) and folds_plainly(scan.text)
        if plain and not any(e.kind == "code" for e in scan.block.elisions):
            fams = [f for f in fams if f.name == REACT or _may_shape(f, present)]
        if not fams and not status:
            continue
        texts = [_with_code(scan, s.start, s.end) for s in scan.sentences] if fams else []
        for index, (text, code) in enumerate(texts):
            # The sentence's strings, unless inline code was written back into its text.
            strings = None if code else scan.search_strings_of(index)
            if any(f.name == REACT for f in fams):
                labelled.extend((scan, index, label) for label in _labels(text))
            if (scan.block.index, index) in found:
                continue
            for fam in fams:
                if (
                    plain
                    and strings is not None
                    and fam.name != REACT
                    and not _may_shape(fam, strings)
                ):
                    continue  # the same test the shape's own matching makes, line by line
                if fam.name == ACCESS:
                    _access(scan, index, texts, found)
                elif fam.name == REACT:
                    phrase = _react_content(fam, text, strings)
                    if phrase:
                        found[(scan.block.index, index)] = Hit(scan, index, phrase, REACT)
                else:
                    phrase = _outside_code(fam, text, code, strings)
                    if phrase:
                        found[(scan.block.index, index)] = Hit(scan, index, phrase, fam.name)
                        _status_answer(scan, index, texts, fam, found)
                if (scan.block.index, index) in found:
                    break
        # After the other shapes, whose reasons are more precise ("a tool call").
        if status and (scan.block.index, 0) not in found:
            _status(scan, found, lead, present)
    _transcripts(labelled, found)
    return sorted(found.values(), key=lambda h: (h.scan.block.index, h.sentence))


def _may_shape(fam: Family, present: frozenset[str]) -> bool:
    """Whether ``_shape`` (or, for ``trace_access``, its search) may find a match in a text
    without special case folds whose strings are ``present``."""
    gate = fam.line_gate(_SHAPE_SECTIONS)
    return gate is None or not gate.isdisjoint(present)


def _with_code(scan: Scan, start: int, end: int) -> tuple[str, list[tuple[int, int]]]:
    """The text from ``start`` to ``end`` of the block with its inline code written back as
    `content`, and the spans of that code: a trace's shape may run around a path ("Reading
    `src/app.ts`… ok")."""
    text = scan.text[start:end]
    inside = [e for e in scan.block.elisions if e.kind == "code" and start <= e.prose_offset <= end]
    if not inside:
        return text, []
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    last = 0
    length = 0
    for elision in inside:
        cut = elision.prose_offset - start
        parts.append(text[last:cut])
        length += cut - last
        code = f"`{elision.content}`"
        parts.append(code)
        spans.append((length, length + len(code)))
        length += len(code)
        last = cut
    parts.append(text[last:])
    return "".join(parts), spans


def _shape(
    fam: Family, text: str, present: frozenset[str] | None = None
) -> Iterator[re.Match[str]]:
    """Matches of a shape family: its ``[start]`` lines at the start of the text only (one
    cheap attempt), its ``[anywhere]`` lines anywhere. ``present``: the strings of the
    sentence the text is a piece of (None: not known, e.g. inline code was written back)."""
    if match := fam.match("start", text, present):
        yield match
    yield from fam.finditer("anywhere", text, present)


def _outside_code(
    fam: Family, text: str, code: list[tuple[int, int]], present: frozenset[str] | None
) -> str | None:
    for match in _shape(fam, text, present):
        start = match.start()
        if any(a <= start < b for a, b in code) or is_mention(text, 0, start):
            continue
        return text.strip() if fam.name in (TOOL, NOTE) else match.group(0).strip()
    return None


def _status(scan: Scan, found: dict, lead: Family, present: frozenset[str]) -> None:
    """A short paragraph or list item that is an agent's status line as a whole: the first
    sentence is reported, the rest ("Continuing with draft.") goes with it. ``lead``:
    ``trace_status``, whose ``[start]`` lines are the leads; ``present``: the block's strings."""
    # Cheap: no code written back, and only the leads whose literals the block holds.
    if lead.match("start", scan.text.lstrip(), present) is None:
        return
    text = _with_code(scan, 0, len(scan.text))[0].strip()
    if not _is_status_line(text):
        return
    found[(scan.block.index, 0)] = Hit(scan, 0, text, STATUS)
    for index in range(1, len(scan.sentences)):
        found.setdefault((scan.block.index, index), Hit(scan, index, text, STATUS, report=False))


def _is_status_line(text: str) -> bool:
    """A lead of ``trace_status`` with what its kind needs after it (see that file)."""
    lead = family(STATUS).patterns["start"]
    assert lead is not None
    match = lead.match(text)
    if match is None:
        return False
    head, rest = match.group(0), text[match.end() :]
    if not any(c.isalnum() for c in head):  # a glyph: the line after it may have its own lead
        inner = lead.match(rest)
        if inner is None or not any(c.isalnum() for c in inner.group(0)):
            return _has(TOKEN, rest) or (_has(PACE, rest) and _has(OBJECT, rest))
        if _AGENT_GLYPHS.intersection(head):
            return True
        head, rest = inner.group(0), rest[inner.end() :]
    if "(" in head:  # the call itself
        return True
    if _READER.search(_QUOTED.sub("", text)) or _has(OFFER, text):
        return False
    if head.rstrip().endswith(":"):  # a label: what comes after it, not the label's own word
        return _has(TOKEN, rest) or (len(rest.split()) >= _LABEL_WORDS and _has(OBJECT, rest))
    return _has(TOKEN, text) or (_has(PACE, text) and (_has(OBJECT, text) or _has(RESEARCH, text)))


def _has(name: str, text: str) -> bool:
    fam = family(name)
    return fam.may_match(text.lower()) and fam.search("anywhere", text) is not None


def _status_answer(scan: Scan, index: int, texts: list, fam: Family, found: dict) -> None:
    """The bare "done." a tool prints after its status line belongs to the trace."""
    after = index + 1
    if fam.name == TOOL and after < len(texts) and _STATUS_WORD.match(texts[after][0]):
        found[(scan.block.index, after)] = Hit(scan, after, texts[after][0], TOOL, report=False)


def _access(scan: Scan, index: int, texts: list[tuple[str, list]], found: dict) -> None:
    """A failure to reach a source with a consequence for the text in the same sentence or
    the next one of the paragraph (both sentences are the trace then)."""
    text = texts[index][0]
    present = _strings(scan, texts, index)
    failure = family(ACCESS).search("anywhere", text, present=present)
    if failure is None or is_mention(text, 0, failure.start()):
        return
    consequence = family(CONSEQUENCE)
    if consequence.search("anywhere", text, present=present):
        found[(scan.block.index, index)] = Hit(scan, index, text.strip(), ACCESS)
        return
    after = index + 1
    if after < len(texts) and consequence.search(
        "anywhere", texts[after][0], present=_strings(scan, texts, after)
    ):
        found[(scan.block.index, index)] = Hit(scan, index, text.strip(), ACCESS)
        found.setdefault((scan.block.index, index + 1), Hit(scan, index + 1, text.strip(), ACCESS))


def _strings(scan: Scan, texts: list[tuple[str, list]], index: int) -> frozenset[str] | None:
    """The strings of sentence ``index``, unless inline code was written back into its text."""
    return None if texts[index][1] else scan.search_strings_of(index)


def _labels(text: str) -> Iterator[str]:
    for match in _LABEL.finditer(text):
        yield match.group(1).lower()


def _react_content(fam: Family, text: str, present: frozenset[str] | None) -> str | None:
    """A label followed by an agent's content, on any line of the sentence."""
    for line in text.split("\n"):
        line = line.strip()
        if next(_shape(fam, line, present), None) is not None:
            return line
    return None


def _transcripts(labelled: list[tuple[Scan, int, str]], found: dict) -> None:
    """Two different labels in one paragraph or in neighbouring ones are a transcript: every
    such labelled sentence is a trace. Labels far apart are a lab note's headings
    ("Observation: …" on day 3, "Action: moved the jar" a week later)."""
    for scan, index, label in labelled:
        key = (scan.block.index, index)
        if key in found:
            continue
        if any(
            other != label and abs(near.block.index - scan.block.index) <= _NEAR
            for near, _, other in labelled
        ):
            sentence = scan.sentences[index]
            found[key] = Hit(scan, index, scan.text[sentence.start : sentence.end], REACT)
