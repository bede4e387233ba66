"""AI004: a model disclaimer (self-reference, knowledge cutoff, no browsing, refusal)."""

from __future__ import annotations

from .base import PhraseRule


class ModelDisclaimer(PhraseRule):
    """Reports a language model talking about itself: "As an AI language model", knowledge
    cutoffs, no-browsing caveats and refusals.

    ## Why
    A disclaimer written in the first person by a model is never true of the post's author.

    ## Example
    Fires: "As a language model, I haven't tried this myself.", "As of my last knowledge
    update in 2023, …", "I don't have the ability to check live websites, so links may have
    moved.", "I'm sorry, but I can't help with that request."

    Does not fire: "As of my last visit in May, the shop was open." (a person's note), "the
    model's knowledge cutoff is 2023" (writing about models), "`As an AI language model`" in
    inline code, quotations and blockquotes.

    ## Fix
    Safe when the disclaimer is a paragraph of its own; inside a paragraph the sentence is
    deleted only with `--unsafe-fixes`.
    """

    code = "AI004"
    name = "model-disclaimer"
    summary = "A model disclaimer ('As an AI language model', knowledge cutoff, no browsing)"
    fixable = "safe"
    kind = "model disclaimer"
    families = ("disclaimer",)
    fix_what = "model disclaimer"
