"""AI002: narration of a tool-using agent left in the post."""

from __future__ import annotations

from postlint.document import Document

from .base import Hit, PhraseRule
from .preamble import LeakedPreamble
from .trace_structure import REASONS, structural_hits


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
        hits = {(h.scan.block.index, h.sentence): h for h in super().find(doc)}
        for hit in structural_hits(doc):
            hits.setdefault((hit.scan.block.index, hit.sentence), hit)
        if not hits:
            return []
        preamble = {(h.scan.block.index, h.sentence) for h in LeakedPreamble().hits(doc)}
        return [hits[key] for key in sorted(hits) if key not in preamble]

    def explain(self, run: list[Hit]) -> str:
        return next((REASONS[h.family] for h in run if h.report and h.family in REASONS), "")
