"""AI007: a note about the generated text itself."""

from __future__ import annotations

from postlint.document import Document

from .base import Hit, PhraseRule
from .preamble import LeakedPreamble


class MetaNote(PhraseRule):
    """Reports notes about the text that were meant for the prompter: word counts, SEO
    fields, keyword lists, "[End of article]", "this draft follows the outline you provided".

    ## Why
    Generated drafts often end with the length, the keywords used or a suggested meta
    description. Readers should never see them.

    ## Example
    Fires: "(Word count: 1,200)", "**Meta description:** A short guide to …", "Focus keyword: sqlite
    backups", "Keywords used: SQLite in production, guide, tips.", "[End of article]", "— End of
    post —", "This draft follows the outline you provided.", "I've kept it under 800 words."

    As the last lines, a choice told to the prompter: "Note: I used American spelling
    throughout, per your style guide.", "Keywords: sourdough starter, summer baking" lines,
    and a "Blog Post: …" label opening the title. An SEO assistant's fields: "Meta description
    (148 chars): …", "Suggested LinkedIn post: …", "Readability: Flesch-Kincaid grade 7",
    and, as the first or last line, "H1: …", "Alt text: …", "CTA: …".

    Does not fire: a post about SEO that explains what a meta description is, "one H1 per
    page is plenty", "Suggested reading: …", "Alt text matters for screen readers", "(about 300
    words)" in a quotation, front-matter keys such as `description:` (those are data). A note
    inside a leaked preamble ("Noted, I'll keep it under 400 words. Here you go:") is reported
    once, by AI001.

    ## Fix
    Safe when the note is a paragraph of its own (at the end of the post: with the blank
    lines before it); inside a paragraph only with `--unsafe-fixes`.
    """

    code = "AI007"
    name = "meta-note"
    summary = "A note about the generated text (word count, meta description, keywords used)"
    fixable = "safe"
    kind = "meta note"
    families = ("meta_note", "cues:meta_note")
    fix_what = "meta note"

    def find(self, doc: Document) -> list[Hit]:
        hits = super().find(doc)
        if not hits:
            return hits
        preamble = {(h.scan.block.index, h.sentence) for h in LeakedPreamble().hits(doc)}
        return [h for h in hits if (h.scan.block.index, h.sentence) not in preamble]
