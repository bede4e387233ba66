"""AI003: a closing offer to the prompter."""

from __future__ import annotations

from postlint.document import Document

from .base import Hit, PhraseRule
from .phrases import family


class Postamble(PhraseRule):
    """Reports a closing offer of further help addressed to whoever prompted the model.

    ## Why
    "Let me know if you'd like me to adjust the tone!" speaks to the person who asked for the
    text, not to readers. It is the most common leftover at the end of generated posts.

    ## Example
    Fires anywhere: "Would you like me to expand any section?", "Let me know if you'd like any
    changes to the structure or tone!", "If you'd like, I can also write a meta description.",
    "Want me to add a summary table?". Fires only as the last lines of the body: "I hope this
    helps!", "I hope you find this useful!", "I can also draft a follow-up post.", "Tell me if
    you want more changes."

    Scored cues fire as the last lines (`phrases/cue_scores.toml`: an offer, an edit, the
    prompter, a question, "anything else"): "I can tweak the length or add a section on
    retros if you want.", "Want a shorter version for LinkedIn? Happy to help.", "Any edits
    you'd like before this goes live?", "Need any tweaks?", "Anything else you need? Happy to
    take another pass at the intro.", "Let me know which of the three titles you like best and
    I'll drop the others."; a short "Just ask." is deleted with the offer before it, and a
    sign-off ("Cheers, Tom") after the offer does not hide it. Every register counts: formal
    ("Should you wish to alter the tone, kindly let me know."), casual ("Done. Ping me if the
    intro needs tightening."), British ("Holler if you'd like a punchier ending."), emoji
    ("Enjoy! 🌻 Want me to knock up some matching pins?") and a conditional offer of any work
    as the last words ("If it's useful, I can pull together a comparison table next.").

    Does not fire: "Questions? Just ask." (no offer before it), "What do you wear on your coldest
    runs?" (a question to readers), "Need anything else? Contact our support team …" (a help page),
    "If you'd like to try it yourself, start with a simple loaf.", "Ping me on Mastodon if you
    have questions about your own heap.", "Should you wish to learn more, the council runs
    free workshops.", "Hope this helps, Dana." or "I
    hope this helps, Sam, and thanks for writing in." (a reply to a reader), "Let me know how the
    next ride goes.", "I hope this helps anyone who hits the same bug." in the middle of a post,
    quotations and blockquotes, and an offer in a paragraph that speaks to readers ("Want me to
    cover the CI setup next time? Hit reply and tell me.", "Let me know in the comments if you'd
    like a follow-up post"): the calls to readers live in `phrases/reader_call.txt`.

    ## Fix
    Safe: deletes the offer; when it is the last paragraph, deletes the paragraph and the blank
    lines before it.
    """

    code = "AI003"
    name = "postamble"
    summary = "A closing offer to the prompter ('Let me know if you'd like me to …')"
    fixable = "safe"
    kind = "postamble (offer to the prompter)"
    families = ("postamble", "cues:postamble")
    companions = ("cue_closing_short",)
    fix_what = "closing offer"

    def find(self, doc: Document) -> list[Hit]:
        hits = super().find(doc)
        if not hits:
            return hits
        readers = family("reader_call")
        return [
            h
            for h in hits
            if not (readers.may_match(h.scan.lowered) and readers.search("anywhere", h.scan.text))
        ]
