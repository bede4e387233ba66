"""AI002: narration of a tool-using agent left in the post."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.document import Document
from postlint.model import Violation
from postlint.rule import Options

from .base import Hit, PhraseRule
from .preamble import LeakedPreamble
from .scope import scans

# ReAct-style transcripts: one label alone proves little ("Observation:" in a lab note), two
# different ones in the same post are an agent's scratchpad.
_REACT_LINE = re.compile(
    r"^\s*(thought|action|action input|observation|final answer)\s*:", re.I | re.M
)


class AgentTrace(PhraseRule):
    """Reports narration of a tool-using agent: searching, fetching, its own writing process.

    ## Why
    Research agents narrate their work ("Search results were sparse, but …", "Based on the
    pages I retrieved", "I'll now write the conclusion"). Published, it tells readers the post
    was generated and was never read before it went out.

    ## Example
    Fires anywhere in the prose and in front-matter text fields: "Search results were
    unhelpful, but I know this topic well.", "Based on my search results, …", "I wasn't
    able to fetch the page", "Let me now write the troubleshooting section.", "I have enough
    context to write a comprehensive deep dive", "[Tool call: web_search(…)]", and a post
    with both `Thought:` and `Observation:` lines.

    Cue combinations fire too, at the start of the body: "My web lookups mostly hit paywalls,
    so I've leaned on official docs.", "First I'll sketch an outline, then I'll draft each
    section of the article.", "Having gathered enough material from the search, …".

    Does not fire: "My searches on the rental sites hit paywalls, so I leaned on friends.",
    "Let me now write the error messages for each field." (a tutorial step),
    "Now I'll write the handler" (a tutorial step, not a part of the text),
    "based on my research" (a person's research), a single "Observation:" line, quotations,
    blockquotes and code. At the start of the body AI001 reports the same narration as part of
    the preamble.

    ## Fix
    Safe when the narration is a paragraph of its own (deleted with its blank lines); deleting
    a sentence inside a paragraph needs `--unsafe-fixes`.
    """

    code = "AI002"
    name = "agent-trace"
    summary = "Narration of a research agent ('Based on my search results', 'I'll now write …')"
    fixable = "safe"
    kind = "agent trace"
    families = ("trace", "cues:trace")
    fix_what = "agent narration"
    excerpt_note = True

    def find(self, doc: Document) -> list[Hit]:
        hits = super().find(doc)
        if not hits:
            return hits
        preamble = {(h.scan.block.index, h.sentence) for h in LeakedPreamble().hits(doc)}
        return [h for h in hits if (h.scan.block.index, h.sentence) not in preamble]

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        yield from super().check(doc, options)
        yield from self._react(doc)

    def _react(self, doc: Document) -> Iterator[Violation]:
        found = []
        for scan in scans(doc):
            if ":" in scan.text:
                found.extend((scan, m) for m in _REACT_LINE.finditer(scan.text))
        if len({m.group(1).lower() for _, m in found}) < 2:
            return
        for scan, match in found:
            end = scan.text.find("\n", match.end())
            end = len(scan.text) if end < 0 else end
            message = f'agent trace: a "{match.group(1)}:" line of an agent transcript'
            yield self.at_prose(doc, scan.block, match.start(1), end, message)
