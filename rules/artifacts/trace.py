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
    context to write a comprehensive deep dive", "[Tool call: web_search(…)]", and a paragraph
    with both `Thought:` and `Observation:` lines.

    Scored cues fire too (`phrases/cue_scores.toml`), at the start or end of the body or, with
    a cue of the agent's own work among them, anywhere: "My web lookups mostly hit paywalls,
    so I've leaned on official docs.", "Having gathered enough material from the search, …",
    "Let me check the latest interest rates before writing this section.", "The search
    returned nothing recent, so I'm going from memory for the prices here.", "Having read the
    two guides you sent, I'll merge them into a single checklist below.".

    Shapes fire anywhere in a paragraph, whatever the words (phrases/trace_*.txt):
    a source the writer could not reach together with what that did to the text ("The
    retailer's pages returned a 403 error, so the prices below are approximate", "…could not
    be retrieved; the following section relies on prior knowledge"); tool-call and status
    syntax ("→ web_search(…) · 8 results · opened 3", "→ Calling `search_web` with query:",
    "Reading `src/app.ts`… ok", "Next: section on …", "Step 3/5: drafting the … section");
    a ReAct label with an agent's content ("Thought: the user wants …", "Action: look up …",
    "Observation: the supplier's page lists …") or two different labels in one paragraph;
    progress through the parts of the post ("I'll proceed with the conclusion now that the
    main sections are written", "I'll start with an outline, then write every section");
    a status line, a short paragraph or list item of its own that opens with a UI glyph, a
    call, a status label or an agent's participle and carries agent content ("⏺ Grep(…)",
    "⎿  Wrote notes.md (64 lines)", "Status: 5 of 7 sources read, one timed out.", "Next
    step: expand the section on waiting lists.", "Plan: intro → costs → FAQ", "Querying the
    council's statistics…", "Proofreading the draft… no typos found."); a first-person
    research note ("Heads-up from my lookups: …", "(can't confirm this; the spreadsheet didn't
    open for me)", "Having skimmed enough of the minutes, I can now put together …", "From
    what I was able to dig up online, …").

    Does not fire: "the server returned a 403, so we added a token" (no consequence for the
    text), "I couldn't find a decent bike shop, so I learned to fix it myself", "We couldn't
    access staging, so the numbers below come from production" (a team's own outage),
    "Step 3: run the migration", "Let's read the config file", "Observation: the seedlings
    …" in a science post, labels of a lab log paragraphs apart, "Writing the methods section
    took a month", "My searches on the rental sites hit paywalls, so I leaned on friends.",
    "Let me now write the error messages for each field." (a tutorial step),
    "Now I'll write the handler" (a tutorial step, not a part of the text),
    "based on my research" (a person's research), an "Observation:" line about what a person
    saw, "Plan: catch the 7:10 ferry", "**Status:** Resolved", "Status: draft.", "Next step:
    pot them up", "Next step: write your intro" (a how-to), "Reading list: …", "Searching for
    a flat in Berlin took four months.", "Running late now… the bus never came.", "✓ Fixed
    crash on start", "I consulted the 1881 census", "From what I could find in the parish
    registers, …", "Having gathered enough firewood, …", status text in inline code,
    quotations, blockquotes and code. "Next: want me to add a section on caching?" is an
    offer to the prompter, which AI003 reports, not a status line. At the start of the body
    AI001 reports the same narration as part of the preamble.

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
